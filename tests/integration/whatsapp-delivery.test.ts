// Sending through the WhatsApp Cloud API: which provider answers a contact (the one it came
// through), retries with backoff through the outbox, errors that fail a message for good.
// Twilio and the Graph API are local servers speaking their REST shapes.
import twilio from 'twilio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { edge, node, startTestApp, type TestApp } from '../support/app-harness';
import { ContactModel, MessageModel } from '../../server/src/adapters/mongo/models';
import { botWithFlow, publish, startLocalServer, until, type Api, type LocalServer } from './conversations-helpers';
import { ACCESS_TOKEN, APP_SECRET, connectWhatsApp, deliver, inbound, startFakeGraph, text, type FakeGraph } from './whatsapp-helpers';

const PUBLIC_URL = 'https://bots.example.test';
const ACCOUNT_SID = `AC${'2'.repeat(32)}`;
const AUTH_TOKEN = 'twilio-auth-token-456';
const TWILIO_WA = '+15550002222';

let graph: FakeGraph;
let twilioApi: LocalServer;
let app: TestApp;
let api: Api;
/** Twilio (SMS and a WhatsApp sender) and the Cloud API both connected. */
let both: string;
/** Only the Cloud API connected. */
let metaOnly: string;
let sids = 0;

const flow = (text: string) => ({
  nodes: [node('s', 'start'), node('m', 'send_message', { text }), node('e', 'end')],
  edges: [edge('s', 'm'), edge('m', 'e')],
});

beforeAll(async () => {
  graph = await startFakeGraph();
  twilioApi = await startLocalServer((req) => {
    const form = Object.fromEntries(new URLSearchParams(req.body));
    return {
      status: 201,
      body: {
        sid: `SM${String(++sids).padStart(32, '0')}`,
        status: 'queued',
        account_sid: ACCOUNT_SID,
        to: form.To,
        from: form.From,
        body: form.Body,
      },
    };
  });
  app = await startTestApp({
    label: 'wa-delivery',
    env: { PUBLIC_URL, TWILIO_API_BASE_URL: twilioApi.url, WHATSAPP_API_BASE_URL: graph.url },
  });
  api = { app, token: await app.login() };
  both = await botWithFlow(api, 'Both providers', flow('Welcome!'));
  await publish(api, both);
  await connectWhatsApp(app, api.token, both);
  const res = await app.call('PUT', `/api/bots/${both}/channels/twilio`, {
    token: api.token,
    body: { accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, from: '+15550009999', whatsappFrom: TWILIO_WA },
  });
  expect(res.status).toBe(200);
  metaOnly = await botWithFlow(api, 'Cloud API only', {
    nodes: [
      node('s', 'start'),
      node('m', 'send_message', { text: 'Our menu', media_url: 'https://cdn.example.test/menu.png' }),
      node('w', 'send_message', { text: 'Welcome!' }),
      node('e', 'end'),
    ],
    edges: [edge('s', 'm'), edge('m', 'w'), edge('w', 'e')],
  });
  await publish(api, metaOnly);
  await connectWhatsApp(app, api.token, metaOnly);
});
afterAll(async () => {
  await app?.stop();
  await graph?.close();
  await twilioApi?.close();
});

const twilioSent = () =>
  twilioApi.requests.filter((r) => r.url.endsWith('/Messages.json')).map((r) => Object.fromEntries(new URLSearchParams(r.body)));
const graphSentTo = (to: string) => graph.sent().filter((m) => m.to === to);

/** Twilio's inbound webhook for a WhatsApp message, signed like Twilio signs it. */
async function deliverTwilioWhatsApp(botId: string, from: string, sid: string, body: string): Promise<number> {
  const path = `/webhooks/twilio/${botId}/messages`;
  const params = {
    MessageSid: sid,
    AccountSid: ACCOUNT_SID,
    From: `whatsapp:${from}`,
    To: `whatsapp:${TWILIO_WA}`,
    Body: body,
    ProfileName: 'Grace',
    NumMedia: '0',
  };
  const signature = twilio.getExpectedTwilioSignature(AUTH_TOKEN, PUBLIC_URL + path, params);
  const res = await fetch(app.url + path, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature },
    body: new URLSearchParams(params).toString(),
  });
  await res.text();
  return res.status;
}

describe('provider routing', () => {
  it('answers a contact through the provider it came through', async () => {
    expect(await deliverTwilioWhatsApp(both, '+447700900010', `SM${'c'.repeat(32)}`, 'hi')).toBe(200);
    await until('the answer over Twilio', async () => twilioSent().length >= 1);
    expect(twilioSent()).toEqual([
      expect.objectContaining({ To: 'whatsapp:+447700900010', From: `whatsapp:${TWILIO_WA}`, Body: 'Welcome!' }),
    ]);

    expect(await deliver(app, both, inbound('447700900011', text('wamid.R1', 'hi')))).toBe(200);
    await until('the answer over the Cloud API', async () => graphSentTo('447700900011').length >= 1);
    expect(graphSentTo('447700900011')).toEqual([
      { messaging_product: 'whatsapp', to: '447700900011', type: 'text', text: { body: 'Welcome!' } },
    ]);
    expect(graphSentTo('447700900010')).toEqual([]);
    expect(twilioSent()).toHaveLength(1);
    expect((await ContactModel.find({ botId: both }).sort({ address: 1 }).lean()).map((c) => [c.address, c.channel, c.provider])).toEqual([
      ['+447700900010', 'whatsapp', 'twilio'],
      ['+447700900011', 'whatsapp', 'meta'],
    ]);
  });

  it('follows a number that moves from Twilio to the Cloud API: one contact, answered the new way', async () => {
    expect(await deliver(app, both, inbound('447700900010', text('wamid.R2', 'hello again')))).toBe(200);
    await until('the answer over the Cloud API', async () => graphSentTo('447700900010').length >= 1);
    expect(twilioSent()).toHaveLength(1);
    expect(await ContactModel.find({ botId: both, address: '+447700900010' }).lean()).toEqual([
      expect.objectContaining({ provider: 'meta' }),
    ]);
  });

  it('sends to a contact that never wrote by what the bot has connected', async () => {
    const outbox = app.botloom.context.outbox;
    const send = async (botId: string, address: string) => {
      const contact = await ContactModel.create({ botId, channel: 'whatsapp', address });
      return outbox.send({
        key: `notice:${address}`,
        botId,
        contactId: contact._id.toString(),
        channel: 'whatsapp',
        message: { text: 'Your table is ready' },
        sentBy: 'bot',
      });
    };
    await send(both, '+447700900020'); // Twilio has a WhatsApp sender: Twilio
    expect(twilioSent().at(-1)).toMatchObject({ To: 'whatsapp:+447700900020', Body: 'Your table is ready' });
    await send(metaOnly, '+447700900021'); // only the Cloud API: Meta
    expect(graphSentTo('447700900021')).toEqual([
      { messaging_product: 'whatsapp', to: '447700900021', type: 'text', text: { body: 'Your table is ready' } },
    ]);
  });
});

describe('sending through the Cloud API', () => {
  it('sends an image by link with its caption', async () => {
    expect(await deliver(app, metaOnly, inbound('447700900030', text('wamid.M1', 'menu?')))).toBe(200);
    await until('both messages', async () => graphSentTo('447700900030').length >= 2);
    expect(graphSentTo('447700900030')).toEqual([
      {
        messaging_product: 'whatsapp',
        to: '447700900030',
        type: 'image',
        image: { link: 'https://cdn.example.test/menu.png', caption: 'Our menu' },
      },
      { messaging_product: 'whatsapp', to: '447700900030', type: 'text', text: { body: 'Welcome!' } },
    ]);
  });

  it('retries a message the Graph API failed with a 500, with backoff, and sends it once', async () => {
    const to = '447700900040';
    graph.failNext(1, 500);
    const startedAt = Date.now();
    expect(await deliver(app, both, inbound(to, text('wamid.M2', 'hi')))).toBe(200);
    const reply = await until(
      'the retry to go through',
      () => MessageModel.findOne({ botId: both, direction: 'out', attempts: 2, providerId: { $ne: null } }).lean(),
      15_000,
    );
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(1_500); // the first backoff is 2 s
    await new Promise((r) => setTimeout(r, 500));
    // the failed call and the retry carried the same message; nothing else went out
    const calls = graph.requests.filter((r) => r.method === 'POST' && JSON.parse(r.body).to === to);
    expect(calls).toHaveLength(2);
    expect(calls[0]!.body).toBe(calls[1]!.body);
    expect(JSON.parse(calls[1]!.body)).toEqual({ messaging_product: 'whatsapp', to, type: 'text', text: { body: 'Welcome!' } });
    expect(reply).toMatchObject({ text: 'Welcome!', status: 'queued', providerId: expect.stringMatching(/^wamid\.OUT/) });
    expect(twilioSent().filter((m) => m.To?.includes(to))).toEqual([]);
  });

  it("fails a message for good on Meta's re-engagement error, keeping the code, and never shows the token", async () => {
    const to = '447700900050';
    graph.failNext(1, 400, {
      error: {
        message: 'Re-engagement message',
        type: 'OAuthException',
        code: 131047,
        error_data: { details: 'More than 24 hours have passed' },
        fbtrace_id: 'Az',
      },
    });
    expect(await deliver(app, both, inbound(to, text('wamid.M3', 'hi')))).toBe(200);
    const failed = await until('the failure', () => MessageModel.findOne({ botId: both, direction: 'out', status: 'failed' }).lean());
    expect(failed).toMatchObject({ text: 'Welcome!', errorCode: '131047', attempts: 1 });
    await new Promise((r) => setTimeout(r, 2_500)); // past the first backoff: no retry
    expect(graph.requests.filter((r) => r.method === 'POST' && JSON.parse(r.body).to === to)).toHaveLength(1);
    expect(await MessageModel.findById(failed._id).lean()).toMatchObject({ status: 'failed', attempts: 1 });
    const json = JSON.stringify(await MessageModel.find({ botId: both }).lean());
    expect(json).not.toContain(ACCESS_TOKEN);
    expect(json).not.toContain(APP_SECRET);
  });
});
