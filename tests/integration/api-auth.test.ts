// Signing in and out, the session cookie, and the rule that every /api route but three needs
// credentials: proven over real HTTP against a real app.
import type { Express } from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpApp } from '../../server/src/app/http-app';
import { ADMIN, startTestApp, type TestApp } from '../support/app-harness';

let app: TestApp;
let token: string;
/** One real sign-in, shared by the tests that only read its answer (argon2 makes each sign-in slow). */
let signIn: Awaited<ReturnType<TestApp['call']>>;

beforeAll(async () => {
  app = await startTestApp({ label: 'apiauth' });
  signIn = await app.call('POST', '/api/auth/login', { body: { email: ADMIN.email, password: ADMIN.password } });
  token = signIn.body.token;
});
afterAll(() => app?.stop());

const PUBLIC = new Set(['GET /api/health', 'GET /api/openapi.json', 'POST /api/auth/login', 'GET /api/auth/session']);
const SOME_ID = '0123456789abcdef01234567';

type RouterLayer = { rawPath?: unknown; route?: { path: unknown; methods: Record<string, boolean> }; handle?: { stack?: RouterLayer[] } };

/** Every route the Express app knows, read from its router stacks (method + full path). */
function listRoutes(stack: RouterLayer[], prefix = ''): Array<{ method: string; path: string }> {
  return stack.flatMap((layer) => {
    if (layer.route) {
      const path = layer.route.path;
      if (typeof path !== 'string') return [];
      return Object.keys(layer.route.methods)
        .filter((m) => m !== '_all')
        .map((m) => ({ method: m.toUpperCase(), path: prefix + path }));
    }
    if (layer.handle?.stack) {
      const mount = typeof layer.rawPath === 'string' && layer.rawPath !== '/' ? layer.rawPath : '';
      return listRoutes(layer.handle.stack, prefix + mount);
    }
    return [];
  });
}

/** The routes of an Express app built by the same factory, from the running app's context. */
function apiRoutes() {
  const express = createHttpApp(app.botloom.context, 'test') as Express & { router: { stack: RouterLayer[] } };
  return listRoutes(express.router.stack).filter((r) => r.path.startsWith('/api/'));
}

const concrete = (path: string) => path.replace(/:number\b/g, '1').replace(/:[A-Za-z]+/g, SOME_ID);
const setCookies = (headers: Headers) => headers.getSetCookie();
const sessionCookie = (headers: Headers) => setCookies(headers).find((c) => c.startsWith('botloom_session='));

describe('POST /api/auth/login', () => {
  it('answers 200 {token, user} without any password hash', () => {
    const res = signIn;
    expect(res.status).toBe(200);
    expect(res.body.token).toEqual(expect.any(String));
    expect(res.body.token.length).toBeGreaterThanOrEqual(32);
    expect(res.body.user).toMatchObject({ id: expect.stringMatching(/^[0-9a-f]{24}$/), email: ADMIN.email, role: 'admin' });
    expect(JSON.stringify(res.body)).not.toMatch(/passwordHash|\$argon2/);
    expect(res.body.user).not.toHaveProperty('password');
  });

  it('accepts the email in another case and with surrounding spaces', async () => {
    const res = await app.call('POST', '/api/auth/login', { body: { email: `  ${ADMIN.email.toUpperCase()} `, password: ADMIN.password } });
    expect(res.status).toBe(200);
  });

  it('answers 401 with the same message for a wrong password and an unknown email', async () => {
    const wrong = await app.call('POST', '/api/auth/login', { body: { email: ADMIN.email, password: 'not-the-password' } });
    const unknown = await app.call('POST', '/api/auth/login', { body: { email: 'nobody@botloom.test', password: ADMIN.password } });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body.error).toEqual(expect.any(String));
    expect(unknown.body).toEqual(wrong.body);
    expect(wrong.body).not.toHaveProperty('token');
    expect(sessionCookie(wrong.headers)).toBeUndefined();
  });

  it('answers 422 naming the field when the body is incomplete', async () => {
    const res = await app.call('POST', '/api/auth/login', { body: { email: ADMIN.email } });
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ path: '/password' })]));
  });
});

describe('the session cookie', () => {
  it('is HttpOnly, SameSite=Lax, for the whole site, and carries the same session as the token', () => {
    const res = signIn;
    const cookie = sessionCookie(res.headers);
    expect(cookie).toBeDefined();
    const attributes = cookie!.split(';').map((a) => a.trim().toLowerCase());
    expect(attributes).toContain('httponly');
    expect(attributes).toContain('samesite=lax');
    expect(attributes).toContain('path=/');
    // PUBLIC_URL is plain http here: a Secure cookie would never be sent back
    expect(attributes).not.toContain('secure');
    expect(cookie!.split(';')[0]).toBe(`botloom_session=${res.body.token}`);
  });

  it('works instead of the bearer token', async () => {
    const pair = sessionCookie(signIn.headers)!.split(';')[0]!;
    const me = await app.call('GET', '/api/auth/me', { headers: { cookie: pair } });
    expect(me.status).toBe(200);
    expect(me.body.user).toMatchObject({ email: ADMIN.email, role: 'admin' });
    expect(JSON.stringify(me.body)).not.toMatch(/passwordHash|\$argon2/);
    const created = await app.call('POST', '/api/bots', { headers: { cookie: pair }, body: { name: 'Made with a cookie' } });
    expect(created.status).toBe(201);
  });

  it('is refused when it holds something that is not a session', async () => {
    expect((await app.call('GET', '/api/bots', { headers: { cookie: 'botloom_session=forged' } })).status).toBe(401);
    expect((await app.call('GET', '/api/bots', { headers: { authorization: 'Bearer forged' } })).status).toBe(401);
    expect(
      (await app.call('GET', '/api/bots', { headers: { authorization: `Basic ${Buffer.from('a:b').toString('base64')}` } })).status,
    ).toBe(401);
  });
});

describe('GET /api/auth/session', () => {
  it('answers who is signed in, and a signed-out visitor as data rather than a 401', async () => {
    const anonymous = await app.call('GET', '/api/auth/session');
    expect(anonymous.status).toBe(200);
    expect(anonymous.body).toEqual({ user: null });
    const forged = await app.call('GET', '/api/auth/session', { headers: { cookie: 'botloom_session=forged' } });
    expect(forged.status).toBe(200);
    expect(forged.body).toEqual({ user: null });
    const signedIn = await app.call('GET', '/api/auth/session', { token });
    expect(signedIn.status).toBe(200);
    expect(signedIn.body.user).toMatchObject({ email: ADMIN.email, role: 'admin' });
    expect(JSON.stringify(signedIn.body)).not.toMatch(/passwordHash|\$argon2/);
  });
});

describe('POST /api/auth/logout', () => {
  it('ends the session: the token no longer works, other sessions still do, and the cookie is cleared', async () => {
    const mine = await app.login();
    const other = token;
    expect((await app.call('GET', '/api/auth/me', { token: mine })).status).toBe(200);
    const out = await app.call('POST', '/api/auth/logout', { token: mine });
    expect(out.status).toBe(204);
    const cleared = sessionCookie(out.headers);
    expect(cleared).toBeDefined();
    expect(cleared).toMatch(/botloom_session=;/);
    expect(cleared).toMatch(/Expires=Thu, 01 Jan 1970/i);
    expect((await app.call('GET', '/api/auth/me', { token: mine })).status).toBe(401);
    expect((await app.call('GET', '/api/bots', { token: mine })).status).toBe(401);
    expect((await app.call('GET', '/api/auth/me', { token: other })).status).toBe(200);
  });

  it('ends a cookie session too', async () => {
    const res = await app.call('POST', '/api/auth/login', { body: { email: ADMIN.email, password: ADMIN.password } });
    const pair = sessionCookie(res.headers)!.split(';')[0]!;
    expect((await app.call('POST', '/api/auth/logout', { headers: { cookie: pair } })).status).toBe(204);
    expect((await app.call('GET', '/api/auth/me', { headers: { cookie: pair } })).status).toBe(401);
    expect((await app.call('GET', '/api/auth/me', { token: res.body.token })).status).toBe(401);
  });

  it('answers 401 without credentials', async () => {
    expect((await app.call('POST', '/api/auth/logout')).status).toBe(401);
  });
});

describe('every /api route needs credentials', () => {
  it('finds the routes in the Express app (the list below is not vacuous)', () => {
    const keys = apiRoutes().map((r) => `${r.method} ${r.path}`);
    expect(keys.length).toBeGreaterThanOrEqual(30);
    for (const expected of [
      'GET /api/health',
      'POST /api/auth/login',
      'POST /api/bots',
      'PUT /api/bots/:id/flow',
      'POST /api/bots/:id/publish',
      'PUT /api/bots/:id/channels/twilio',
      'POST /api/users',
      'GET /api/audit-log',
      'POST /api/conversations/:id/takeover',
    ]) {
      expect(keys).toContain(expected);
    }
  });

  it('answers 401 to every route but health, openapi.json, login and session when no credentials are sent', async () => {
    const routes = apiRoutes().filter((r) => !PUBLIC.has(`${r.method} ${r.path}`));
    const answers = await Promise.all(
      routes.map(async (r) => {
        const res = await app.call(r.method, concrete(r.path), { body: ['POST', 'PUT', 'PATCH'].includes(r.method) ? {} : undefined });
        return `${r.method} ${r.path} -> ${res.status}`;
      }),
    );
    expect(answers.filter((a) => !a.endsWith('-> 401'))).toEqual([]);
  });

  it('answers 401 with a forged token as well', async () => {
    const routes = apiRoutes().filter((r) => !PUBLIC.has(`${r.method} ${r.path}`));
    const answers = await Promise.all(
      routes.map(async (r) => `${r.method} ${r.path} -> ${(await app.call(r.method, concrete(r.path), { token: 'x'.repeat(43) })).status}`),
    );
    expect(answers.filter((a) => !a.endsWith('-> 401'))).toEqual([]);
  });

  it('answers 401 for paths that do not exist under /api (nothing is revealed), 404 once signed in', async () => {
    expect((await app.call('GET', '/api/no-such-thing')).status).toBe(401);
    expect((await app.call('DELETE', '/api/auth/whatever')).status).toBe(401);
    expect((await app.call('GET', '/api/no-such-thing', { token })).status).toBe(404);
  });

  it('leaves health, openapi.json and login open', async () => {
    const health = await app.call('GET', '/api/health');
    expect(health.status).toBe(200);
    expect(health.body.status).toBe('ok');
    const openapi = await app.call('GET', '/api/openapi.json');
    expect(openapi.status).toBe(200);
    expect(openapi.body).toHaveProperty('paths');
    // login itself: reached without credentials (a 422 for an empty body, not a 401)
    expect((await app.call('POST', '/api/auth/login', { body: {} })).status).toBe(422);
  });
});

describe('request bodies', () => {
  it('answers 400 with a clear message to malformed JSON, signed in or not', async () => {
    const login = await app.call('POST', '/api/auth/login', { body: '{"email": "a@b.c", "password": ' });
    expect(login.status).toBe(400);
    expect(login.body.error).toMatch(/not valid JSON/i);
    const bot = await app.call('POST', '/api/bots', { token, body: "{name: 'single quotes'}" });
    expect(bot.status).toBe(400);
    expect(bot.body.error).toMatch(/not valid JSON/i);
    const flow = await app.call('PUT', `/api/bots/${SOME_ID}/flow`, { token, body: '{"nodes": [,]}' });
    expect(flow.status).toBe(400);
  });

  it('answers 422, not 500, to JSON that is not an object', async () => {
    const array = await app.call('POST', '/api/auth/login', { body: '[1, 2]' });
    expect(array.status).toBe(422);
    const noBody = await app.call('POST', '/api/bots', { token, headers: { 'content-type': 'text/plain' }, body: 'name=x' });
    expect(noBody.status).toBe(422);
  });

  it('answers 413 to a body over 2 MB', async () => {
    const huge = JSON.stringify({ name: 'big', helpText: 'x'.repeat(2 * 1024 * 1024 + 10) });
    const res = await app.call('POST', '/api/bots', { token, body: huge });
    expect(res.status).toBe(413);
    expect(res.body.error).toMatch(/too large/i);
  });

  it('answers 422 naming unknown fields', async () => {
    const res = await app.call('POST', '/api/bots', { token, body: { name: 'x', isAdmin: true } });
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([expect.objectContaining({ path: '/isAdmin' })]);
  });
});
