// The sign-in rate limit, on an app started with LOGIN_ATTEMPTS_PER_15_MIN=3: failed attempts
// are counted per address and email, successful ones are not. The app also has an https PUBLIC_URL,
// so its session cookie must be Secure.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, startTestApp, type TestApp } from '../support/app-harness';

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp({ label: 'apiratelimit', env: { LOGIN_ATTEMPTS_PER_15_MIN: '3', PUBLIC_URL: 'https://bots.example.com' } });
});
afterAll(() => app?.stop());

const attempt = (email: string, password: string) => app.call('POST', '/api/auth/login', { body: { email, password } });

describe('the sign-in rate limit', () => {
  it('answers 429 to the 4th failed attempt, with a message and rate-limit headers', async () => {
    const email = 'ghost@botloom.test';
    for (let i = 1; i <= 3; i++) expect((await attempt(email, `guess-${i}`)).status, `attempt ${i}`).toBe(401);
    const fourth = await attempt(email, 'guess-4');
    expect(fourth.status).toBe(429);
    expect(fourth.body.error).toMatch(/too many/i);
    expect(fourth.headers.get('ratelimit-policy') ?? fourth.headers.get('ratelimit')).toBeTruthy();
    expect(fourth.body).not.toHaveProperty('token');
  });

  it('counts the email as sign-in reads it: another case or surrounding spaces do not open a fresh bucket', async () => {
    const email = 'padded@botloom.test';
    const variants = [` ${email}`, `${email.toUpperCase()}  `, `\t Padded@Botloom.Test `];
    for (const [i, variant] of variants.entries()) expect((await attempt(variant, `guess-${i}`)).status, JSON.stringify(variant)).toBe(401);
    expect((await attempt(email, 'guess-4')).status).toBe(429);
  });

  it('does not lock out another email', async () => {
    // ghost@ is locked by the first test; the admin still signs in
    const res = await attempt(ADMIN.email, ADMIN.password);
    expect(res.status).toBe(200);
    // served behind https: the session cookie is Secure as well as HttpOnly
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('botloom_session='));
    expect(cookie?.split(';').map((a) => a.trim().toLowerCase())).toEqual(expect.arrayContaining(['secure', 'httponly', 'samesite=lax']));
  });

  it('does not count a successful sign-in', async () => {
    const email = ADMIN.email;
    expect((await attempt(email, 'wrong-1')).status).toBe(401);
    expect((await attempt(email, 'wrong-2')).status).toBe(401);
    // three successes in a row: none of them is counted
    for (let i = 0; i < 3; i++) expect((await attempt(email, ADMIN.password)).status).toBe(200);
    expect((await attempt(email, 'wrong-3')).status).toBe(401);
    expect((await attempt(email, 'wrong-4')).status).toBe(429);
  });
});
