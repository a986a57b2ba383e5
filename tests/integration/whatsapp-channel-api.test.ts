// Connecting the WhatsApp Cloud API over real HTTP: admin only, every secret sealed at rest and
// masked in every answer and in the audit log; Meta's webhook verification handshake.
import { readFileSync } from 'node:fs';
import Ajv2020 from 'ajv/dist/2020';
import mongoose from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app-harness';
import { ACCESS_TOKEN, APP_SECRET, connectWhatsApp, PHONE_NUMBER_ID, VERIFY_TOKEN, WABA_ID, WHATSAPP } from './whatsapp-helpers';

const PUBLIC_URL = 'https://bots.example.test';
const SECRETS = [ACCESS_TOKEN, APP_SECRET, VERIFY_TOKEN];

let app: TestApp;
let token: string;
let botId: string;

beforeAll(async () => {
  app = await startTestApp({ label: 'wa-channel-api', env: { PUBLIC_URL } });
  token = await app.login();
  botId = (await app.call('POST', '/api/bots', { token, body: { name: 'WhatsApp' } })).body.id;
});
afterAll(() => app?.stop());

const put = (body: unknown, id = botId, as = token) => app.call('PUT', `/api/bots/${id}/channels/whatsapp`, { token: as, body });
const channels = async (id = botId) => (await app.call('GET', `/api/bots/${id}/channels`, { token })).body;
const rawBot = (id = botId) => mongoose.connection.db!.collection('bots').findOne({ _id: new mongoose.Types.ObjectId(id) });
const expectNoSecret = (json: string, where: string) => {
  for (const secret of SECRETS) expect(json, where).not.toContain(secret);
};

/** The Channels schema of the served OpenAPI document. */
function channelsSchemaCheck() {
  const doc = JSON.parse(readFileSync(new URL('../../server/openapi.json', import.meta.url), 'utf8')) as { components: unknown };
  const ajv = new Ajv2020({ strict: false, validateFormats: false });
  ajv.addSchema({ $id: 'urn:botloom:openapi', components: doc.components });
  return ajv.getSchema('urn:botloom:openapi#/components/schemas/Channels')!;
}

describe('PUT /api/bots/:id/channels/whatsapp', () => {
  it('answers 422 naming the path for malformed credentials, and stores nothing', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ ...WHATSAPP, phoneNumberId: '+1 555 0100' }, '/phoneNumberId'],
      [{ ...WHATSAPP, accessToken: 'short' }, '/accessToken'],
      [{ ...WHATSAPP, verifyToken: 'has spaces in it' }, '/verifyToken'],
      [{ ...WHATSAPP, wabaId: 'waba' }, '/wabaId'],
      [{ phoneNumberId: PHONE_NUMBER_ID, accessToken: ACCESS_TOKEN, verifyToken: VERIFY_TOKEN }, '/appSecret'],
      [{ ...WHATSAPP, webhookUrl: 'https://x.test' }, '/webhookUrl'],
    ];
    for (const [body, path] of cases) {
      const res = await put(body);
      expect(res.status, path).toBe(422);
      expect(
        res.body.errors.map((e: { path: string }) => e.path),
        path,
      ).toContain(path);
      expectNoSecret(JSON.stringify(res.body), path);
    }
    expect((await channels()).whatsapp).toEqual({ connected: false });
  });

  it('is for admins only', async () => {
    const editor = { email: 'editor@botloom.test', password: 'editor-password-123', role: 'editor' };
    expect((await app.call('POST', '/api/users', { token, body: editor })).status).toBe(201);
    const editorToken = await app.login(editor.email, editor.password);
    expect((await put(WHATSAPP, botId, editorToken)).status).toBe(403);
    expect((await app.call('DELETE', `/api/bots/${botId}/channels/whatsapp`, { token: editorToken })).status).toBe(403);
    expect((await channels()).whatsapp).toEqual({ connected: false });
  });

  it('answers 200 with every secret masked, the webhook URL for Meta and a verify token hint', async () => {
    const body = await connectWhatsApp(app, token, botId);
    expect(body.whatsapp).toEqual({
      connected: true,
      phoneNumberId: PHONE_NUMBER_ID,
      wabaId: WABA_ID,
      accessToken: `••••${ACCESS_TOKEN.slice(-4)}`,
      appSecret: `••••${APP_SECRET.slice(-4)}`,
      verifyToken: `••••${VERIFY_TOKEN.slice(-4)}`,
      updatedAt: expect.any(String),
    });
    expect(body.webhookUrls.whatsapp).toBe(`${PUBLIC_URL}/webhooks/whatsapp/${botId}`);
    expectNoSecret(JSON.stringify(body), 'PUT answer');
    const check = channelsSchemaCheck();
    expect(check(body), JSON.stringify(check.errors)).toBe(true);
  });

  it('never shows a secret in GET /api/bots/:id, GET /channels, the bot list or the audit log', async () => {
    for (const path of [`/api/bots/${botId}`, `/api/bots/${botId}/channels`, '/api/bots', '/api/audit-log']) {
      const res = await app.call('GET', path, { token });
      expect(res.status, path).toBe(200);
      expectNoSecret(JSON.stringify(res.body), path);
      expect(JSON.stringify(res.body), path).not.toMatch(/accessTokenEnc|appSecretEnc|verifyTokenEnc/);
    }
    expect((await channels()).whatsapp).toMatchObject({
      connected: true,
      phoneNumberId: PHONE_NUMBER_ID,
      verifyToken: expect.stringContaining('•'),
    });
    const audit = (await app.call('GET', '/api/audit-log', { token })).body as Array<{
      action: string;
      targetId: string;
      details: unknown;
    }>;
    expect(audit.find((e) => e.action === 'channel.whatsapp.updated')).toMatchObject({
      targetId: botId,
      details: { phoneNumberId: PHONE_NUMBER_ID, wabaId: WABA_ID },
    });
  });

  it('stores every secret sealed: the raw document never holds one, and each opens only with the app key', async () => {
    const doc = await rawBot();
    const stored = doc?.channels?.whatsapp as Record<string, string>;
    expect(Object.keys(stored).sort()).toEqual([
      'accessTokenEnc',
      'appSecretEnc',
      'phoneNumberId',
      'updatedAt',
      'verifyTokenEnc',
      'wabaId',
    ]);
    expectNoSecret(JSON.stringify(doc), 'raw document');
    const secrets = app.botloom.context.secrets;
    expect([secrets.open(stored.accessTokenEnc!), secrets.open(stored.appSecretEnc!), secrets.open(stored.verifyTokenEnc!)]).toEqual(
      SECRETS,
    );
  });

  it('keeps Twilio and WhatsApp side by side', async () => {
    const twilio = { accountSid: `AC${'a'.repeat(32)}`, authToken: 'twilio-auth-token-123', from: '+15550001111' };
    const res = await app.call('PUT', `/api/bots/${botId}/channels/twilio`, { token, body: twilio });
    expect(res.status).toBe(200);
    expect(res.body.whatsapp).toMatchObject({ connected: true, phoneNumberId: PHONE_NUMBER_ID });
    expect(res.body.twilio).toMatchObject({ connected: true, from: '+15550001111' });
    const again = await connectWhatsApp(app, token, botId, {
      ...WHATSAPP,
      wabaId: undefined,
      accessToken: 'EAAnotherTokenValue0000001234',
    });
    expect(again.twilio).toMatchObject({ connected: true });
    expect(again.whatsapp).toMatchObject({ wabaId: '', accessToken: '••••1234' });
  });

  it('removes the credentials with DELETE (204), audited', async () => {
    const other = (await app.call('POST', '/api/bots', { token, body: { name: 'Disconnect' } })).body.id;
    await connectWhatsApp(app, token, other);
    expect((await app.call('DELETE', `/api/bots/${other}/channels/whatsapp`, { token })).status).toBe(204);
    expect((await channels(other)).whatsapp).toEqual({ connected: false });
    expect((await rawBot(other))?.channels?.whatsapp).toBeUndefined();
    const audit = (await app.call('GET', '/api/audit-log', { token })).body as Array<{ action: string; targetId: string }>;
    expect(audit.some((e) => e.action === 'channel.whatsapp.removed' && e.targetId === other)).toBe(true);
  });
});

describe("GET /webhooks/whatsapp/:botId (Meta's verification)", () => {
  const verify = async (query: Record<string, string>, id = botId) => {
    const res = await fetch(`${app.url}/webhooks/whatsapp/${id}?${new URLSearchParams(query).toString()}`);
    return { status: res.status, type: res.headers.get('content-type') ?? '', text: await res.text() };
  };
  const good = { 'hub.mode': 'subscribe', 'hub.verify_token': VERIFY_TOKEN, 'hub.challenge': '1158201444' };

  it('answers the challenge as plain text when the verify token matches', async () => {
    const res = await verify(good);
    expect(res).toMatchObject({ status: 200, text: '1158201444' });
    expect(res.type).toMatch(/^text\/plain/);
  });

  it('answers 403 for a wrong or missing token, another mode, an unknown bot or a bot without WhatsApp', async () => {
    const bare = (await app.call('POST', '/api/bots', { token, body: { name: 'No WhatsApp' } })).body.id;
    const attempts: Array<[Record<string, string>, string?]> = [
      [{ ...good, 'hub.verify_token': `${VERIFY_TOKEN}x` }],
      [{ ...good, 'hub.verify_token': VERIFY_TOKEN.slice(0, -1) }],
      [{ 'hub.mode': 'subscribe', 'hub.challenge': '1' }],
      [{ ...good, 'hub.mode': 'unsubscribe' }],
      [good, bare],
      [good, '0123456789abcdef01234567'],
      [good, 'not-an-id'],
    ];
    for (const [query, id] of attempts) {
      const res = await verify(query, id);
      expect(res.status, JSON.stringify([query, id])).toBe(403);
      expect(res.text).not.toContain(query['hub.challenge'] ?? '1158201444');
    }
  });
});
