// Facebook Messenger end to end, driven as Meta drives it: the page connected through the API,
// Meta's verification handshake, signed deliveries (forged and unsigned ones refused), retries of
// the same mid, replies through a local Send API stand-in (MESSENGER_API_BASE_URL) with quick
// replies within Messenger's limits, delivery and read receipts, and the 24-hour window.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContactModel, MessageModel } from '../../server/src/adapters/mongo/models';
import { edge, node, startTestApp, type TestApp } from '../support/app-harness';
import { botWithFlow, conversation, publish, transcript, until, type Api } from './conversations-helpers';
import {
  APP_SECRET,
  connectMessenger,
  deliver,
  MESSENGER,
  PAGE_ACCESS_TOKEN,
  PAGE_ID,
  pageEvents,
  quickReply,
  sign,
  startFakeSendApi,
  textMessage,
  VERIFY_TOKEN,
  type FakeSendApi,
} from './messenger-helpers';
import { createHmac } from 'node:crypto';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec', 'Never', 'Later'];
const ADA = '7001002003004005';

let sendApi: FakeSendApi;
let app: TestApp;
let api: Api;
let botId: string;

beforeAll(async () => {
  sendApi = await startFakeSendApi();
  app = await startTestApp({ label: 'messenger', env: { PUBLIC_URL: 'https://bots.example.test', MESSENGER_API_BASE_URL: `${sendApi.url}/v21.0` } });
  api = { app, token: await app.login() };
  botId = await botWithFlow(api, 'Messenger bot', {
    nodes: [
      node('s', 'start'),
      node('colour', 'ask', { question: 'Which colour?', answer_type: 'choice', choices: ['Red', 'Green', 'Blue'], save_as: 'colour' }),
      node('month', 'ask', { question: 'Pick a month', answer_type: 'choice', choices: MONTHS, save_as: 'month' }),
      node('slot', 'ask', { question: 'When?', answer_type: 'choice', choices: ['Tuesday afternoon pls', 'Whenever'], save_as: 'slot' }),
      node('done', 'send_message', { text: 'You chose {{state.colour}}, {{state.month}}, {{state.slot}}.' }),
      node('w', 'wait', { mode: 'duration', duration: 2, unit: 'seconds' }),
      node('later', 'send_message', { text: 'Still there?' }),
      node('e', 'end'),
    ],
    edges: [
      edge('s', 'colour'),
      edge('colour', 'month', 'answered'),
      edge('month', 'slot', 'answered'),
      edge('slot', 'done', 'answered'),
      edge('done', 'w'),
      edge('w', 'later'),
      edge('later', 'e'),
    ],
  });
  await publish(api, botId);
});
afterAll(async () => {
  await app?.stop();
  await sendApi?.close();
});

const callsTo = (psid: string) => sendApi.calls().filter((c) => c.body.recipient?.id === psid);

describe('connecting a page', () => {
  it('stores the credentials sealed and answers them masked; lists the webhook URL', async () => {
    const connected = await connectMessenger(app, api.token, botId);
    expect(connected.messenger).toMatchObject({ connected: true, pageId: PAGE_ID });
    const answer = JSON.stringify(connected);
    for (const secret of [PAGE_ACCESS_TOKEN, APP_SECRET, VERIFY_TOKEN]) expect(answer).not.toContain(secret);
    expect(connected.messenger.pageAccessToken).toMatch(/^•+TEST$|\*/);
    expect(connected.webhookUrls.messenger).toBe(`https://bots.example.test/webhooks/messenger/${botId}`);
    const listed = await app.call('GET', `/api/bots/${botId}/channels`, { token: api.token });
    expect(listed.body.messenger).toEqual(connected.messenger);
  });

  it('refuses a malformed page, naming the field (422), and anyone but an admin', async () => {
    const bad = await app.call('PUT', `/api/bots/${botId}/channels/messenger`, { token: api.token, body: { ...MESSENGER, pageId: 'my page' } });
    expect(bad.status).toBe(422);
    expect(bad.body.errors).toContainEqual({ path: '/pageId', message: expect.stringContaining('pattern') });
    const missing = await app.call('PUT', `/api/bots/${botId}/channels/messenger`, { token: api.token, body: { pageId: PAGE_ID } });
    expect(missing.body.errors.map((e: { path: string }) => e.path)).toEqual(expect.arrayContaining(['/pageAccessToken', '/appSecret', '/verifyToken']));
    expect((await app.call('PUT', `/api/bots/${botId}/channels/messenger`, { body: MESSENGER })).status).toBe(401);
    await app.call('POST', '/api/users', { token: api.token, body: { email: 'ed@botloom.test', password: 'a long enough password', role: 'editor' } });
    const editor = await app.login('ed@botloom.test', 'a long enough password');
    expect((await app.call('PUT', `/api/bots/${botId}/channels/messenger`, { token: editor, body: MESSENGER })).status).toBe(403);
  });

  it("answers Meta's verification handshake with the challenge, only for the right verify token", async () => {
    const verify = (token: string, mode = 'subscribe') =>
      fetch(`${app.url}/webhooks/messenger/${botId}?hub.mode=${mode}&hub.verify_token=${encodeURIComponent(token)}&hub.challenge=1158201444`);
    const ok = await verify(VERIFY_TOKEN);
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe('1158201444');
    expect((await verify('not-the-token')).status).toBe(403);
    expect((await verify(VERIFY_TOKEN, 'unsubscribe')).status).toBe(403);
  });
});

describe('a conversation over Messenger', () => {
  it('answers a signed message through the Send API: the page token as a bearer, the appsecret_proof, quick replies', async () => {
    expect(await deliver(app, botId, pageEvents(ADA, textMessage('m.IN1', 'hi')))).toBe(200);
    const [first] = await until('the first question', async () => (callsTo(ADA).length >= 1 ? callsTo(ADA) : null));
    expect(first!.authorization).toBe(`Bearer ${PAGE_ACCESS_TOKEN}`);
    expect(first!.proof).toBe(createHmac('sha256', APP_SECRET).update(PAGE_ACCESS_TOKEN).digest('hex'));
    expect(first!.body).toEqual({
      recipient: { id: ADA },
      messaging_type: 'RESPONSE',
      message: {
        text: 'Which colour?',
        quick_replies: [
          { content_type: 'text', title: 'Red', payload: '1' },
          { content_type: 'text', title: 'Green', payload: '2' },
          { content_type: 'text', title: 'Blue', payload: '3' },
        ],
      },
    });
  });

  it('a retried delivery (same mid) changes nothing: one message stored, one answer', async () => {
    const payload = pageEvents(ADA, quickReply('m.IN2', 'Green', '2'));
    expect(await deliver(app, botId, payload)).toBe(200);
    expect(await deliver(app, botId, payload)).toBe(200);
    await until('the month question', async () => callsTo(ADA).length >= 2);
    expect(await deliver(app, botId, payload)).toBe(200);
    // 14 months are more than 13 quick replies: the numbered text instead
    expect(callsTo(ADA)[1]!.body.message).toEqual({ text: `Pick a month\n${MONTHS.map((m, i) => `${i + 1}. ${m}`).join('\n')}` });
    expect(await MessageModel.countDocuments({ botId, providerId: 'm.IN2' })).toBe(1);
    await new Promise((r) => setTimeout(r, 300));
    expect(callsTo(ADA)).toHaveLength(2);
  });

  it('a title over 20 characters is never cut: numbered text, and a typed number answers it', async () => {
    expect(await deliver(app, botId, pageEvents(ADA, textMessage('m.IN3', '12')))).toBe(200);
    await until('the slot question', async () => callsTo(ADA).length >= 3);
    expect(callsTo(ADA)[2]!.body.message).toEqual({ text: 'When?\n1. Tuesday afternoon pls\n2. Whenever' });
    expect(await deliver(app, botId, pageEvents(ADA, textMessage('m.IN4', '1')))).toBe(200);
    await until('the summary', async () => callsTo(ADA).length >= 4);
    expect(callsTo(ADA)[3]!.body.message).toEqual({ text: 'You chose Green, Dec, Tuesday afternoon pls.' });
  });

  it('outside the 24-hour window nothing is sent: the conversation ends on the problem, told in plain words', async () => {
    // the contact last wrote 25 hours ago (moved back while the conversation waits, instead of waiting a day)
    await ContactModel.updateOne({ botId, channel: 'messenger', address: ADA }, { $set: { lastInboundAt: new Date(Date.now() - 25 * 3_600_000) } });
    const lines = await transcript(api, botId, ADA);
    const conversationId = lines.at(-1)!.conversationId as string;
    const ended = await until('the conversation to end', async () => {
      const c = await conversation(api, conversationId);
      return c.status === 'failed' ? c : null;
    });
    expect(ended.ending).toMatchObject({ kind: 'window_closed', nodeId: 'later' });
    expect(ended.ending.message).toContain('Messenger');
    expect(callsTo(ADA).map((c) => c.body.message.text)).not.toContain('Still there?');
  });

  it('delivery and read receipts move the replies on', async () => {
    const sent = await MessageModel.find({ botId, direction: 'out', channel: 'messenger' }).sort({ createdAt: 1 }).lean();
    expect(sent.map((m) => m.providerId)).toEqual(['m_OUT1', 'm_OUT2', 'm_OUT3', 'm_OUT4']);
    expect(await deliver(app, botId, pageEvents(ADA, { delivery: { mids: ['m_OUT1', 'm_OUT2'], watermark: Date.now() } }))).toBe(200);
    await until('delivered', async () => (await MessageModel.countDocuments({ botId, providerId: { $in: ['m_OUT1', 'm_OUT2'] }, status: 'delivered' })) === 2);
    expect(await deliver(app, botId, pageEvents(ADA, { read: { watermark: sent[2]!.createdAt.getTime() } }))).toBe(200);
    const statuses = await until('read', async () => {
      const rows = await MessageModel.find({ botId, direction: 'out', channel: 'messenger' }).sort({ createdAt: 1 }).lean();
      return rows[2]!.status === 'read' ? rows.map((m) => m.status) : null;
    });
    expect(statuses).toEqual(['read', 'read', 'read', 'sent']);
  });
});

describe('deliveries Meta did not sign', () => {
  const EVE = '7009998887776665';
  const traces = async () => [await ContactModel.countDocuments({ botId, address: EVE }), await MessageModel.countDocuments({ botId, providerId: /^m\.EVIL/ }), callsTo(EVE).length];

  it('are refused with 403 and change nothing: unsigned, signed with another secret, or a body altered after signing', async () => {
    const payload = pageEvents(EVE, textMessage('m.EVIL1', 'hi'));
    expect(await deliver(app, botId, payload, { signature: null })).toBe(403);
    expect(await deliver(app, botId, payload, { signature: sign(JSON.stringify(payload), 'some-other-app-secret') })).toBe(403);
    expect(await deliver(app, botId, payload, { signature: 'sha256=zz' })).toBe(403);
    const altered = await fetch(`${app.url}/webhooks/messenger/${botId}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': sign(JSON.stringify(payload)) },
      body: JSON.stringify(pageEvents(EVE, textMessage('m.EVIL2', 'hi'))),
    });
    expect(altered.status).toBe(403);
    await new Promise((r) => setTimeout(r, 200));
    expect(await traces()).toEqual([0, 0, 0]);
  });

  it('another page sent to this URL is not this bot\'s', async () => {
    const other = { object: 'page', entry: [{ id: '999000111', time: 1, messaging: [{ sender: { id: EVE }, recipient: { id: '999000111' }, timestamp: 1, message: { mid: 'm.EVIL3', text: 'hi' } }] }] };
    expect(await deliver(app, botId, other)).toBe(200);
    expect(await traces()).toEqual([0, 0, 0]);
  });
});

describe('Send API failures', () => {
  it('a refusal for being outside the window fails the message with its code; a temporary failure is retried', async () => {
    const BOB = '7005554443332221';
    sendApi.failNext(1, 400, { error: { message: '(#10) This message is sent outside of allowed window.', type: 'OAuthException', code: 10, error_subcode: 2018278, fbtrace_id: 'A1' } });
    expect(await deliver(app, botId, pageEvents(BOB, textMessage('m.BOB1', 'hi')))).toBe(200);
    const failed = await until('the refusal', async () => MessageModel.findOne({ botId, direction: 'out', channel: 'messenger', status: 'failed' }).lean());
    expect(failed.errorCode).toBe('2018278');
    sendApi.failNext(1, 500, { error: { message: 'Temporary send message failure', code: 1200 } });
    expect(await deliver(app, botId, pageEvents(BOB, textMessage('m.BOB2', 'Red')))).toBe(200);
    const retried = await until('the retried question', async () => MessageModel.findOne({ botId, direction: 'out', channel: 'messenger', text: { $regex: '^Pick a month' }, status: 'sent' }).lean(), 15_000);
    expect(retried.attempts).toBe(2);
  });
});
