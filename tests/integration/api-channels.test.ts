// Twilio credentials over real HTTP: stored sealed, masked in every answer, readable only
// through the app's own key.
import { createSecretBox } from '../../server/src/adapters/crypto/secret-box';
import mongoose from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app-harness';

let app: TestApp;
let token: string;
let botId: string;

const AUTH_TOKEN = '9f8e7d6c5b4a39281706f5e4d3c2b1a0';
const SID = `AC${'0123456789abcdef0123456789ABCDEF'}`;
const TWILIO = { accountSid: SID, authToken: AUTH_TOKEN, from: '+15550001111', whatsappFrom: 'whatsapp:+15550002222' };

beforeAll(async () => {
  app = await startTestApp({ label: 'apichannels' });
  token = await app.login();
  botId = (await app.call('POST', '/api/bots', { token, body: { name: 'Channels' } })).body.id;
});
afterAll(() => app?.stop());

const put = (body: unknown, id = botId) => app.call('PUT', `/api/bots/${id}/channels/twilio`, { token, body });
const rawBot = () => mongoose.connection.db!.collection('bots').findOne({ _id: new mongoose.Types.ObjectId(botId) });

describe('PUT /api/bots/:id/channels/twilio', () => {
  it('answers 422 naming the path for an invalid accountSid, a short token or a missing from, and stores nothing', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ ...TWILIO, accountSid: 'AC123' }, '/accountSid'],
      [{ ...TWILIO, accountSid: `XX${'0'.repeat(32)}` }, '/accountSid'],
      [{ ...TWILIO, accountSid: `AC${'g'.repeat(32)}` }, '/accountSid'],
      [{ ...TWILIO, authToken: 'short' }, '/authToken'],
      [{ accountSid: SID, authToken: AUTH_TOKEN }, '/from'],
      [{ ...TWILIO, webhookSecret: 'x' }, '/webhookSecret'],
    ];
    for (const [body, path] of cases) {
      const res = await put(body);
      expect(res.status, path).toBe(422);
      expect(
        res.body.errors.map((e: { path: string }) => e.path),
        path,
      ).toContain(path);
      expect(JSON.stringify(res.body)).not.toContain(AUTH_TOKEN);
    }
    expect((await app.call('GET', `/api/bots/${botId}/channels`, { token })).body.twilio).toEqual({ connected: false });
  });

  it('answers 200 with the token masked, never in clear', async () => {
    const res = await put(TWILIO);
    expect(res.status).toBe(200);
    expect(res.body.twilio).toMatchObject({
      connected: true,
      accountSid: SID,
      from: TWILIO.from,
      whatsappFrom: TWILIO.whatsappFrom,
      authToken: expect.stringContaining('•'),
    });
    expect(JSON.stringify(res.body)).not.toContain(AUTH_TOKEN);
    // the webhook addresses to paste into Twilio's console
    expect(res.body.webhookUrls).toEqual({
      twilioMessages: expect.stringMatching(new RegExp(`/webhooks/twilio/${botId}/messages$`)),
      twilioStatus: expect.stringMatching(new RegExp(`/webhooks/twilio/${botId}/status$`)),
      whatsapp: expect.stringMatching(new RegExp(`/webhooks/whatsapp/${botId}$`)),
      messenger: expect.stringMatching(new RegExp(`/webhooks/messenger/${botId}$`)),
    });
  });

  it('never shows the token in GET /api/bots/:id, GET /channels, the bot list or the audit log', async () => {
    const answers = await Promise.all(
      [`/api/bots/${botId}`, `/api/bots/${botId}/channels`, '/api/bots', '/api/audit-log'].map(async (path) => {
        const res = await app.call('GET', path, { token });
        expect(res.status, path).toBe(200);
        return [path, JSON.stringify(res.body)] as const;
      }),
    );
    for (const [path, json] of answers) {
      expect(json, path).not.toContain(AUTH_TOKEN);
      expect(json, path).not.toContain('authTokenEnc');
    }
    const channels = JSON.parse(answers[1]![1]);
    expect(channels.twilio).toMatchObject({ connected: true, accountSid: SID, authToken: expect.stringContaining('•') });
  });

  it('stores the token sealed: the raw document never holds it, and it opens only with the app key', async () => {
    const doc = await rawBot();
    const stored = doc?.channels?.twilio as { accountSid: string; authTokenEnc: string; authToken?: string } | undefined;
    expect(stored).toBeDefined();
    expect(stored!.accountSid).toBe(SID);
    expect(stored!.authToken).toBeUndefined();
    expect(stored!.authTokenEnc).toEqual(expect.any(String));
    expect(stored!.authTokenEnc).not.toContain(AUTH_TOKEN);
    expect(JSON.stringify(doc)).not.toContain(AUTH_TOKEN);
    expect(Buffer.from(stored!.authTokenEnc.split(':').at(-1)!, 'base64').toString('utf8')).not.toContain(AUTH_TOKEN);
    // the app's own key opens it; any other key cannot
    expect(app.botloom.context.secrets.open(stored!.authTokenEnc)).toBe(AUTH_TOKEN);
    expect(() => createSecretBox(Buffer.alloc(32, 7)).open(stored!.authTokenEnc)).toThrow();
  });

  it('seals a fresh value on every save and replaces the old credentials', async () => {
    const first = (await rawBot())?.channels.twilio.authTokenEnc as string;
    const newToken = 'aa11bb22cc33dd44ee55ff6677889900';
    const res = await put({ ...TWILIO, authToken: newToken, from: '+15559990000' });
    expect(res.status).toBe(200);
    expect(res.body.twilio.from).toBe('+15559990000');
    expect(JSON.stringify(res.body)).not.toContain(newToken);
    const second = (await rawBot())?.channels.twilio.authTokenEnc as string;
    expect(second).not.toBe(first);
    expect(app.botloom.context.secrets.open(second)).toBe(newToken);
    expect(JSON.stringify((await app.call('GET', '/api/audit-log', { token })).body)).not.toContain(newToken);
  });

  it('removes the credentials with DELETE (204)', async () => {
    const other = (await app.call('POST', '/api/bots', { token, body: { name: 'Disconnect' } })).body.id;
    expect((await put(TWILIO, other)).status).toBe(200);
    expect((await app.call('DELETE', `/api/bots/${other}/channels/twilio`, { token })).status).toBe(204);
    expect((await app.call('GET', `/api/bots/${other}/channels`, { token })).body.twilio).toEqual({ connected: false });
    const doc = await mongoose.connection.db!.collection('bots').findOne({ _id: new mongoose.Types.ObjectId(other) });
    expect(doc?.channels?.twilio).toBeUndefined();
  });
});
