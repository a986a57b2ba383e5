// The triggers API over real HTTP: create each kind, refuse what cannot work with the field named
// (and nothing half-created), switch off, change kind, delete, test a text, read logs and counts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app-harness';

let app: TestApp;
let token: string;
let botId: string;
let flowId: string;

beforeAll(async () => {
  app = await startTestApp({ label: 'apitriggers' });
  token = await app.login();
  botId = (await app.call('POST', '/api/bots', { token, body: { name: 'Triggers' } })).body.id;
  flowId = (await app.call('GET', `/api/bots/${botId}`, { token })).body.flow.flowId;
});
afterAll(() => app?.stop());

const create = (body: unknown) => app.call('POST', `/api/bots/${botId}/triggers`, { token, body });
const list = async () => (await app.call('GET', `/api/bots/${botId}/triggers`, { token })).body as Array<{ id: string; name: string }>;

describe('GET /api/bots/:id/flows', () => {
  it('lists the main flow, the one triggers can start', async () => {
    const res = await app.call('GET', `/api/bots/${botId}/flows`, { token });
    expect(res).toMatchObject({ status: 200, body: [{ id: flowId, name: 'Main', main: true }] });
    expect((await app.call('GET', '/api/bots/0123456789abcdef01234567/flows', { token })).status).toBe(404);
  });
});

describe('creating triggers', () => {
  it('creates a keyword trigger with its defaults', async () => {
    const res = await create({ name: 'Main menu', type: 'keyword', flowId, keywords: ['menu', 'start over'] });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ id: expect.stringMatching(/^[0-9a-f]{24}$/), botId, name: 'Main menu', type: 'keyword', flowId, active: true, priority: 0, keywords: ['menu', 'start over'], match: 'exact', caseSensitive: false });
    expect(await app.call('GET', `/api/bots/${botId}/triggers/${res.body.id}`, { token })).toMatchObject({ status: 200, body: { name: 'Main menu' } });
  });

  it('creates an event trigger with conditions, and a schedule with its next runs', async () => {
    const event = await create({ name: 'Welcome', type: 'event', flowId, event: 'new_contact', conditions: [{ field: 'contact.city', operator: '==', value: 'Paris' }] });
    expect(event.status, JSON.stringify(event.body)).toBe(201);
    const schedule = await create({ name: 'Monday check-in', type: 'schedule', flowId, schedule: { kind: 'weekly', weekday: 'mon', time: '09:00', timezone: 'Europe/London' }, audience: { tags: ['patients'], channel: 'sms' } });
    expect(schedule.status, JSON.stringify(schedule.body)).toBe(201);
    expect(schedule.body.upcoming).toHaveLength(3);
    for (const run of schedule.body.upcoming as string[]) expect(new Date(run).getUTCDay()).toBe(1);
    expect(new Date(schedule.body.nextRunAt).toISOString()).toBe(schedule.body.upcoming[0]);
  });

  it('answers 422 naming the field for what cannot work, and creates nothing', async () => {
    const before = (await list()).length;
    const cases: Array<[unknown, string, RegExp]> = [
      [{ name: 'Bad pattern', type: 'keyword', flowId, match: 'regex', keywords: ['ok', '(unclosed'] }, '/keywords/1', /RE2/],
      [{ name: 'Backreference', type: 'keyword', flowId, match: 'regex', keywords: ['(a)\\1'] }, '/keywords/0', /RE2/],
      [{ name: 'Opt-out', type: 'keyword', flowId, keywords: ['Cancel'] }, '/keywords/0', /opt-out word/],
      [{ name: 'Unknown flow', type: 'keyword', flowId: '0123456789abcdef01234567', keywords: ['x'] }, '/flowId', /not a flow of this bot/],
      [{ name: 'Never', type: 'schedule', flowId, schedule: { kind: 'cron', cron: '0 0 30 2 *', timezone: 'UTC' } }, '/schedule/cron', /never fires/],
      [{ name: 'Mars', type: 'schedule', flowId, schedule: { kind: 'daily', time: '09:00', timezone: 'Mars/Olympus' } }, '/schedule/timezone', /not a known time zone/],
      [{ name: 'Past', type: 'schedule', flowId, schedule: { kind: 'once', at: '2020-01-01T09:00', timezone: 'UTC' } }, '/schedule/at', /in the past/],
      [{ name: 'Mixed', type: 'event', flowId, event: 'opt_in', keywords: ['x'] }, '/keywords', /keyword triggers, not event/],
      [{ name: 'No keywords', type: 'keyword', flowId }, '/keywords', /required/],
      [{ name: 'Odd event', type: 'event', flowId, event: 'birthday' }, '/event', /allowed/],
      [{ name: 'Extra', type: 'event', flowId, event: 'opt_in', colour: 'red' }, '/colour', /not a known field/],
    ];
    for (const [body, path, message] of cases) {
      const res = await create(body);
      expect(res.status, `${JSON.stringify(body)} -> ${JSON.stringify(res.body)}`).toBe(422);
      const error = (res.body.errors as Array<{ path: string; message: string }>).find((e) => e.path === path);
      expect(error, `${path} in ${JSON.stringify(res.body.errors)}`).toBeDefined();
      expect(error!.message).toMatch(message);
    }
    expect((await list()).length).toBe(before);
  });

  it('refuses a trigger for a bot that does not exist, and a viewer', async () => {
    const res = await app.call('POST', '/api/bots/0123456789abcdef01234567/triggers', { token, body: { name: 'x', type: 'keyword', flowId, keywords: ['x'] } });
    expect(res.status).toBe(404);
    await app.call('POST', '/api/users', { token, body: { email: 'viewer@botloom.test', password: 'viewer-password-1', role: 'viewer' } });
    const viewer = await app.login('viewer@botloom.test', 'viewer-password-1');
    expect((await app.call('POST', `/api/bots/${botId}/triggers`, { token: viewer, body: { name: 'x', type: 'keyword', flowId, keywords: ['x'] } })).status).toBe(403);
    expect((await app.call('GET', `/api/bots/${botId}/triggers`, { token: viewer })).status).toBe(200);
  });
});

describe('changing and deleting triggers', () => {
  it('switches a trigger off and on, and checks a change as a whole', async () => {
    const { body: t } = await create({ name: 'Prices', type: 'keyword', flowId, keywords: ['prices'] });
    const off = await app.call('PATCH', `/api/bots/${botId}/triggers/${t.id}`, { token, body: { active: false } });
    expect(off.status).toBe(200);
    expect(off.body).toMatchObject({ active: false, keywords: ['prices'] });
    const bad = await app.call('PATCH', `/api/bots/${botId}/triggers/${t.id}`, { token, body: { keywords: ['STOP'] } });
    expect(bad.status).toBe(422);
    expect((await app.call('GET', `/api/bots/${botId}/triggers/${t.id}`, { token })).body).toMatchObject({ active: false, keywords: ['prices'] });
    const empty = await app.call('PATCH', `/api/bots/${botId}/triggers/${t.id}`, { token, body: {} });
    expect(empty.status).toBe(422);
  });

  it('turns a keyword trigger into an event trigger, leaving the keywords behind', async () => {
    const { body: t } = await create({ name: 'Shape-shifter', type: 'keyword', flowId, keywords: ['hello'], match: 'contains' });
    const res = await app.call('PATCH', `/api/bots/${botId}/triggers/${t.id}`, { token, body: { type: 'event', event: 'opt_in' } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ type: 'event', event: 'opt_in', conditions: [] });
    expect(res.body.keywords).toBeUndefined();
    expect(res.body.match).toBeUndefined();
  });

  it('deletes a trigger (204), then 404; unknown and malformed ids are 404', async () => {
    const { body: t } = await create({ name: 'Temporary', type: 'keyword', flowId, keywords: ['temp'] });
    expect((await app.call('DELETE', `/api/bots/${botId}/triggers/${t.id}`, { token })).status).toBe(204);
    expect((await app.call('DELETE', `/api/bots/${botId}/triggers/${t.id}`, { token })).status).toBe(404);
    expect((await app.call('GET', `/api/bots/${botId}/triggers/not-an-id`, { token })).status).toBe(404);
    const audit = await app.call('GET', '/api/audit-log', { token });
    expect(audit.status).toBe(200);
    expect(JSON.stringify(audit.body)).toContain('trigger.delete');
  });
});

describe('testing a text', () => {
  it('says which keyword trigger fires, and why the others do not', async () => {
    const bot = (await app.call('POST', '/api/bots', { token, body: { name: 'Tester' } })).body.id as string;
    const flow = (await app.call('GET', `/api/bots/${bot}`, { token })).body.flow.flowId as string;
    const make = (body: Record<string, unknown>) => app.call('POST', `/api/bots/${bot}/triggers`, { token, body: { type: 'keyword', flowId: flow, ...body } });
    const help = (await make({ name: 'Help desk', keywords: ['agent'], match: 'contains', priority: 1 })).body;
    const urgent = (await make({ name: 'Urgent', keywords: ['urgent'], match: 'contains', priority: 5 })).body;
    const res = await app.call('POST', `/api/bots/${bot}/triggers/test`, { token, body: { text: 'URGENT: I need an agent' } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ matched: true, trigger: { name: 'Urgent', keyword: 'urgent' } });
    expect(res.body.verdicts[1].reason).toContain('“Urgent” comes first');
    const one = await app.call('POST', `/api/bots/${bot}/triggers/${help.id}/test`, { token, body: { text: 'URGENT: I need an agent' } });
    expect(one.body).toMatchObject({ matched: true, fires: false, keyword: 'agent' });
    expect(one.body.reason).toContain('“Urgent” comes first');
    const mine = await app.call('POST', `/api/bots/${bot}/triggers/${urgent.id}/test`, { token, body: { text: 'urgent please' } });
    expect(mine.body).toMatchObject({ matched: true, fires: true });
    const stop = await app.call('POST', `/api/bots/${bot}/triggers/test`, { token, body: { text: 'STOP' } });
    expect(stop.body).toMatchObject({ matched: false, reason: expect.stringContaining('unsubscribes') });
    expect((await app.call('POST', `/api/bots/${bot}/triggers/test`, { token, body: { text: '' } })).status).toBe(422);
  });
});

describe('logs and counts', () => {
  it('answers an empty log and zeroed days, and validates the query like a body', async () => {
    const { body: t } = await create({ name: 'Quiet one', type: 'keyword', flowId, keywords: ['quiet'] });
    const logs = await app.call('GET', `/api/bots/${botId}/triggers/${t.id}/logs?limit=10`, { token });
    expect(logs).toMatchObject({ status: 200, body: [] });
    const stats = await app.call('GET', `/api/bots/${botId}/triggers/${t.id}/stats?days=7`, { token });
    expect(stats.status).toBe(200);
    expect(stats.body.days).toHaveLength(7);
    expect(stats.body.days.at(-1).day).toBe(new Date().toISOString().slice(0, 10));
    expect(stats.body.total).toEqual({ fired: 0, skipped: 0, failed: 0 });
    for (const query of ['limit=0', 'limit=abc', 'limit=5000', 'limit=1&limit=2', 'colour=red']) {
      const res = await app.call('GET', `/api/bots/${botId}/triggers/${t.id}/logs?${query}`, { token });
      expect(res.status, query).toBe(422);
    }
    expect((await app.call('GET', `/api/bots/${botId}/triggers/${t.id}/stats?days=91`, { token })).status).toBe(422);
  });
});
