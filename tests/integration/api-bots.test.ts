// Bots over real HTTP: create, read, list, rename, duplicate, delete, ids that do not exist,
// and bots made from the templates.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { edge, node, startTestApp, type TestApp } from '../support/app-harness';

let app: TestApp;
let token: string;

beforeAll(async () => {
  app = await startTestApp({ label: 'apibots' });
  token = await app.login();
});
afterAll(() => app?.stop());

const create = (body: unknown) => app.call('POST', '/api/bots', { token, body });
const get = (id: string) => app.call('GET', `/api/bots/${id}`, { token });

describe('POST /api/bots and GET /api/bots/:id', () => {
  it('creates a bot (201 {id, name, ...}) that starts with a flow holding one Start', async () => {
    const res = await create({ name: 'Clinic', timezone: 'Europe/London' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      id: expect.stringMatching(/^[0-9a-f]{24}$/),
      name: 'Clinic',
      timezone: 'Europe/London',
      publishedVersion: 0,
    });
    const read = await get(res.body.id);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ id: res.body.id, name: 'Clinic', timezone: 'Europe/London' });
    expect(read.body.flow).toMatchObject({ rev: 0, edges: [], problems: expect.any(Array) });
    expect(read.body.flow.nodes).toEqual([expect.objectContaining({ type: 'start' })]);
    // a new bot opens clean: nothing is wrong with a Start alone (publishing still waits for a first step)
    expect(read.body.flow.problems).toEqual([]);
  });

  it('defaults the time zone to UTC', async () => {
    const res = await create({ name: 'No zone' });
    expect(res.status).toBe(201);
    expect(res.body.timezone).toBe('UTC');
  });

  it('answers 422 to an unknown time zone, a missing or empty name, and creates nothing', async () => {
    const before = (await app.call('GET', '/api/bots', { token })).body.length;
    const badZone = await create({ name: 'Mars', timezone: 'Mars/Olympus_Mons' });
    expect(badZone.status).toBe(422);
    expect(badZone.body.errors).toEqual([expect.objectContaining({ path: '/timezone' })]);
    const noName = await create({ timezone: 'UTC' });
    expect(noName.status).toBe(422);
    expect(noName.body.errors).toEqual([expect.objectContaining({ path: '/name' })]);
    expect((await create({ name: '' })).status).toBe(422);
    // blank once trimmed: a clear 422, never a 500 from the model
    const blank = await create({ name: '   ' });
    expect(blank.status).toBe(422);
    expect(blank.body.errors).toEqual([{ path: '/name', message: 'must not be blank' }]);
    expect((await app.call('GET', '/api/bots', { token })).body).toHaveLength(before);
  });
});

describe('GET /api/bots', () => {
  it('lists every bot, newest first, with its published version', async () => {
    const a = await create({ name: 'List A' });
    const b = await create({ name: 'List B' });
    const res = await app.call('GET', '/api/bots', { token });
    expect(res.status).toBe(200);
    const ids = res.body.map((x: { id: string }) => x.id);
    expect(ids).toEqual(expect.arrayContaining([a.body.id, b.body.id]));
    expect(ids.indexOf(b.body.id)).toBeLessThan(ids.indexOf(a.body.id));
    expect(res.body.find((x: { id: string }) => x.id === a.body.id)).toMatchObject({ name: 'List A', publishedVersion: 0 });
  });
});

describe('PATCH /api/bots/:id', () => {
  it('renames a bot and keeps the name', async () => {
    const bot = await create({ name: 'Old name' });
    const res = await app.call('PATCH', `/api/bots/${bot.body.id}`, { token, body: { name: 'New name', helpText: 'Reply HELP' } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: bot.body.id, name: 'New name', helpText: 'Reply HELP' });
    expect((await get(bot.body.id)).body.name).toBe('New name');
  });

  it('answers 422 to a bad time zone, an empty body or an unknown field, and keeps the bot as it was', async () => {
    const bot = await create({ name: 'Steady', timezone: 'Asia/Tokyo' });
    const zone = await app.call('PATCH', `/api/bots/${bot.body.id}`, { token, body: { timezone: 'Nowhere/Land' } });
    expect(zone.status).toBe(422);
    expect(zone.body.errors).toEqual([expect.objectContaining({ path: '/timezone' })]);
    expect((await app.call('PATCH', `/api/bots/${bot.body.id}`, { token, body: {} })).status).toBe(422);
    const blank = await app.call('PATCH', `/api/bots/${bot.body.id}`, { token, body: { name: ' \t ' } });
    expect(blank.status).toBe(422);
    expect(blank.body.errors).toEqual([expect.objectContaining({ path: '/name' })]);
    const unknown = await app.call('PATCH', `/api/bots/${bot.body.id}`, { token, body: { mainFlowId: '0123456789abcdef01234567' } });
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors).toEqual([expect.objectContaining({ path: '/mainFlowId' })]);
    expect((await get(bot.body.id)).body).toMatchObject({ name: 'Steady', timezone: 'Asia/Tokyo' });
  });
});

describe('POST /api/bots/:id/duplicate', () => {
  it('copies the bot and its draft under a new id', async () => {
    const bot = await create({ name: 'Original' });
    const flow = {
      nodes: [node('s', 'start'), node('m', 'send_message', { text: 'Hi' }), node('e', 'end')],
      edges: [edge('s', 'm'), edge('m', 'e')],
    };
    expect((await app.call('PUT', `/api/bots/${bot.body.id}/flow`, { token, body: flow })).status).toBe(200);
    const copy = await app.call('POST', `/api/bots/${bot.body.id}/duplicate`, { token });
    expect(copy.status).toBe(201);
    expect(copy.body.id).not.toBe(bot.body.id);
    expect(copy.body.name).toBe('Original (copy)');
    const read = await get(copy.body.id);
    expect(read.body.flow.nodes).toEqual(flow.nodes);
    expect(read.body.flow.edges).toEqual(flow.edges);
    // the copy is independent: editing it leaves the original alone
    await app.call('PUT', `/api/bots/${copy.body.id}/flow`, { token, body: { nodes: [node('s', 'start')], edges: [] } });
    expect((await get(bot.body.id)).body.flow.nodes).toEqual(flow.nodes);
  });
});

describe('DELETE /api/bots/:id', () => {
  it('answers 204, then the bot and its parts are gone (404)', async () => {
    const bot = await create({ name: 'Doomed' });
    const id = bot.body.id;
    await app.call('POST', `/api/bots/${id}/resources`, {
      token,
      body: { name: 'Cal', timezone: 'UTC', slotMinutes: 30, weeklyHours: { mon: [['09:00', '17:00']] } },
    });
    const del = await app.call('DELETE', `/api/bots/${id}`, { token });
    expect(del.status).toBe(204);
    expect(del.body).toBeNull();
    expect((await get(id)).status).toBe(404);
    expect((await app.call('GET', `/api/bots/${id}/resources`, { token })).status).toBe(404);
    expect((await app.call('DELETE', `/api/bots/${id}`, { token })).status).toBe(404);
    expect((await app.call('GET', '/api/bots', { token })).body.map((b: { id: string }) => b.id)).not.toContain(id);
  });
});

describe('ids that do not exist', () => {
  const routes = (id: string): Array<[string, string, unknown?]> => [
    ['GET', `/api/bots/${id}`],
    ['PATCH', `/api/bots/${id}`, { name: 'x' }],
    ['DELETE', `/api/bots/${id}`],
    ['POST', `/api/bots/${id}/duplicate`],
    ['PUT', `/api/bots/${id}/flow`, { nodes: [], edges: [] }],
    ['POST', `/api/bots/${id}/flow/import`, [{ type: 'end' }]],
    ['POST', `/api/bots/${id}/publish`],
    ['GET', `/api/bots/${id}/versions`],
    ['GET', `/api/bots/${id}/versions/1`],
    ['POST', `/api/bots/${id}/versions/1/rollback`],
    ['GET', `/api/bots/${id}/channels`],
    ['PUT', `/api/bots/${id}/channels/twilio`, { accountSid: `AC${'a'.repeat(32)}`, authToken: 'abcdefgh12', from: '+1555' }],
    ['GET', `/api/bots/${id}/resources`],
    ['POST', `/api/bots/${id}/resources`, { name: 'C', timezone: 'UTC', slotMinutes: 30, weeklyHours: {} }],
    ['GET', `/api/bots/${id}/appointments`],
    ['GET', `/api/bots/${id}/conversations`],
    ['GET', `/api/bots/${id}/conversations/someone/messages`],
    ['POST', `/api/bots/${id}/simulator/messages`, { contact: 'c', text: 'hi' }],
    ['GET', `/api/conversations/${id}`],
    ['GET', `/api/conversations/${id}/messages`],
    ['GET', `/api/conversations/${id}/journal`],
    ['POST', `/api/conversations/${id}/takeover`],
    ['GET', `/api/bots/${id}/contacts`],
    ['GET', `/api/bots/${id}/contacts.csv`],
    ['GET', `/api/contacts/${id}`],
    ['PATCH', `/api/contacts/${id}`, { timezone: 'UTC' }],
    ['GET', `/api/bots/${id}/node-counts`],
    ['GET', `/api/bots/${id}/analytics`],
    ['GET', `/api/bots/${id}/analytics/messages`],
  ];

  it.each([
    ['an unknown id', 'aaaaaaaaaaaaaaaaaaaaaaaa'],
    ['a malformed id', 'nothex'],
    ['a 12-character id', 'abcdefghijkl'],
    ['an id with regex characters', '.*'],
  ])('answers 404, never 500, to %s', async (_what, id) => {
    const answers = await Promise.all(
      routes(id).map(async ([method, path, body]) => `${method} ${path} -> ${(await app.call(method, path, { token, body })).status}`),
    );
    expect(answers.filter((a) => !a.endsWith('-> 404'))).toEqual([]);
  });

  it('answers 404 for a calendar id that does not exist on a real bot', async () => {
    const bot = await create({ name: 'Real' });
    for (const id of ['nothex', 'aaaaaaaaaaaaaaaaaaaaaaaa']) {
      expect((await app.call('GET', `/api/bots/${bot.body.id}/resources/${id}/slots`, { token })).status).toBe(404);
      expect((await app.call('DELETE', `/api/bots/${bot.body.id}/resources/${id}`, { token })).status).toBe(404);
    }
  });
});

describe('templates', () => {
  type Template = { id: string; name: string; description: string; requires: string[] };
  const templateFile = (id: string) =>
    JSON.parse(readFileSync(join(import.meta.dirname, '../../templates', `${id}.flow.json`), 'utf8')) as {
      flow: { nodes: Array<{ id: string; type: string; data: Record<string, unknown> }> };
    };

  it('are listed with id, name, description and what they need', async () => {
    const res = await app.call('GET', '/api/templates', { token });
    expect(res.status).toBe(200);
    expect(res.body.length).toBeGreaterThanOrEqual(4);
    for (const t of res.body as Template[])
      expect(t).toEqual({
        id: expect.stringMatching(/^[a-z0-9-]+$/),
        name: expect.any(String),
        description: expect.any(String),
        requires: expect.any(Array),
      });
    expect(res.body.map((t: Template) => t.id)).toContain('appointment-booking');
    expect(JSON.stringify(res.body)).not.toContain('"flow"');
  });

  it('each makes a bot with the template flow that can be published as it is', async () => {
    const templates = (await app.call('GET', '/api/templates', { token })).body as Template[];
    for (const t of templates) {
      const res = await create({ name: `From ${t.id}`, template: t.id });
      expect(res.status, t.id).toBe(201);
      const bot = await get(res.body.id);
      expect(
        bot.body.flow.nodes.map((n: { id: string }) => n.id),
        t.id,
      ).toEqual(templateFile(t.id).flow.nodes.map((n) => n.id));
      const published = await app.call('POST', `/api/bots/${res.body.id}/publish`, { token });
      expect(published.status, `${t.id}: ${JSON.stringify(published.body)}`).toBe(201);
    }
  });

  it('booking: creates a calendar and puts its id wherever the template says {{resource}}', async () => {
    const res = await create({ name: 'Dentist', template: 'appointment-booking', timezone: 'Europe/Paris' });
    expect(res.status).toBe(201);
    const resources = await app.call('GET', `/api/bots/${res.body.id}/resources`, { token });
    expect(resources.body).toHaveLength(1);
    const calendar = resources.body[0];
    expect(calendar).toMatchObject({
      id: expect.stringMatching(/^[0-9a-f]{24}$/),
      timezone: 'Europe/Paris',
      slotMinutes: expect.any(Number),
    });
    const nodes = (await get(res.body.id)).body.flow.nodes as Array<{ id: string; type: string; data: { resource_id?: string } }>;
    const placeholders = templateFile('appointment-booking').flow.nodes.filter((n) => n.data.resource_id === '{{resource}}');
    expect(placeholders.length).toBeGreaterThan(0);
    for (const p of placeholders) expect(nodes.find((n) => n.id === p.id)?.data.resource_id).toBe(calendar.id);
    expect(JSON.stringify(nodes)).not.toContain('{{resource}}');
    expect((await app.call('GET', `/api/bots/${res.body.id}/resources/${calendar.id}/slots`, { token })).body.length).toBeGreaterThan(0);

    // a copy gets its own calendar, and its booking steps point at it
    const copy = await app.call('POST', `/api/bots/${res.body.id}/duplicate`, { token });
    const copyCalendars = (await app.call('GET', `/api/bots/${copy.body.id}/resources`, { token })).body;
    expect(copyCalendars).toHaveLength(1);
    expect(copyCalendars[0].id).not.toBe(calendar.id);
    const copyNodes = (await get(copy.body.id)).body.flow.nodes as typeof nodes;
    for (const p of placeholders) expect(copyNodes.find((n) => n.id === p.id)?.data.resource_id).toBe(copyCalendars[0].id);
  });

  it('templates that need nothing create no calendar', async () => {
    const res = await create({ name: 'FAQ', template: 'faq-menu' });
    expect((await app.call('GET', `/api/bots/${res.body.id}/resources`, { token })).body).toEqual([]);
  });

  it('answers 422 to an unknown template and creates no bot', async () => {
    const before = (await app.call('GET', '/api/bots', { token })).body.length;
    const res = await create({ name: 'Nope', template: 'does-not-exist' });
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([expect.objectContaining({ path: '/template' })]);
    const traversal = await create({ name: 'Nope', template: '../package' });
    expect(traversal.status).toBe(422);
    expect((await app.call('GET', '/api/bots', { token })).body).toHaveLength(before);
  });
});
