// Idempotent edges: a provider's retried inbound message is stored and answered once; an outbox
// key is sent once. Twilio is a local server speaking its REST shape (TWILIO_API_BASE_URL).
import twilio from 'twilio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { edge, node, startTestApp, type TestApp } from '../support/app-harness';
import { MessageModel } from '../../server/src/adapters/mongo/models';
import { receiveInbound } from '../../server/src/app/standalone-runtime';
import { botWithFlow, publish, transcript, until, type Api, type LocalServer, startLocalServer } from './conversations-helpers';

const PUBLIC_URL = 'https://bots.example.test';
const ACCOUNT_SID = `AC${'1'.repeat(32)}`;
const AUTH_TOKEN = 'twilio-auth-token-123';
const CONTACT = '+15550001111';

let twilioApi: LocalServer;
let app: TestApp;
let api: Api;
let botId: string;
let sent = 0;

/** What the fake Twilio was asked to send, in order. */
const sentBodies = () =>
  twilioApi.requests.filter((r) => r.url.endsWith('/Messages.json')).map((r) => Object.fromEntries(new URLSearchParams(r.body)));

beforeAll(async () => {
  twilioApi = await startLocalServer((req) => {
    const form = Object.fromEntries(new URLSearchParams(req.body));
    return {
      status: 201,
      body: {
        sid: `SM${String(++sent).padStart(32, '0')}`,
        status: 'queued',
        account_sid: ACCOUNT_SID,
        to: form.To,
        from: form.From,
        body: form.Body,
      },
    };
  });
  app = await startTestApp({ label: 'conv-idem', env: { PUBLIC_URL, TWILIO_API_BASE_URL: twilioApi.url } });
  api = { app, token: await app.login() };
  botId = await botWithFlow(api, 'SMS bot', {
    nodes: [
      node('s', 'start'),
      node('name', 'ask', { question: 'Hi! Your name?', save_as: 'name' }),
      node('m', 'send_message', { text: 'Nice to meet you, {{state.name}}.' }),
      node('e', 'end'),
    ],
    edges: [edge('s', 'name'), edge('name', 'm', 'answered'), edge('m', 'e')],
  });
  await publish(api, botId);
  const channel = await app.call('PUT', `/api/bots/${botId}/channels/twilio`, {
    token: api.token,
    body: { accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, from: '+15550009999' },
  });
  expect(channel.status, JSON.stringify(channel.body)).toBe(200);
});
afterAll(async () => {
  await app?.stop();
  await twilioApi?.close();
});

/** Twilio's inbound webhook, signed like Twilio signs it. */
async function deliverSms(messageSid: string, body: string): Promise<number> {
  const path = `/webhooks/twilio/${botId}/messages`;
  const params = {
    MessageSid: messageSid,
    SmsMessageSid: messageSid,
    AccountSid: ACCOUNT_SID,
    From: CONTACT,
    To: '+15550009999',
    Body: body,
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

const lines = async () => (await transcript(api, botId, CONTACT)).map((m) => [m.direction, m.text]);

describe('a provider retrying an inbound message', () => {
  it('stores and answers a Twilio message once, however often it is delivered', async () => {
    const sid = `SM${'a'.repeat(32)}`;
    // Twilio retries: twice at the same moment, once more a little later
    expect(await Promise.all([deliverSms(sid, 'hello'), deliverSms(sid, 'hello')])).toEqual([200, 200]);
    await until('the bot to answer over Twilio', async () => sentBodies().length >= 1);
    expect(await deliverSms(sid, 'hello')).toBe(200);
    const next = `SM${'b'.repeat(32)}`;
    expect(await deliverSms(next, 'Ada')).toBe(200);
    await until('the second answer', async () => sentBodies().length >= 2);
    expect(await deliverSms(next, 'Ada')).toBe(200);
    expect(await deliverSms(sid, 'hello')).toBe(200);

    await until('the transcript to settle', async () => (await lines()).length === 4);
    expect(await lines()).toEqual([
      ['in', 'hello'],
      ['out', 'Hi! Your name?'],
      ['in', 'Ada'],
      ['out', 'Nice to meet you, Ada.'],
    ]);
    expect(sentBodies().map((b) => [b.To, b.From, b.Body])).toEqual([
      [CONTACT, '+15550009999', 'Hi! Your name?'],
      [CONTACT, '+15550009999', 'Nice to meet you, Ada.'],
    ]);
    expect(await MessageModel.countDocuments({ providerId: { $in: [sid, next] } })).toBe(2);
    const outbound = await MessageModel.find({ direction: 'out', botId }).lean();
    expect(outbound.map((m) => [m.status, m.providerId?.startsWith('SM')])).toEqual([
      ['queued', true],
      ['queued', true],
    ]);
  });

  it('returns the same message for the same provider id when receiveInbound is called twice', async () => {
    const input = {
      botId,
      channel: 'sms' as const,
      address: '+15550002222',
      text: 'once',
      providerId: 'SM-direct-1',
      flowSource: 'published' as const,
    };
    const [a, b] = await Promise.all([receiveInbound(input, new Date()), receiveInbound(input, new Date())]);
    expect([a.duplicate, b.duplicate].sort()).toEqual([false, true]);
    expect(a.messageId).toBe(b.messageId);
    const again = await receiveInbound({ ...input, text: 'a retry with other text' }, new Date());
    // not processed yet (nothing here processes it): a retry says so, for its receiver to handle it
    expect(again).toEqual({ messageId: a.messageId, contactId: a.contactId, duplicate: true, unhandled: true });
    expect(await MessageModel.find({ providerId: 'SM-direct-1' }).lean()).toEqual([
      expect.objectContaining({ text: 'once', direction: 'in' }),
    ]);
    // the same id on another channel is another message
    const whatsapp = await receiveInbound({ ...input, channel: 'whatsapp' }, new Date());
    expect(whatsapp.duplicate).toBe(false);
  });
});

describe('the outbox', () => {
  it('sends a key once, however often (and however concurrently) it is sent or retried', async () => {
    const contactId = (await MessageModel.findOne({ direction: 'in', text: 'hello' }).lean())!.contactId.toString();
    const before = sentBodies().length;
    const request = {
      key: 'reminder:42',
      botId,
      contactId,
      channel: 'sms' as const,
      message: { text: 'Your code is 1234' },
      sentBy: 'bot' as const,
    };
    const outbox = app.botloom.context.outbox;
    const ids = await Promise.all([outbox.send(request), outbox.send(request), outbox.send(request)]);
    expect(new Set(ids).size).toBe(1);
    expect(await outbox.send(request)).toBe(ids[0]);
    await outbox.retry(ids[0]!);
    expect(
      sentBodies()
        .slice(before)
        .map((b) => b.Body),
    ).toEqual(['Your code is 1234']);
    expect(await MessageModel.find({ dedupeKey: 'out:reminder:42' }).lean()).toEqual([
      expect.objectContaining({ status: 'queued', attempts: 1, providerId: expect.stringMatching(/^SM/) }),
    ]);
  });
});
