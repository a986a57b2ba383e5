// Pacing: a sender's messages-per-second cap holds across server processes. Two processes share
// one database; a burst of 20 contacts writes to both at once, and the fake Twilio's receive
// times of the 20 answers (one sender, 10 per second) are measured: each at least ~100 ms after
// the one before.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reserveSendSlot } from '../../server/src/app/standalone-runtime';
import { SenderPaceModel } from '../../server/src/adapters/mongo/models';
import { ADMIN, edge, node, startTestApp, type TestApp } from '../support/app-harness';
import { freshDatabaseUri } from '../support/db';
import { startServerChild, waitHealthy, type ServerChild } from '../support/server-child';
import { botWithFlow, publish, until, type Api } from './conversations-helpers';
import { PUBLIC_URL, SMS_FROM, connectTwilio, contactSays, startFakeTwilio, type FakeTwilio } from './channels-helpers';

/**
 * Jitter between a reserved slot and the fake receiving the request: the two servers, the fake and
 * the database share a small machine (2 CPUs here), so a request can leave its process or be read by
 * the fake some tens of milliseconds late. Measured gaps are printed; steady state is 100 ± 10 ms.
 */
const TOLERANCE_MS = 40;

let twilio: FakeTwilio;
let app: TestApp;
let other: ServerChild;
let api: Api;

beforeAll(async () => {
  twilio = await startFakeTwilio();
  const mongoUri = freshDatabaseUri('ch-pacing');
  const env = { PUBLIC_URL, TWILIO_API_BASE_URL: twilio.url };
  app = await startTestApp({ label: 'ch-pacing', mongoUri, env });
  // the second process must open the secrets the first one sealed: the same key
  other = await startServerChild({
    cwd: process.cwd(),
    mongoUri,
    admin: ADMIN,
    env: { ...env, BOTLOOM_SECRET_KEY: '0'.repeat(63) + '1' },
    log: () => undefined,
  });
  await waitHealthy(other, 60_000, AbortSignal.timeout(90_000));
  api = { app, token: await app.login() };
}, 120_000);
afterAll(async () => {
  await other?.stop();
  await app?.stop();
  await twilio?.close();
});

describe('reserving send slots', () => {
  it('gives concurrent reservations distinct slots one interval apart', async () => {
    const now = new Date('2030-01-01T00:00:00.000Z');
    const slots = await Promise.all(Array.from({ length: 40 }, () => reserveSendSlot('test:slots', 100, () => now)));
    const times = slots.map((s) => s.getTime() - now.getTime()).sort((a, b) => a - b);
    expect(times).toEqual(Array.from({ length: 40 }, (_, i) => i * 100));
    expect(await SenderPaceModel.findById('test:slots').lean()).toMatchObject({ nextAt: now.getTime() + 4_000 });
  });

  it('starts from now when the sender has been idle', async () => {
    await reserveSendSlot('test:idle', 100, () => new Date('2030-01-01T00:00:00.000Z'));
    const later = new Date('2030-01-01T00:05:00.000Z');
    expect(await reserveSendSlot('test:idle', 100, () => later)).toEqual(later);
  });
});

describe('a burst to one sender from two processes', () => {
  it('reaches Twilio at most 10 per second: every receive at least 100 ms after the one before', async () => {
    const botId = await botWithFlow(api, 'Burst', {
      nodes: [node('s', 'start'), node('hello', 'send_message', { text: 'Thanks, {{contact.phone}}!' }), node('e', 'end')],
      edges: [edge('s', 'hello'), edge('hello', 'e')],
    });
    await publish(api, botId);
    await connectTwilio(api, botId, { smsPerSecond: 10 });
    // warm both processes up (a process's first provider call is slower), then let the slots catch up with the clock
    await contactSays(api, botId, '+15554449998', 'hi', { baseUrl: app.url });
    await contactSays(api, botId, '+15554449999', 'hi', { baseUrl: other.url });
    await until('the warm-up answers', async () => twilio.sends.length === 2);
    twilio.sends.length = 0;
    await new Promise((resolve) => setTimeout(resolve, 200));
    const contacts = Array.from({ length: 20 }, (_, i) => `+1555444${String(i).padStart(4, '0')}`);
    await Promise.all(contacts.map((c, i) => contactSays(api, botId, c, 'hi', { baseUrl: i % 2 === 0 ? app.url : other.url })));

    const sends = await until('all 20 answers', async () => twilio.sends.length >= 20 && twilio.sends, 15_000);
    expect(sends.map((s) => s.form.To).sort()).toEqual([...contacts].sort()); // each contact once
    expect(new Set(sends.map((s) => s.form.From))).toEqual(new Set([SMS_FROM]));
    const at = sends.map((s) => s.at).sort((a, b) => a - b);
    const gaps = at.slice(1).map((t, i) => Math.round(t - at[i]!));
    console.log(
      `pacing: 20 sends over ${Math.round(at.at(-1)! - at[0]!)} ms; gaps min ${Math.min(...gaps)} ms, max ${Math.max(...gaps)} ms: ${gaps.join(' ')}`,
    );
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(100 - TOLERANCE_MS);
    expect([...gaps].sort((a, b) => a - b)[Math.floor(gaps.length / 2)]).toBeGreaterThanOrEqual(95); // the median
    // no second holds more than 10 sends (one more for a late one at a window's edge)
    for (const start of at) expect(at.filter((t) => t >= start && t < start + 1000).length).toBeLessThanOrEqual(11);
  });
});
