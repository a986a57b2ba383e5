// API keys (shown once, stored as a hash, a bearer on the whole API, revoked at once, last used,
// attributed in the audit log) and the team rules (roles, removal, password reset, the last admin,
// sessions listed and ended by their owner), over real HTTP.
import { createHash } from 'node:crypto';
import mongoose from 'mongoose';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, startTestApp, type TestApp } from '../support/app-harness';
import { freshDatabaseUri } from '../support/db';

let app: TestApp;
let admin: string;
const databaseUri = freshDatabaseUri('apikeysteam');

beforeAll(async () => {
  app = await startTestApp({ label: 'apikeysteam', mongoUri: databaseUri });
  admin = await app.login();
});
afterAll(() => app?.stop());

async function addUser(email: string, role: string, password = 'a-long-password-1') {
  const res = await app.call('POST', '/api/users', { token: admin, body: { email, password, role } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id as string;
}

async function auditActions(): Promise<Array<{ action: string; actor?: string; apiKey?: { name: string }; details?: Record<string, unknown> }>> {
  return (await app.call('GET', '/api/audit-log?limit=200', { token: admin })).body;
}

describe('API keys', () => {
  it('shows a key once, stores only its hash, and lets it act with its role', async () => {
    const created = await app.call('POST', '/api/api-keys', { token: admin, body: { name: 'Nightly export', role: 'viewer' } });
    expect(created.status).toBe(201);
    const key = created.body.key as string;
    expect(key).toMatch(/^blk_[A-Za-z0-9_-]{40,}$/);
    const listed = await app.call('GET', '/api/api-keys', { token: admin });
    expect(JSON.stringify(listed.body)).not.toContain(key);
    expect(listed.body[0]).toMatchObject({ id: created.body.id, name: 'Nightly export', role: 'viewer', prefix: key.slice(0, 10), lastUsedAt: null, revokedAt: null, createdBy: ADMIN.email });
    const stored = await mongoose.createConnection(databaseUri).asPromise();
    try {
      const doc = await stored.collection('apikeys').findOne({});
      expect(JSON.stringify(doc)).not.toContain(key);
      expect(doc!.keyHash).toBe(createHash('sha256').update(key).digest('hex'));
    } finally {
      await stored.close();
    }

    expect((await app.call('GET', '/api/bots', { token: key })).status).toBe(200);
    // a viewer key reads but cannot write
    expect((await app.call('POST', '/api/bots', { token: key, body: { name: 'Nope' } })).status).toBe(403);
    const used = (await app.call('GET', '/api/api-keys', { token: admin })).body[0];
    expect(used.lastUsedAt).not.toBeNull();
  });

  it('attributes every change made with a key in the audit log', async () => {
    const { key } = (await app.call('POST', '/api/api-keys', { token: admin, body: { name: 'Deploy script', role: 'editor' } })).body;
    const bot = await app.call('POST', '/api/bots', { token: key, body: { name: 'Made by a script' } });
    expect(bot.status).toBe(201);
    const entries = await auditActions();
    const request = entries.find((e) => e.action === 'api_key.request' && e.details?.path === '/api/bots');
    expect(request).toMatchObject({ apiKey: { name: 'Deploy script' }, actor: ADMIN.email, details: { method: 'POST', status: 201 } });
  });

  it('stops working at once when revoked, for the API and live events', async () => {
    const { id, key } = (await app.call('POST', '/api/api-keys', { token: admin, body: { name: 'Temporary', role: 'admin' } })).body;
    expect((await app.call('GET', '/api/users', { token: key })).status).toBe(200);
    const socket = io(app.url, { auth: { token: key }, transports: ['websocket'], reconnection: false });
    await new Promise<void>((resolve, reject) => {
      socket.on('connect', resolve);
      socket.on('connect_error', reject);
    });
    socket.close();
    expect((await app.call('DELETE', `/api/api-keys/${id}`, { token: admin })).status).toBe(204);
    expect((await app.call('GET', '/api/users', { token: key })).status).toBe(401);
    expect((await app.call('DELETE', `/api/api-keys/${id}`, { token: admin })).status).toBe(404);
    const refused = io(app.url, { auth: { token: key }, transports: ['websocket'], reconnection: false });
    const error = await new Promise<Error>((resolve) => refused.on('connect_error', resolve));
    refused.close();
    expect(error.message).toBe('unauthorized');
    expect((await app.call('GET', '/api/api-keys', { token: admin })).body.find((k: { id: string }) => k.id === id).revokedAt).not.toBeNull();
  });

  it('is refused to anyone but an admin, and checks its input', async () => {
    await addUser('editor-keys@botloom.test', 'editor');
    const editor = await app.login('editor-keys@botloom.test', 'a-long-password-1');
    expect((await app.call('POST', '/api/api-keys', { token: editor, body: { name: 'x', role: 'admin' } })).status).toBe(403);
    expect((await app.call('GET', '/api/api-keys', { token: editor })).status).toBe(403);
    const bad = await app.call('POST', '/api/api-keys', { token: admin, body: { name: ' ', role: 'owner' } });
    expect(bad.status).toBe(422);
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['/name', '/role']);
    expect((await app.call('DELETE', '/api/api-keys/not-an-id', { token: admin })).status).toBe(404);
    expect((await app.call('GET', '/api/bots', { token: 'blk_forged' })).status).toBe(401);
  });
});

describe('team management', () => {
  it('changes a role, and the new role applies to the next request', async () => {
    const id = await addUser('agent@botloom.test', 'agent');
    const agent = await app.login('agent@botloom.test', 'a-long-password-1');
    expect((await app.call('POST', '/api/bots', { token: agent, body: { name: 'x' } })).status).toBe(403);
    const changed = await app.call('PATCH', `/api/users/${id}`, { token: admin, body: { role: 'editor', name: 'Ada' } });
    expect(changed).toMatchObject({ status: 200, body: { role: 'editor', name: 'Ada' } });
    expect((await app.call('POST', '/api/bots', { token: agent, body: { name: 'Now allowed' } })).status).toBe(201);
    expect((await auditActions()).some((e) => e.action === 'user.role_changed')).toBe(true);
  });

  it('never removes or demotes the last admin', async () => {
    const me = (await app.call('GET', '/api/auth/me', { token: admin })).body.user.id as string;
    const demote = await app.call('PATCH', `/api/users/${me}`, { token: admin, body: { role: 'editor' } });
    expect(demote.status).toBe(409);
    expect(demote.body.error).toMatch(/last admin/);
    expect((await app.call('DELETE', `/api/users/${me}`, { token: admin })).status).toBe(409);
    expect((await app.call('GET', '/api/auth/me', { token: admin })).body.user.role).toBe('admin');
  });

  it('lets two admins never demote each other to no admin at all, even at the same moment', async () => {
    const second = await addUser('second-admin@botloom.test', 'admin');
    const secondToken = await app.login('second-admin@botloom.test', 'a-long-password-1');
    const me = (await app.call('GET', '/api/auth/me', { token: admin })).body.user.id as string;
    const [a, b] = await Promise.all([
      app.call('PATCH', `/api/users/${second}`, { token: admin, body: { role: 'viewer' } }),
      app.call('PATCH', `/api/users/${me}`, { token: secondToken, body: { role: 'viewer' } }),
    ]);
    expect([a.status, b.status].filter((s) => s === 200).length).toBeLessThanOrEqual(1);
    const users = (await app.call('GET', '/api/users', { token: a.status === 200 ? admin : secondToken })).body as Array<{ role: string }>;
    expect(users.filter((u) => u.role === 'admin').length).toBeGreaterThanOrEqual(1);
    // put things back for the tests that follow: whichever demotion won, the first admin is an admin again
    if (b.status === 200) {
      const restored = await app.call('PATCH', `/api/users/${me}`, { token: secondToken, body: { role: 'admin' } });
      expect(restored.status).toBe(200);
    }
    expect((await app.call('GET', '/api/auth/me', { token: admin })).body.user.role).toBe('admin');
  });

  it('removes a teammate: their sessions and keys die with them', async () => {
    const id = await addUser('leaver@botloom.test', 'admin');
    const session = await app.login('leaver@botloom.test', 'a-long-password-1');
    const { key } = (await app.call('POST', '/api/api-keys', { token: session, body: { name: 'Leaver key', role: 'viewer' } })).body;
    expect((await app.call('GET', '/api/bots', { token: key })).status).toBe(200);
    expect((await app.call('DELETE', `/api/users/${id}`, { token: admin })).status).toBe(204);
    expect((await app.call('GET', '/api/bots', { token: session })).status).toBe(401);
    expect((await app.call('GET', '/api/bots', { token: key })).status).toBe(401);
    expect((await app.call('DELETE', `/api/users/${id}`, { token: admin })).status).toBe(404);
    expect((await app.login('leaver@botloom.test', 'a-long-password-1').catch(() => 'refused'))).toBe('refused');
  });

  it('resets a password: the old one and every session stop working', async () => {
    const id = await addUser('forgetful@botloom.test', 'viewer');
    const old = await app.login('forgetful@botloom.test', 'a-long-password-1');
    expect((await app.call('POST', `/api/users/${id}/password`, { token: admin, body: { password: 'short' } })).status).toBe(422);
    expect((await app.call('POST', `/api/users/${id}/password`, { token: admin, body: { password: 'a-brand-new-password' } })).status).toBe(204);
    expect((await app.call('GET', '/api/bots', { token: old })).status).toBe(401);
    expect(await app.login('forgetful@botloom.test', 'a-long-password-1').catch(() => 'refused')).toBe('refused');
    expect(await app.login('forgetful@botloom.test', 'a-brand-new-password')).toEqual(expect.any(String));
  });

  it('answers 404 for unknown teammates and 422 for nonsense', async () => {
    expect((await app.call('PATCH', '/api/users/0123456789abcdef01234567', { token: admin, body: { role: 'viewer' } })).status).toBe(404);
    expect((await app.call('PATCH', '/api/users/not-an-id', { token: admin, body: { role: 'viewer' } })).status).toBe(404);
    const me = (await app.call('GET', '/api/auth/me', { token: admin })).body.user.id as string;
    expect((await app.call('PATCH', `/api/users/${me}`, { token: admin, body: {} })).status).toBe(422);
    expect((await app.call('PATCH', `/api/users/${me}`, { token: admin, body: { role: 'owner' } })).status).toBe(422);
  });
});

describe('your sessions', () => {
  it('lists them, ends one, and signs out everywhere else', async () => {
    await addUser('traveller@botloom.test', 'agent');
    const phone = await app.login('traveller@botloom.test', 'a-long-password-1');
    const laptop = await app.login('traveller@botloom.test', 'a-long-password-1');
    const tablet = await app.login('traveller@botloom.test', 'a-long-password-1');
    const listed = await app.call('GET', '/api/auth/sessions', { token: laptop });
    expect(listed.status).toBe(200);
    expect(listed.body).toHaveLength(3);
    expect(listed.body.filter((s: { current: boolean }) => s.current)).toHaveLength(1);
    const phoneId = (await app.call('GET', '/api/auth/sessions', { token: phone })).body.find((s: { current: boolean }) => s.current).id;
    expect((await app.call('DELETE', `/api/auth/sessions/${phoneId}`, { token: laptop })).status).toBe(204);
    expect((await app.call('GET', '/api/bots', { token: phone })).status).toBe(401);
    // someone else's session is not yours to end
    const adminSession = (await app.call('GET', '/api/auth/sessions', { token: admin })).body[0].id;
    expect((await app.call('DELETE', `/api/auth/sessions/${adminSession}`, { token: laptop })).status).toBe(404);
    const out = await app.call('POST', '/api/auth/sessions/end-others', { token: laptop });
    expect(out).toMatchObject({ status: 200, body: { ended: 1 } });
    expect((await app.call('GET', '/api/bots', { token: tablet })).status).toBe(401);
    expect((await app.call('GET', '/api/bots', { token: laptop })).status).toBe(200);
  });
});
