// The public web chat API over real HTTP and Socket.IO: a guest opens a session and is greeted,
// each message is answered with the replies produced while handling it, later replies (after a
// wait, an agent's message) are pushed to that session only; tokens are scoped to one session of
// one bot and expire; bad input gets a clear 4xx; consent ("stop"), the inbox and takeover work as
// on every channel.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContactModel, MessageModel } from '../../server/src/adapters/mongo/models';
import { edge, node, startTestApp, type TestApp } from '../support/app-harness';
import { botWithFlow, createBot, journal, publish, until, type Api } from './conversations-helpers';
import { guestSocket, openSession, say, texts } from './webchat-helpers';

let app: TestApp;
let api: Api;
let botId: string;

beforeAll(async () => {
  app = await startTestApp({ label: 'webchat-api' });
  api = { app, token: await app.login() };
  botId = await botWithFlow(api, 'Web chat bot', {
    nodes: [
      node('s', 'start'),
      node('hello', 'send_message', { text: 'Hello {{contact.first_name | there}}! I am the demo bot.' }),
      node('colour', 'ask', { question: 'Which colour?', answer_type: 'choice', choices: ['Red', 'Green', 'Blue'], save_as: 'colour' }),
      node('chosen', 'send_message', { text: 'You chose {{state.colour}}.' }),
      node('w', 'wait', { mode: 'duration', duration: 1, unit: 'seconds' }),
      node('later', 'send_message', { text: 'Still there, {{contact.first_name | friend}}?' }),
      node('more', 'ask', { question: 'Anything else?', answer_type: 'text', save_as: 'more' }),
      node('bye', 'send_message', { text: 'Thanks, noted: {{state.more}}' }),
      node('e', 'end'),
    ],
    edges: [
      edge('s', 'hello'),
      edge('hello', 'colour'),
      edge('colour', 'chosen', 'answered'),
      edge('chosen', 'w'),
      edge('w', 'later'),
      edge('later', 'more'),
      edge('more', 'bye', 'answered'),
      edge('bye', 'e'),
    ],
  });
  await publish(api, botId);
});
afterAll(async () => {
  await app?.stop();
});

describe('a guest session', () => {
  it('opens with the bot greeting (no message needed): 201 with a token, the session and the replies', async () => {
    const res = await app.call('POST', `/chat/${botId}/sessions`, { body: { name: 'Ada Lovelace' } });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ token: expect.any(String), sessionId: expect.any(String), expiresAt: expect.any(String), title: 'Web chat bot' });
    expect(res.body.replies).toEqual([
      { id: expect.any(String), text: 'Hello Ada! I am the demo bot.', createdAt: expect.any(String) },
      { id: expect.any(String), text: 'Which colour?\n1. Red\n2. Green\n3. Blue', choices: ['Red', 'Green', 'Blue'], createdAt: expect.any(String) },
    ]);
    expect(Date.parse(res.body.expiresAt) - Date.now()).toBeGreaterThan(23 * 3_600_000);
    // a guest without a name is greeted too
    expect(texts((await openSession(app, botId)).replies)[0]).toBe('Hello there! I am the demo bot.');
  });

  it('answers each message with the replies produced while handling it; a later one is pushed to that session only', async () => {
    const ada = await openSession(app, botId, { name: 'Ada' });
    const bob = await openSession(app, botId, { name: 'Bob' });
    const adaLive = await guestSocket(app, ada.token);
    const bobLive = await guestSocket(app, bob.token);
    try {
      const answer = await say(app, botId, ada.token, 'Green');
      expect(answer.status).toBe(200);
      expect(texts(answer.body.replies)).toEqual(['You chose Green.']);
      const pushed = await until('the reply after the wait', async () => (adaLive.pushed.length >= 2 ? adaLive.pushed : null));
      expect(pushed.map((m) => m.text)).toEqual(['Still there, Ada?', 'Anything else?']);
      expect(bobLive.pushed).toEqual([]);
      // the answer to the next message comes in the HTTP answer, not over the socket
      expect(texts((await say(app, botId, ada.token, 'A blue one, please')).body.replies)).toEqual(['Thanks, noted: A blue one, please']);
      await new Promise((r) => setTimeout(r, 200));
      expect(adaLive.pushed).toHaveLength(2);
    } finally {
      adaLive.socket.disconnect();
      bobLive.socket.disconnect();
    }
  });

  it("keeps guests apart: a session's transcript holds its own messages only", async () => {
    const ada = await openSession(app, botId, { name: 'Ada' });
    const bob = await openSession(app, botId, { name: 'Bob' });
    await say(app, botId, ada.token, 'Red');
    await say(app, botId, bob.token, 'Blue');
    const adaSees = await app.call('GET', `/chat/${botId}/messages`, { headers: { authorization: `Bearer ${ada.token}` } });
    expect(adaSees.status).toBe(200);
    expect(adaSees.body.messages.map((m: { direction: string; text: string }) => `${m.direction}: ${m.text.split('\n')[0]}`)).toEqual([
      'out: Hello Ada! I am the demo bot.',
      'out: Which colour?',
      'in: Red',
      'out: You chose Red.',
    ]);
    expect(JSON.stringify(adaSees.body)).not.toContain('Blue.');
  });

  it('a retried message (same clientMessageId) is stored once and answered with the same replies', async () => {
    const guest = await openSession(app, botId);
    const first = await say(app, botId, guest.token, 'Blue', { clientMessageId: 'c-1' });
    const again = await say(app, botId, guest.token, 'Blue', { clientMessageId: 'c-1' });
    expect(texts(again.body.replies)).toEqual(texts(first.body.replies));
    expect(texts(first.body.replies)).toEqual(['You chose Blue.']);
    const contact = await ContactModel.findOne({ botId, channel: 'webchat', address: guest.sessionId }).lean();
    expect(await MessageModel.countDocuments({ contactId: contact!._id, direction: 'in' })).toBe(1);
  });
});

describe('tokens', () => {
  it('no token, a forged one, one of another bot or an expired one: 401, and nothing is stored', async () => {
    const guest = await openSession(app, botId);
    const other = await botWithFlow(api, 'Other bot', { nodes: [node('s', 'start'), node('m', 'send_message', { text: 'Other here' })], edges: [edge('s', 'm')] });
    await publish(api, other);
    const otherGuest = await openSession(app, other);
    const expired = await app.botloom.context.chat.tokens.issue(botId, guest.sessionId, new Date(Date.now() - 25 * 3_600_000));
    const [header, payload] = guest.token.split('.');
    const forged = `${header}.${payload}.${'A'.repeat(43)}`;
    const cases: Array<[string | undefined, string]> = [
      [undefined, 'Open a chat session first'],
      ['not-a-token', 'not valid'],
      [forged, 'not valid'],
      [otherGuest.token, 'another bot'],
      [expired.token, 'expired'],
    ];
    for (const [token, why] of cases) {
      const res = await say(app, botId, token, 'Red');
      expect(res.status, why).toBe(401);
      expect(res.body.error).toContain(why);
    }
    const read = await app.call('GET', `/chat/${botId}/messages`, { headers: { authorization: `Bearer ${otherGuest.token}` } });
    expect(read.status).toBe(401);
    const contact = await ContactModel.findOne({ botId, channel: 'webchat', address: guest.sessionId }).lean();
    expect(await MessageModel.countDocuments({ contactId: contact!._id, direction: 'in' })).toBe(0);
  });

  it('the live connection needs a valid token too', async () => {
    await expect(guestSocket(app, 'not-a-token')).rejects.toThrow(/unauthorized/);
  });
});

describe('bad input', () => {
  it('unknown bot: 404; a bot not published yet: 409', async () => {
    expect((await app.call('POST', '/chat/64b7f0c2a1b2c3d4e5f60718/sessions', { body: {} })).status).toBe(404);
    expect((await app.call('POST', '/chat/not-an-id/sessions', { body: {} })).status).toBe(404);
    const draftOnly = await createBot(api, 'Draft only');
    const res = await app.call('POST', `/chat/${draftOnly}/sessions`, { body: {} });
    expect(res.status).toBe(409);
    expect(res.body.error).toContain('not been published');
  });

  it('a message over 2,000 characters: 422 naming the field; a body over 16 KB: 413 saying so; blank or unknown fields: 422', async () => {
    const guest = await openSession(app, botId);
    const long = await say(app, botId, guest.token, 'x'.repeat(2001));
    expect(long.status).toBe(422);
    expect(long.body.errors).toEqual([{ path: '/text', message: 'must NOT have more than 2000 characters' }]);
    const huge = await say(app, botId, guest.token, 'x'.repeat(20_000));
    expect(huge.status).toBe(413);
    expect(huge.body.error).toContain('too large');
    expect((await say(app, botId, guest.token, '   ')).status).toBe(422);
    expect((await say(app, botId, guest.token, 'hi', { admin: true })).body.errors).toEqual([{ path: '/admin', message: 'is not a known field' }]);
    expect((await app.call('POST', `/chat/${botId}/sessions`, { body: { name: 'x'.repeat(81) } })).status).toBe(422);
  });
});

describe('a channel like the others', () => {
  it('"stop" opts the session out: confirmed once, then the bot sends it nothing', async () => {
    const guest = await openSession(app, botId);
    const stop = await say(app, botId, guest.token, 'stop');
    expect(texts(stop.body.replies)).toEqual([expect.stringContaining("You're unsubscribed")]);
    expect((await say(app, botId, guest.token, 'Red')).body.replies).toEqual([]);
    const contact = await ContactModel.findOne({ botId, channel: 'webchat', address: guest.sessionId }).lean();
    expect(contact!.optedOut).toBe(true);
  });

  it('shows in the inbox under web chat; an agent takes over and their message is pushed to the guest', async () => {
    const guest = await openSession(app, botId, { name: 'Grace' });
    const live = await guestSocket(app, guest.token);
    try {
      const listed = await app.call('GET', `/api/bots/${botId}/conversations?channel=webchat`, { token: api.token });
      const conversation = listed.body.find((c: { contact?: string; address?: string }) => JSON.stringify(c).includes(guest.sessionId));
      expect(conversation).toBeTruthy();
      expect((await app.call('POST', `/api/conversations/${conversation.id}/takeover`, { token: api.token })).status).toBe(200);
      expect((await say(app, botId, guest.token, 'Can a person help?')).body.replies).toEqual([]);
      expect((await app.call('POST', `/api/conversations/${conversation.id}/messages`, { token: api.token, body: { text: 'Hi Grace, Sam here.' } })).status).toBe(201);
      await until('the agent message', async () => live.pushed.some((m) => m.text === 'Hi Grace, Sam here.'));
      const entries = await journal(api, conversation.id);
      expect(entries.map((e) => e.type)).toEqual(expect.arrayContaining(['takeover', 'agent_message']));
    } finally {
      live.socket.disconnect();
    }
  });

  it('serves the widget script to any site, and the hosted chat page', async () => {
    const widget = await fetch(`${app.url}/chat/${botId}/widget.js`);
    expect(widget.status).toBe(200);
    expect(widget.headers.get('content-type')).toContain('javascript');
    expect(widget.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    expect((await widget.text()).length).toBeGreaterThan(1000);
    const page = await fetch(`${app.url}/chat/${botId}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(`/chat/${botId}/widget.js`);
    expect(page.headers.get('content-security-policy')).toContain('frame-ancestors *');
  });
});
