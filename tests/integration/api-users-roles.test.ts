// Users and what each role may do, over real HTTP: admins manage users and channels, editors
// build, agents talk to contacts, viewers only look. The audit log names who did what, never a secret.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, edge, node, startTestApp, type TestApp } from '../support/app-harness';

let app: TestApp;
let admin: string;
const tokens: Record<'editor' | 'agent' | 'viewer', string> = { editor: '', agent: '', viewer: '' };
const PASSWORDS = { admin: 'second-admin-pass', editor: 'editor-pass-123', agent: 'agent-pass-1234', viewer: 'viewer-pass-123' };
const AUTH_TOKEN = 'f3c1d2e4a5b6978812345678abcdef90';
let botId: string;

const TWILIO = { accountSid: `AC${'0123456789abcdef'.repeat(2)}`, authToken: AUTH_TOKEN, from: '+15550001111' };
const FLOW = {
  nodes: [
    node('s', 'start'),
    node('a', 'ask', { question: 'Your name?', save_as: 'name' }),
    node('m', 'send_message', { text: 'Hi {{state.name}}' }),
    node('e', 'end'),
  ],
  edges: [edge('s', 'a'), edge('a', 'm', 'answered'), edge('m', 'e')],
};

beforeAll(async () => {
  app = await startTestApp({ label: 'apiroles' });
  admin = await app.login();
  const bot = await app.call('POST', '/api/bots', { token: admin, body: { name: 'Roles bot' } });
  botId = bot.body.id;
  expect((await app.call('PUT', `/api/bots/${botId}/flow`, { token: admin, body: FLOW })).status).toBe(200);
});
afterAll(() => app?.stop());

describe('POST /api/users', () => {
  it('creates a user of each role (201) who can then sign in with that role', async () => {
    for (const role of ['admin', 'editor', 'agent', 'viewer'] as const) {
      const email = `${role === 'admin' ? 'second-admin' : role}@botloom.test`;
      const res = await app.call('POST', '/api/users', {
        token: admin,
        body: { email, password: PASSWORDS[role], role, name: `The ${role}` },
      });
      expect(res.status, role).toBe(201);
      expect(res.body).toMatchObject({ id: expect.stringMatching(/^[0-9a-f]{24}$/), email, role, name: `The ${role}` });
      expect(JSON.stringify(res.body)).not.toMatch(/passwordHash|\$argon2|password/i);
      const login = await app.call('POST', '/api/auth/login', { body: { email, password: PASSWORDS[role] } });
      expect(login.status).toBe(200);
      expect(login.body.user.role).toBe(role);
      if (role !== 'admin') tokens[role] = login.body.token;
    }
  });

  it('lists users without password hashes', async () => {
    const res = await app.call('GET', '/api/users', { token: admin });
    expect(res.status).toBe(200);
    expect(res.body.map((u: { email: string }) => u.email)).toEqual(
      expect.arrayContaining([ADMIN.email, 'editor@botloom.test', 'viewer@botloom.test']),
    );
    expect(JSON.stringify(res.body)).not.toMatch(/passwordHash|\$argon2/);
  });

  it('answers 409 to an email that exists, in any case', async () => {
    const same = await app.call('POST', '/api/users', {
      token: admin,
      body: { email: 'editor@botloom.test', password: 'another-pass-1', role: 'viewer' },
    });
    expect(same.status).toBe(409);
    expect(same.body.error).toMatch(/already exists/);
    const shouted = await app.call('POST', '/api/users', {
      token: admin,
      body: { email: 'EDITOR@Botloom.test', password: 'another-pass-1', role: 'viewer' },
    });
    expect(shouted.status).toBe(409);
    // the existing user is untouched: still an editor
    const users = await app.call('GET', '/api/users', { token: admin });
    expect(users.body.filter((u: { email: string }) => u.email === 'editor@botloom.test')).toEqual([
      expect.objectContaining({ role: 'editor' }),
    ]);
  });

  it('answers 422 naming the field for an unknown role, a short password or a malformed email', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ email: 'x@botloom.test', password: 'long-enough-1', role: 'owner' }, '/role'],
      [{ email: 'x@botloom.test', password: 'short', role: 'viewer' }, '/password'],
      [{ email: 'not an email', password: 'long-enough-1', role: 'viewer' }, '/email'],
      [{ email: 'x@botloom.test', role: 'viewer' }, '/password'],
    ];
    for (const [body, path] of cases) {
      const res = await app.call('POST', '/api/users', { token: admin, body });
      expect(res.status, path).toBe(422);
      expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path);
    }
  });
});

describe('what each role may do', () => {
  const flowPut = (token: string) => app.call('PUT', `/api/bots/${botId}/flow`, { token, body: FLOW });

  it('a viewer gets 403 on every write and changes nothing', async () => {
    const t = tokens.viewer;
    const before = (await app.call('GET', `/api/bots/${botId}`, { token: admin })).body;
    const writes = await Promise.all([
      app.call('POST', '/api/bots', { token: t, body: { name: 'Nope' } }),
      flowPut(t),
      app.call('POST', `/api/bots/${botId}/publish`, { token: t }),
      app.call('PUT', `/api/bots/${botId}/channels/twilio`, { token: t, body: TWILIO }),
      app.call('PATCH', `/api/bots/${botId}`, { token: t, body: { name: 'Renamed' } }),
      app.call('DELETE', `/api/bots/${botId}`, { token: t }),
      app.call('POST', `/api/bots/${botId}/duplicate`, { token: t }),
      app.call('POST', `/api/bots/${botId}/resources`, {
        token: t,
        body: { name: 'C', timezone: 'UTC', slotMinutes: 30, weeklyHours: {} },
      }),
      app.call('POST', `/api/bots/${botId}/flow/import`, { token: t, body: [{ type: 'end' }] }),
      app.call('POST', `/api/bots/${botId}/simulator/messages`, { token: t, body: { contact: 'v1', text: 'hi' } }),
      app.call('POST', '/api/users', { token: t, body: { email: 'v2@botloom.test', password: 'long-enough-1', role: 'admin' } }),
    ]);
    expect(writes.map((w) => w.status)).toEqual(writes.map(() => 403));
    for (const w of writes) expect(w.body.error).toMatch(/viewer/);
    const after = (await app.call('GET', `/api/bots/${botId}`, { token: admin })).body;
    expect(after).toEqual(before);
    expect((await app.call('GET', `/api/bots/${botId}/channels`, { token: admin })).body.twilio).toEqual({ connected: false });
  });

  it('a viewer reads bots, flows, versions, channels, templates and conversations (200)', async () => {
    const t = tokens.viewer;
    const reads = await Promise.all(
      [
        '/api/bots',
        `/api/bots/${botId}`,
        `/api/bots/${botId}/versions`,
        `/api/bots/${botId}/channels`,
        '/api/templates',
        `/api/bots/${botId}/conversations`,
        `/api/bots/${botId}/resources`,
        `/api/bots/${botId}/appointments`,
      ].map(async (path) => `${path} ${(await app.call('GET', path, { token: t })).status}`),
    );
    expect(reads.filter((r) => !r.endsWith(' 200'))).toEqual([]);
    const bot = await app.call('GET', `/api/bots/${botId}`, { token: t });
    expect(bot.body.flow.nodes).toHaveLength(FLOW.nodes.length);
  });

  it('an editor builds bots but may not manage users, channels or read the audit log', async () => {
    const t = tokens.editor;
    expect((await app.call('POST', '/api/bots', { token: t, body: { name: 'Editor bot' } })).status).toBe(201);
    expect((await flowPut(t)).status).toBe(200);
    expect((await app.call('POST', `/api/bots/${botId}/publish`, { token: t })).status).toBe(201);
    expect(
      (await app.call('POST', '/api/users', { token: t, body: { email: 'e2@botloom.test', password: 'long-enough-1', role: 'admin' } }))
        .status,
    ).toBe(403);
    expect((await app.call('GET', '/api/users', { token: t })).status).toBe(403);
    expect((await app.call('PUT', `/api/bots/${botId}/channels/twilio`, { token: t, body: TWILIO })).status).toBe(403);
    expect((await app.call('DELETE', `/api/bots/${botId}/channels/twilio`, { token: t })).status).toBe(403);
    expect((await app.call('GET', '/api/audit-log', { token: t })).status).toBe(403);
  });

  it('an agent uses the simulator and reads conversations but may not edit flows or bots', async () => {
    const t = tokens.agent;
    const sim = await app.call('POST', `/api/bots/${botId}/simulator/messages`, {
      token: t,
      body: { contact: 'agent-test', text: 'hello' },
    });
    expect(sim.status).toBe(200);
    expect(sim.body.replies).toEqual([expect.objectContaining({ text: 'Your name?' })]);
    const list = await app.call('GET', `/api/bots/${botId}/conversations`, { token: t });
    expect(list.status).toBe(200);
    expect(list.body.map((c: { contact: string }) => c.contact)).toContain('agent-test');
    const messages = await app.call('GET', `/api/bots/${botId}/conversations/agent-test/messages`, { token: t });
    expect(messages.status).toBe(200);
    expect((await app.call('GET', `/api/conversations/${sim.body.conversation.id}`, { token: t })).status).toBe(200);
    const rev = (await app.call('GET', `/api/bots/${botId}`, { token: t })).body.flow.rev;
    expect((await flowPut(t)).status).toBe(403);
    expect((await app.call('POST', `/api/bots/${botId}/publish`, { token: t })).status).toBe(403);
    expect((await app.call('POST', '/api/bots', { token: t, body: { name: 'Agent bot' } })).status).toBe(403);
    expect((await app.call('PUT', `/api/bots/${botId}/channels/twilio`, { token: t, body: TWILIO })).status).toBe(403);
    expect((await app.call('GET', `/api/bots/${botId}`, { token: t })).body.flow.rev).toBe(rev);
  });
});

describe('GET /api/audit-log', () => {
  it('is for admins only', async () => {
    for (const role of ['editor', 'agent', 'viewer'] as const)
      expect((await app.call('GET', '/api/audit-log', { token: tokens[role] })).status, role).toBe(403);
  });

  it('lists actions with the actor email and never a secret', async () => {
    expect((await app.call('PUT', `/api/bots/${botId}/channels/twilio`, { token: admin, body: TWILIO })).status).toBe(200);
    const res = await app.call('GET', '/api/audit-log', { token: admin });
    expect(res.status).toBe(200);
    const entries = res.body as Array<{ action: string; actor: string; at: string; targetId: string }>;
    const byAction = (action: string) => entries.filter((e) => e.action === action);
    expect(byAction('user.created')).toHaveLength(4);
    for (const e of byAction('user.created')) expect(e.actor).toBe(ADMIN.email);
    expect(byAction('bot.created').map((e) => e.actor)).toEqual(expect.arrayContaining([ADMIN.email, 'editor@botloom.test']));
    expect(byAction('flow.published')).toEqual([expect.objectContaining({ actor: 'editor@botloom.test', targetId: botId })]);
    expect(byAction('channel.twilio.updated')).toEqual([expect.objectContaining({ actor: ADMIN.email, targetId: botId })]);
    // newest first
    const times = entries.map((e) => Date.parse(e.at));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    const json = JSON.stringify(res.body);
    expect(json).not.toContain(AUTH_TOKEN);
    for (const secret of [...Object.values(PASSWORDS), ADMIN.password, admin, ...Object.values(tokens)]) expect(json).not.toContain(secret);
    expect(json).not.toMatch(/passwordHash|\$argon2|authTokenEnc/);
  });

  it('leaves no entry for a refused (403) write', async () => {
    const res = await app.call('GET', '/api/audit-log', { token: admin });
    expect(res.body.filter((e: { actor: string }) => e.actor === 'viewer@botloom.test')).toEqual([]);
  });
});
