// Live operations over HTTP: per-node counts, per-version analytics, contacts (profile, edit, CSV).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { edge, node, startTestApp, type TestApp } from '../support/app-harness';

let app: TestApp;
let token: string;
let botId: string;

const flow = {
  nodes: [
    node('s', 'start'),
    node('name', 'ask', { question: 'Your name?', save_as: 'contact.first_name' }),
    node('plan', 'ask', { question: 'Which plan?', answer_type: 'choice', choices: ['Basic', 'Pro'], save_as: 'plan' }),
    node('bye', 'send_message', { text: 'Thanks {{contact.first_name}}, {{state.plan}} it is.' }),
    node('e', 'end'),
  ],
  edges: [edge('s', 'name'), edge('name', 'plan', 'answered'), edge('plan', 'bye', 'answered'), edge('bye', 'e')],
};

const say = (contact: string, text: string) => app.call('POST', `/api/bots/${botId}/simulator/messages`, { token, body: { contact, text, version: 'published' } });

beforeAll(async () => {
  app = await startTestApp({ label: 'operations' });
  token = await app.login();
  botId = (await app.call('POST', '/api/bots', { token, body: { name: 'Plans' } })).body.id;
  expect((await app.call('PUT', `/api/bots/${botId}/flow`, { token, body: flow })).status).toBe(200);
  expect((await app.call('POST', `/api/bots/${botId}/publish`, { token })).status).toBe(201);
  // three contacts at three different points: one at "name", one at "plan", one finished
  await say('+441111', 'hi');
  await say('+442222', 'hi');
  await say('+442222', 'Grace');
  await say('+443333', 'hi');
  await say('+443333', 'Ada');
  await say('+443333', '2');
});
afterAll(() => app?.stop());

describe('node counts', () => {
  it('count the contacts at each node right now, matching the conversations', async () => {
    const counts = await app.call('GET', `/api/bots/${botId}/node-counts`, { token });
    expect(counts.status).toBe(200);
    expect(counts.body.counts).toEqual({ name: 1, plan: 1 });
    const live = await app.call('GET', `/api/bots/${botId}/conversations`, { token });
    const waitingAt = live.body.filter((c: any) => ['active', 'waiting', 'handoff'].includes(c.status)).map((c: any) => c.nodeId).sort();
    expect(waitingAt).toEqual(['name', 'plan']);
  });
});

describe('analytics', () => {
  it('report outcomes and the drop-off at each node of a version', async () => {
    const result = await app.call('GET', `/api/bots/${botId}/analytics?version=1`, { token });
    expect(result.status).toBe(200);
    expect(result.body.conversations).toEqual({ started: 3, completed: 1, failed: 0, active: 0, waiting: 2, handoff: 0 });
    const byNode = Object.fromEntries(result.body.nodes.map((n: any) => [n.nodeId, [n.reached, n.continued, n.dropOff]]));
    expect(byNode).toEqual({ s: [3, 3, 0], name: [3, 2, 1], plan: [2, 1, 1], bye: [1, 1, 0], e: [1, 0, 0] }); // finishing at End is not dropping off
  });

  it('count messages per day, channel, direction and outcome', async () => {
    const result = await app.call('GET', `/api/bots/${botId}/analytics/messages?days=7`, { token });
    const total = (direction: string) => result.body.volumes.filter((v: any) => v.direction === direction).reduce((n: number, v: any) => n + v.count, 0);
    expect(total('in')).toBe(6);
    expect(total('out')).toBe(6);
    expect(result.body.volumes.every((v: any) => v.channel === 'simulator' && /^\d{4}-\d{2}-\d{2}$/.test(v.day))).toBe(true);
  });

  it('say clearly when a version does not exist', async () => {
    expect((await app.call('GET', `/api/bots/${botId}/analytics?version=9`, { token })).status).toBe(404);
    expect((await app.call('GET', `/api/bots/${botId}/analytics?version=abc`, { token })).status).toBe(422);
  });
});

describe('contacts', () => {
  it('list, search and show a profile with conversations and saved attributes', async () => {
    const all = await app.call('GET', `/api/bots/${botId}/contacts`, { token });
    expect(all.body.map((c: any) => c.address).sort()).toEqual(['+441111', '+442222', '+443333']);
    const found = await app.call('GET', `/api/bots/${botId}/contacts?q=3333`, { token });
    expect(found.body).toHaveLength(1);
    const profile = await app.call('GET', `/api/contacts/${found.body[0].id}`, { token });
    expect(profile.body).toMatchObject({ address: '+443333', attributes: { first_name: 'Ada' }, optedOut: false });
    expect(profile.body.conversations).toEqual([expect.objectContaining({ status: 'completed', state: { plan: 'Pro' } })]);
  });

  it('edit attributes and the time zone, refusing bad input without losing anything', async () => {
    const [contact] = (await app.call('GET', `/api/bots/${botId}/contacts?q=2222`, { token })).body;
    const edited = await app.call('PATCH', `/api/contacts/${contact.id}`, { token, body: { attributes: { city: 'Leeds', first_name: null }, timezone: 'Europe/London' } });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ attributes: { city: 'Leeds' }, timezone: 'Europe/London' });
    expect(edited.body.attributes.first_name).toBeUndefined();
    expect((await app.call('PATCH', `/api/contacts/${contact.id}`, { token, body: { timezone: 'Mars/Olympus' } })).status).toBe(422);
    expect((await app.call('PATCH', `/api/contacts/${contact.id}`, { token, body: { attributes: { 'bad key': 1 } } })).status).toBe(422);
    expect((await app.call('GET', `/api/contacts/${contact.id}`, { token })).body).toMatchObject({ attributes: { city: 'Leeds' }, timezone: 'Europe/London' });
    expect((await app.call('GET', '/api/contacts/nothex', { token })).status).toBe(404);
  });

  it('export CSV with every attribute as a column, neutralising spreadsheet formulas', async () => {
    const [contact] = (await app.call('GET', `/api/bots/${botId}/contacts?q=1111`, { token })).body;
    await app.call('PATCH', `/api/contacts/${contact.id}`, { token, body: { attributes: { note: '=HYPERLINK("http://evil")' } } });
    const csv = await app.call('GET', `/api/bots/${botId}/contacts.csv`, { token });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const lines = (csv.body as string).trim().split('\n');
    expect(lines[0]).toBe('id,channel,address,tags,timezone,consent,registered,last_message_at,city,first_name,note');
    expect(lines).toHaveLength(4);
    expect(csv.body).not.toContain(',=HYPERLINK');
    expect(csv.body).toContain("'=HYPERLINK");
  });
});

describe('roles on live operations', () => {
  it('let a viewer read conversations but never take one over, write to a contact or hand back', async () => {
    await app.call('POST', '/api/users', { token, body: { email: 'viewer@botloom.test', password: 'just-looking-123', role: 'viewer' } });
    const viewer = await app.login('viewer@botloom.test', 'just-looking-123');
    const [waiting] = (await app.call('GET', `/api/bots/${botId}/conversations?status=waiting`, { token: viewer })).body;
    expect(waiting).toBeDefined();
    for (const [path, body] of [
      ['takeover', undefined],
      ['messages', { text: 'hello' }],
      ['handback', { nodeId: 'name' }],
    ] as const) {
      const answer = await app.call('POST', `/api/conversations/${waiting.id}/${path}`, { token: viewer, body });
      expect(answer.status, path).toBe(403);
    }
    expect((await app.call('GET', `/api/conversations/${waiting.id}`, { token })).body.status).toBe('waiting');
    expect((await app.call('PATCH', `/api/contacts/${waiting.contactId}`, { token: viewer, body: { timezone: 'UTC' } })).status).toBe(403);
  });
});
