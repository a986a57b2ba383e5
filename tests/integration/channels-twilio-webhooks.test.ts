// Twilio's webhooks at the edge: the signature (Twilio's own published example through the exact
// function the webhook uses), tampered requests, replays of one MessageSid, and status callbacks
// that arrive out of order.
import { io as connectSocket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isValidTwilioSignature, twilioSignature } from '../../server/src/adapters/twilio/twilio-signature';
import { ContactModel, MessageModel } from '../../server/src/adapters/mongo/models';
import { edge, node, type TestApp } from '../support/app-harness';
import { botWithFlow, journal, publish, transcript, until, type Api } from './conversations-helpers';
import {
  AUTH_TOKEN,
  PUBLIC_URL,
  bodiesTo,
  connectTwilio,
  contactSays,
  inboundParams,
  postTwilioWebhook,
  startAppWithFakeTwilio,
  statusCallback,
  type FakeTwilio,
} from './channels-helpers';

let twilio: FakeTwilio;
let app: TestApp;
let api: Api;
let botId: string;

beforeAll(async () => {
  ({ twilio, app, api } = await startAppWithFakeTwilio('ch-webhooks'));
  botId = await botWithFlow(api, 'Echo', {
    nodes: [
      node('s', 'start'),
      node('q', 'ask', { question: 'Your name?', save_as: 'name' }),
      node('m', 'send_message', { text: 'Hi {{state.name}}' }),
      node('e', 'end'),
    ],
    edges: [edge('s', 'q'), edge('q', 'm', 'answered'), edge('m', 'e')],
  });
  await publish(api, botId);
  await connectTwilio(api, botId, { smsPerSecond: 100 });
});
afterAll(async () => {
  await app?.stop();
  await twilio?.close();
});

describe("Twilio's request signature", () => {
  // https://www.twilio.com/docs/usage/security#validating-requests
  const url = 'https://mycompany.com/myapp.php?foo=1&bar=2';
  const params = { CallSid: 'CA1234567890ABCDE', Caller: '+12349013030', Digits: '1234', From: '+12349013030', To: '+18005551212' };

  it("gives Twilio's published example signature", () => {
    expect(twilioSignature('12345', url, params)).toBe('0/KCTR6DLpKmkAf8muzZqo1nDgQ=');
    expect(isValidTwilioSignature('12345', '0/KCTR6DLpKmkAf8muzZqo1nDgQ=', url, params)).toBe(true);
  });

  it('refuses a changed parameter, URL, token or signature', () => {
    expect(isValidTwilioSignature('12345', '0/KCTR6DLpKmkAf8muzZqo1nDgQ=', url, { ...params, Digits: '1235' })).toBe(false);
    expect(isValidTwilioSignature('12345', '0/KCTR6DLpKmkAf8muzZqo1nDgQ=', url.replace('foo=1', 'foo=2'), params)).toBe(false);
    expect(isValidTwilioSignature('54321', '0/KCTR6DLpKmkAf8muzZqo1nDgQ=', url, params)).toBe(false);
    expect(isValidTwilioSignature('12345', '1/KCTR6DLpKmkAf8muzZqo1nDgQ=', url, params)).toBe(false);
    expect(isValidTwilioSignature('12345', '0/KCTR6DLpKmkAf8muzZqo1nDgQ=', url, { ...params, Extra: 'x' })).toBe(false);
  });
});

describe('the inbound webhook', () => {
  const path = () => `/webhooks/twilio/${botId}/messages`;

  it('refuses tampered parameters, a signature over another URL, another token, or none', async () => {
    const params = inboundParams('+15551110001', 'hello');
    const signature = twilioSignature(AUTH_TOKEN, PUBLIC_URL + path(), params);
    expect(await postTwilioWebhook(app.url, path(), { ...params, Body: 'hello!' }, { signature })).toBe(403);
    expect(await postTwilioWebhook(app.url, path(), { ...params, From: '+15551110002' }, { signature })).toBe(403);
    expect(
      await postTwilioWebhook(app.url, path(), params, { signature: twilioSignature(AUTH_TOKEN, `http://127.0.0.1${path()}`, params) }),
    ).toBe(403);
    expect(await postTwilioWebhook(app.url, path(), params, { authToken: 'someone-elses-token' })).toBe(403);
    expect(await postTwilioWebhook(app.url, path(), params, { signature: '' })).toBe(403);
    expect(await ContactModel.countDocuments({ address: { $in: ['+15551110001', '+15551110002'] } })).toBe(0);
    expect(await postTwilioWebhook(app.url, path(), params, { signature })).toBe(200); // the untouched request passes
  });

  it('processes a replayed MessageSid once, however often and however concurrently it comes', async () => {
    const contact = '+15551110003';
    const params = inboundParams(contact, 'first');
    const statuses = await Promise.all([1, 2, 3].map(() => postTwilioWebhook(app.url, path(), params)));
    expect(statuses).toEqual([200, 200, 200]);
    await until('the question', async () => bodiesTo(twilio, contact).length === 1);
    expect(await postTwilioWebhook(app.url, path(), params)).toBe(200); // a late replay
    await contactSays(api, botId, contact, 'Ada');
    await until('the answer', async () => bodiesTo(twilio, contact).length === 2);
    expect(await postTwilioWebhook(app.url, path(), params)).toBe(200);
    expect(bodiesTo(twilio, contact)).toEqual(['Your name?', 'Hi Ada']);
    expect((await transcript(api, botId, contact)).map((m) => [m.direction, m.text])).toEqual([
      ['in', 'first'],
      ['out', 'Your name?'],
      ['in', 'Ada'],
      ['out', 'Hi Ada'],
    ]);
    expect(await MessageModel.countDocuments({ providerId: params.MessageSid })).toBe(1);
  });
});

describe('status callbacks', () => {
  const contact = '+15551110004';
  let conversationId: string;

  beforeAll(async () => {
    await contactSays(api, botId, contact, 'hi');
    await until('the question', async () => bodiesTo(twilio, contact).length === 1);
    conversationId = (await transcript(api, botId, contact))[1]!.conversationId!;
  });

  const sendOne = async (key: string, text: string) => {
    const contactDoc = await ContactModel.findOne({ address: contact, channel: 'sms' }).lean();
    const id = await app.botloom.context.outbox.send({
      key,
      botId,
      contactId: contactDoc!._id.toString(),
      conversationId,
      channel: 'sms',
      message: { text },
      sentBy: 'bot',
    });
    const message = await MessageModel.findById(id).lean();
    return message!.providerId!;
  };
  const stored = (sid: string) => MessageModel.findOne({ providerId: sid }, { status: 1, errorCode: 1 }).lean();

  it('delivered, then a late "sent": stays delivered; then read', async () => {
    const sid = await sendOne('status:1', 'one');
    expect(await statusCallback(api, botId, sid, 'delivered')).toBe(204);
    expect(await statusCallback(api, botId, sid, 'sent')).toBe(204);
    expect(await statusCallback(api, botId, sid, 'queued')).toBe(204);
    expect(await stored(sid)).toMatchObject({ status: 'delivered' });
    expect(await statusCallback(api, botId, sid, 'read')).toBe(204);
    expect(await statusCallback(api, botId, sid, 'delivered')).toBe(204);
    expect(await stored(sid)).toMatchObject({ status: 'read' });
  });

  it('failed and undelivered store the ErrorCode, are not overwritten by a late "sent", and are journaled', async () => {
    const failed = await sendOne('status:2', 'two');
    const undelivered = await sendOne('status:3', 'three');
    expect(await statusCallback(api, botId, failed, 'sent')).toBe(204);
    expect(await statusCallback(api, botId, failed, 'failed', '30007')).toBe(204);
    expect(await statusCallback(api, botId, failed, 'sent')).toBe(204);
    expect(await statusCallback(api, botId, undelivered, 'undelivered', '30003')).toBe(204);
    expect(await stored(failed)).toMatchObject({ status: 'failed', errorCode: '30007' });
    expect(await stored(undelivered)).toMatchObject({ status: 'undelivered', errorCode: '30003' });
    const entries = await until('the journal entries', async () => {
      const all = (await journal(api, conversationId)).filter((e) => e.type === 'message.failed');
      return all.length === 2 && all;
    });
    expect(entries.map((e) => [e.data.status, e.data.errorCode])).toEqual([
      ['failed', '30007'],
      ['undelivered', '30003'],
    ]);
    const lines = await transcript(api, botId, contact);
    expect(lines.filter((m) => m.text === 'two' || m.text === 'three').map((m) => [m.text, m.status])).toEqual([
      ['two', 'failed'],
      ['three', 'undelivered'],
    ]);
  });

  it('tells whoever watches the conversation, live, each status that changed', async () => {
    const token = await app.login();
    const socket = connectSocket(app.url, { auth: { token }, transports: ['websocket'], reconnection: false });
    try {
      expect(await socket.emitWithAck('subscribe', { conversationId })).toEqual({ ok: true });
      const seen: Array<Record<string, unknown>> = [];
      socket.on('message.status', (e) => seen.push(e));
      const sid = await sendOne('status:live', 'live');
      const messageId = (await MessageModel.findOne({ providerId: sid }, { _id: 1 }).lean())!._id.toString();
      await expect.poll(() => seen.filter((e) => e.messageId === messageId).map((e) => e.status)).toContain('queued');
      expect(await statusCallback(api, botId, sid, 'undelivered', '30003')).toBe(204);
      expect(await statusCallback(api, botId, sid, 'sent')).toBe(204); // too late: changes nothing, says nothing
      await expect.poll(() => seen.filter((e) => e.messageId === messageId).map((e) => e.status)).toEqual(['queued', 'undelivered']);
      expect(seen.at(-1)).toMatchObject({ botId, conversationId, messageId, status: 'undelivered' });
    } finally {
      socket.close();
    }
  });

  it('refuses an unsigned callback and ignores an unknown sid or status', async () => {
    const sid = await sendOne('status:4', 'four');
    expect(
      await postTwilioWebhook(
        app.url,
        `/webhooks/twilio/${botId}/status`,
        { MessageSid: sid, MessageStatus: 'failed' },
        { signature: 'nope' },
      ),
    ).toBe(403);
    expect(await statusCallback(api, botId, `SM${'f'.repeat(32)}`, 'delivered')).toBe(204);
    expect(await statusCallback(api, botId, sid, 'exploded')).toBe(204);
    expect(await stored(sid)).toMatchObject({ status: 'queued' });
  });
});
