// Failures are told, not silent: a webhook refused by the SSRF guard, an exit that leads nowhere and a
// missing calendar come back with the simulator's answer, in the conversation list and as notices.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { edge, node, startTestApp, type TestApp } from '../support/app-harness';
import { botWithFlow, conversation, journal, sayOk, type Api } from './conversations-helpers';

let app: TestApp;
let api: Api;

beforeAll(async () => {
  app = await startTestApp({ label: 'conv-notices' });
  api = { app, token: await app.login() };
});
afterAll(async () => {
  await app?.stop();
});

/** start -> call a private address; only "success" is connected, so the failure exit leads nowhere. */
const privateWebhookFlow = {
  nodes: [
    node('s', 'start'),
    node('hook', 'webhook_action', { label: 'Check availability', url: 'https://10.0.0.5/slots?day={{message.text}}', timeout_ms: 2_000 }),
    node('ok', 'send_message', { text: 'Free slots found.' }),
  ],
  edges: [edge('s', 'hook'), edge('hook', 'ok', 'success')],
};

const weekdayFlow = {
  nodes: [
    node('s', 'start'),
    node('weekday', 'condition', { label: 'Is it a weekday?', variable: 'message.text', operator: '==', value: 'monday' }),
    node('open', 'send_message', { text: 'We are open.' }),
  ],
  edges: [edge('s', 'weekday'), edge('weekday', 'open', 'true')],
};

async function notices(conversationId: string) {
  const res = await app.call('GET', `/api/conversations/${conversationId}/notices`, { token: api.token });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as Array<{ nodeId: string | null; kind: string; message: string; seq: number; at: string; ending?: boolean }>;
}

describe('a webhook refused by the SSRF guard', () => {
  it('is told with the answer, the conversation list says why it ended, and the journal names the exit', async () => {
    const botId = await botWithFlow(api, 'Private webhook', privateWebhookFlow);
    const answer = await sayOk(api, botId, 'sim-private', 'monday');

    expect(answer.replies).toEqual([]);
    expect(answer.body.notices).toEqual([
      { nodeId: 'hook', kind: 'webhook_failed', message: 'The step “Check availability” could not call https://10.0.0.5/slots?day=monday: that address is private and blocked for safety' },
      { nodeId: 'hook', kind: 'no_exit', message: 'The conversation ended because the ‘failure’ exit of “Check availability” leads nowhere' },
    ]);
    const id = answer.conversation!.id;
    expect(answer.conversation).toMatchObject({ status: 'completed', nodeId: 'hook' });

    const entries = await journal(api, id);
    expect(entries.find((e) => e.type === 'ended')!.data).toMatchObject({ nodeId: 'hook', exit: 'failure', status: 'completed' });

    const list = await app.call('GET', `/api/bots/${botId}/conversations`, { token: api.token });
    expect(list.status).toBe(200);
    expect(list.body[0]).toMatchObject({ id, status: 'completed', ending: { kind: 'webhook_failed', nodeId: 'hook', label: 'webhook failed' } });
    expect((await conversation(api, id)).ending).toMatchObject({ label: 'webhook failed' });

    const stored = await notices(id);
    expect(stored.map((n) => [n.kind, n.ending ?? false])).toEqual([
      ['webhook_failed', false],
      ['no_exit', true],
    ]);
    expect(stored[0]!.seq).toBeLessThan(stored[1]!.seq);
    expect(Number.isNaN(Date.parse(stored[0]!.at))).toBe(false);
  });
});

describe('an exit that leads nowhere', () => {
  it('says which exit of which step; the next message starts afresh and tells only its own notices', async () => {
    const botId = await botWithFlow(api, 'Weekday', weekdayFlow);
    const closed = await sayOk(api, botId, 'sim-weekday', 'sunday');
    expect(closed.body.notices).toEqual([{ nodeId: 'weekday', kind: 'no_exit', message: 'The conversation ended because the ‘false’ exit of “Is it a weekday?” leads nowhere' }]);
    expect((await conversation(api, closed.conversation!.id)).ending).toMatchObject({ kind: 'no_exit', label: 'a step leads nowhere' });

    const open = await sayOk(api, botId, 'sim-weekday', 'monday');
    expect(open.replies).toEqual(['We are open.']);
    expect(open.body.notices).toEqual([]);
    expect((await conversation(api, open.conversation!.id)).ending).toBeNull();
  });
});

describe('a booking step whose calendar is missing', () => {
  it('says the calendar does not exist', async () => {
    const botId = await botWithFlow(api, 'No calendar', {
      nodes: [node('s', 'start'), node('book', 'book_appointment', { label: 'Book a visit', resource_id: '665f00000000000000000000' }), node('sorry', 'send_message', { text: 'No times.' })],
      edges: [edge('s', 'book'), edge('book', 'sorry', 'unavailable')],
    });
    const answer = await sayOk(api, botId, 'sim-book', 'hi');
    expect(answer.replies).toEqual(['No times.']);
    expect(answer.body.notices).toEqual([
      { nodeId: 'book', kind: 'calendar_failed', message: 'The step “Book a visit” could not use its calendar: its calendar does not exist (it may have been deleted)' },
    ]);
  });
});

describe('GET /api/conversations/:id/notices', () => {
  it('needs a login and a real conversation', async () => {
    expect((await app.call('GET', '/api/conversations/665f00000000000000000000/notices')).status).toBe(401);
    expect((await app.call('GET', '/api/conversations/665f00000000000000000000/notices', { token: api.token })).status).toBe(404);
    expect((await app.call('GET', '/api/conversations/not-an-id/notices', { token: api.token })).status).toBe(404);
  });
});

describe('reading a simulator conversation back (what "Try it" shows when it is opened again)', () => {
  it('gives the messages with their conversation and the choices the bot offered', async () => {
    const botId = await botWithFlow(api, 'Choices', {
      nodes: [node('s', 'start'), node('size', 'ask', { question: 'Which size?', answer_type: 'choice', choices: ['Small', 'Large'], save_as: 'size' }), node('ok', 'send_message', { text: 'OK' })],
      edges: [edge('s', 'size'), edge('size', 'ok', 'answered')],
    });
    const answer = await sayOk(api, botId, 'sim-choices', 'hi');
    const byContact = await app.call('GET', `/api/bots/${botId}/conversations/sim-choices/messages`, { token: api.token });
    expect(byContact.status).toBe(200);
    expect(byContact.body.map((m: { direction: string; text: string; conversationId: string; choices?: string[] }) => [m.direction, m.text, m.conversationId, m.choices])).toEqual([
      ['in', 'hi', answer.conversation!.id, undefined],
      ['out', 'Which size?\n1. Small\n2. Large', answer.conversation!.id, ['Small', 'Large']],
    ]);
    expect(await notices(answer.conversation!.id)).toEqual([]);
  });
});
