// Reading conversations over real HTTP after simulator exchanges: a contact's transcript in
// order, with delivery status on what the bot sent, and 404 for contacts the bot never met.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { edge, node, startTestApp, type TestApp } from '../support/app-harness';

let app: TestApp;
let token: string;
let botId: string;

const FLOW = {
  nodes: [
    node('s', 'start'),
    node('name', 'ask', { question: 'Your name?', save_as: 'name' }),
    node('hello', 'send_message', { text: 'Nice to meet you, {{state.name}}.' }),
    node('colour', 'ask', { question: 'Favourite colour?', save_as: 'colour' }),
    node('bye', 'send_message', { text: '{{state.colour}} it is!' }),
    node('e', 'end'),
  ],
  edges: [
    edge('s', 'name'),
    edge('name', 'hello', 'answered'),
    edge('hello', 'colour'),
    edge('colour', 'bye', 'answered'),
    edge('bye', 'e'),
  ],
};
const OUTBOUND_STATUSES = ['queued', 'sent', 'delivered', 'read', 'failed', 'undelivered'];

type Message = { id: string; direction: 'in' | 'out'; text: string; createdAt: string; status?: string; conversationId: string };

beforeAll(async () => {
  app = await startTestApp({ label: 'apiconvs' });
  token = await app.login();
  botId = (await app.call('POST', '/api/bots', { token, body: { name: 'Transcripts' } })).body.id;
  expect((await app.call('PUT', `/api/bots/${botId}/flow`, { token, body: FLOW })).status).toBe(200);
});
afterAll(() => app?.stop());

const say = (contact: string, text: string, extra: Record<string, unknown> = {}, bot = botId) =>
  app.call('POST', `/api/bots/${bot}/simulator/messages`, { token, body: { contact, text, ...extra } });
const transcript = (contact: string, bot = botId) =>
  app.call('GET', `/api/bots/${bot}/conversations/${encodeURIComponent(contact)}/messages`, { token });

describe('GET /api/bots/:id/conversations/:contact/messages', () => {
  it('returns both exchanges in order, with status on outbound messages only', async () => {
    const first = await say('alice', 'hi');
    expect(first.status).toBe(200);
    expect(first.body.replies.map((r: { text: string }) => r.text)).toEqual(['Your name?']);
    const second = await say('alice', 'Alice');
    expect(second.body.replies.map((r: { text: string }) => r.text)).toEqual(['Nice to meet you, Alice.', 'Favourite colour?']);
    expect(second.body.conversation).toMatchObject({
      id: first.body.conversation.id,
      status: 'waiting',
      nodeId: 'colour',
      state: { name: 'Alice' },
    });

    const res = await transcript('alice');
    expect(res.status).toBe(200);
    const messages = res.body as Message[];
    expect(messages.map((m) => [m.direction, m.text])).toEqual([
      ['in', 'hi'],
      ['out', 'Your name?'],
      ['in', 'Alice'],
      ['out', 'Nice to meet you, Alice.'],
      ['out', 'Favourite colour?'],
    ]);
    let previous = 0;
    for (const m of messages) {
      const at = Date.parse(m.createdAt);
      expect(at, m.text).not.toBeNaN();
      expect(at).toBeGreaterThanOrEqual(previous);
      previous = at;
      expect(m.conversationId).toBe(first.body.conversation.id);
      if (m.direction === 'out') expect(OUTBOUND_STATUSES, m.text).toContain(m.status);
      else expect(m).not.toHaveProperty('status');
    }
    // the conversation's own transcript is the same
    const byConversation = await app.call('GET', `/api/conversations/${first.body.conversation.id}/messages`, { token });
    expect(byConversation.body).toEqual(messages);
  });

  it('keeps the whole history of a contact across a restarted conversation', async () => {
    await say('bob', 'hi');
    await say('bob', 'Bob');
    const restarted = await say('bob', 'start again', { restart: true });
    expect(restarted.body.replies.map((r: { text: string }) => r.text)).toEqual(['Your name?']);
    const messages = (await transcript('bob')).body as Message[];
    expect(messages.map((m) => m.text)).toEqual([
      'hi',
      'Your name?',
      'Bob',
      'Nice to meet you, Bob.',
      'Favourite colour?',
      'start again',
      'Your name?',
    ]);
    expect(new Set(messages.map((m) => m.conversationId)).size).toBe(2);
  });

  it('finds a contact whose address needs encoding in the URL', async () => {
    const contact = 'whatsapp:+1 555/0100';
    expect((await say(contact, 'hello')).status).toBe(200);
    const res = await transcript(contact);
    expect(res.status).toBe(200);
    expect(res.body.map((m: Message) => m.text)).toEqual(['hello', 'Your name?']);
  });

  it('answers 404 for a contact the bot has never talked to, even one another bot knows', async () => {
    const unknown = await transcript('nobody');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toMatch(/nobody/);
    const otherBot = (await app.call('POST', '/api/bots', { token, body: { name: 'Other' } })).body.id;
    expect((await transcript('alice', otherBot)).status).toBe(404);
    expect((await transcript('.*')).status).toBe(404);
  });
});

describe('conversation lists', () => {
  it('lists the bot conversations with their contact and state, filtered by status', async () => {
    await say('carol', 'hi');
    const all = await app.call('GET', `/api/bots/${botId}/conversations`, { token });
    expect(all.status).toBe(200);
    const carol = all.body.find((c: { contact: string }) => c.contact === 'carol');
    expect(carol).toMatchObject({ botId, channel: 'simulator', status: 'waiting', nodeId: 'name' });
    const waiting = await app.call('GET', `/api/bots/${botId}/conversations?status=waiting`, { token });
    expect(waiting.body.every((c: { status: string }) => c.status === 'waiting')).toBe(true);
    const bad = await app.call('GET', `/api/bots/${botId}/conversations?status=sleeping`, { token });
    expect(bad.status).toBe(422);
    expect(bad.body.errors).toEqual([expect.objectContaining({ path: '/status' })]);
    const search = await app.call('GET', `/api/bots/${botId}/conversations?q=CAR`, { token });
    expect(search.body.map((c: { contact: string }) => c.contact)).toEqual(['carol']);
    const one = await app.call('GET', `/api/conversations/${carol.id}`, { token });
    expect(one.body).toMatchObject({ id: carol.id, contact: 'carol', status: 'waiting' });
  });
});
