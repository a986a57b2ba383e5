// Meta's webhook for the WhatsApp Cloud API, end to end: signed messages in, the bot's answers out
// through a local server speaking the Graph API (WHATSAPP_API_BASE_URL), delivery statuses.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { edge, node, startTestApp, type TestApp } from '../support/app-harness';
import { ContactModel, MessageModel } from '../../server/src/adapters/mongo/models';
import { botWithFlow, journal, publish, transcript, until, type Api } from './conversations-helpers';
import {
  ACCESS_TOKEN,
  buttonReply,
  connectWhatsApp,
  deliver,
  envelope,
  inbound,
  listReply,
  PHONE_NUMBER_ID,
  sign,
  startFakeGraph,
  status,
  text,
  type FakeGraph,
} from './whatsapp-helpers';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const ADA = '447700900001';

let graph: FakeGraph;
let app: TestApp;
let api: Api;
let botId: string;

beforeAll(async () => {
  graph = await startFakeGraph();
  app = await startTestApp({
    label: 'wa-webhooks',
    env: { PUBLIC_URL: 'https://bots.example.test', WHATSAPP_API_BASE_URL: `${graph.url}/v21.0` },
  });
  api = { app, token: await app.login() };
  botId = await botWithFlow(api, 'WhatsApp bot', {
    nodes: [
      node('s', 'start'),
      node('colour', 'ask', { question: 'Which colour?', answer_type: 'choice', choices: ['Red', 'Green', 'Blue'], save_as: 'colour' }),
      node('letter', 'ask', {
        question: 'Pick a letter',
        answer_type: 'choice',
        choices: ['Alpha', 'Bravo', 'Charlie', 'Delta', 'Echo'],
        save_as: 'letter',
      }),
      node('month', 'ask', { question: 'Pick a month', answer_type: 'choice', choices: MONTHS, save_as: 'month' }),
      node('m', 'send_message', { text: 'You chose {{state.colour}}, {{state.letter}} and {{state.month}}.' }),
      node('e', 'end'),
    ],
    edges: [
      edge('s', 'colour'),
      edge('colour', 'letter', 'answered'),
      edge('letter', 'month', 'answered'),
      edge('month', 'm', 'answered'),
      edge('m', 'e'),
    ],
  });
  await publish(api, botId);
  await connectWhatsApp(app, api.token, botId);
});
afterAll(async () => {
  await app?.stop();
  await graph?.close();
});

const sentTo = (to: string) => graph.sent().filter((m) => m.to === to);
/** What a refused or ignored delivery from `from` could have left behind: its contact, messages and replies. */
const traces = async (from: string) => [
  await ContactModel.countDocuments({ botId, address: `+${from}` }),
  await MessageModel.countDocuments({ botId, providerId: /^wamid\.(EVIL|OTHER)$/ }),
  sentTo(from).length,
];

describe('a signed inbound message', () => {
  it('is answered through the Graph API: buttons for 3 choices, a list for 5, numbered text for 12', async () => {
    expect(await deliver(app, botId, inbound(ADA, text('wamid.IN1', 'hi')))).toBe(200);
    await until('the buttons', async () => sentTo(ADA).length >= 1);
    expect(sentTo(ADA)[0]).toEqual({
      messaging_product: 'whatsapp',
      to: ADA,
      type: 'interactive',
      interactive: {
        type: 'button',
        body: { text: 'Which colour?' },
        action: {
          buttons: [
            { type: 'reply', reply: { id: '1', title: 'Red' } },
            { type: 'reply', reply: { id: '2', title: 'Green' } },
            { type: 'reply', reply: { id: '3', title: 'Blue' } },
          ],
        },
      },
    });
    const call = graph.requests.find((r) => r.method === 'POST')!;
    expect(call.url).toBe(`/v21.0/${PHONE_NUMBER_ID}/messages`);
    expect(call.headers.authorization).toBe(`Bearer ${ACCESS_TOKEN}`);
    expect(call.headers['content-type']).toBe('application/json');

    // a tapped button answers the ask by its choice number
    expect(await deliver(app, botId, inbound(ADA, buttonReply('wamid.IN2', '2', 'Green')))).toBe(200);
    await until('the list', async () => sentTo(ADA).length >= 2);
    expect(sentTo(ADA)[1]).toEqual({
      messaging_product: 'whatsapp',
      to: ADA,
      type: 'interactive',
      interactive: {
        type: 'list',
        body: { text: 'Pick a letter' },
        action: {
          button: 'Choose',
          sections: [{ rows: ['Alpha', 'Bravo', 'Charlie', 'Delta', 'Echo'].map((title, i) => ({ id: String(i + 1), title })) }],
        },
      },
    });

    expect(await deliver(app, botId, inbound(ADA, listReply('wamid.IN3', '4', 'Delta')))).toBe(200);
    await until('the numbered months', async () => sentTo(ADA).length >= 3);
    expect(sentTo(ADA)[2]).toEqual({
      messaging_product: 'whatsapp',
      to: ADA,
      type: 'text',
      text: { body: ['Pick a month', ...MONTHS.map((m, i) => `${i + 1}. ${m}`)].join('\n') },
    });

    expect(await deliver(app, botId, inbound(ADA, text('wamid.IN4', '11')))).toBe(200);
    await until('the summary', async () => sentTo(ADA).length >= 4);
    expect(sentTo(ADA)[3]).toEqual({
      messaging_product: 'whatsapp',
      to: ADA,
      type: 'text',
      text: { body: 'You chose Green, Delta and Nov.' },
    });

    const lines = await transcript(api, botId, `+${ADA}`);
    expect(lines.filter((l) => l.direction === 'in').map((l) => l.text)).toEqual(['hi', '2', '4', '11']);
    expect(lines.filter((l) => l.direction === 'out')).toHaveLength(4);
    const contact = await ContactModel.findOne({ botId, address: `+${ADA}` }).lean();
    expect(contact).toMatchObject({ channel: 'whatsapp', provider: 'meta', attributes: { first_name: 'Ada Lovelace' } });
    expect(await MessageModel.find({ botId, direction: 'in', contactId: contact!._id }).sort({ seq: 1 }).lean()).toEqual(
      ['wamid.IN1', 'wamid.IN2', 'wamid.IN3', 'wamid.IN4'].map((providerId) =>
        expect.objectContaining({ providerId, channel: 'whatsapp' }),
      ),
    );
  });

  it('stores a medium as whatsapp-media:<id> with its caption, and a quick reply by its payload or text', async () => {
    const from = '447700900005';
    const image = {
      id: 'wamid.IMG',
      type: 'image',
      image: { id: '1479537139650973', mime_type: 'image/jpeg', sha256: 'abc', caption: 'my receipt' },
    };
    expect(await deliver(app, botId, inbound(from, image))).toBe(200);
    await until('the image stored', () => MessageModel.findOne({ providerId: 'wamid.IMG' }).lean());
    expect(await MessageModel.findOne({ providerId: 'wamid.IMG' }).lean()).toMatchObject({
      text: 'my receipt',
      mediaUrl: 'whatsapp-media:1479537139650973',
    });
    const quick = (id: string, payload: string) => ({ id, type: 'button', button: { payload, text: 'Blue' } });
    expect(await deliver(app, botId, inbound(from, quick('wamid.QR1', '3')))).toBe(200);
    expect(await deliver(app, botId, inbound(from, quick('wamid.QR2', 'PROMO_BLUE')))).toBe(200);
    await until(
      'the quick replies stored',
      async () => (await MessageModel.countDocuments({ providerId: { $in: ['wamid.QR1', 'wamid.QR2'] } })) === 2,
    );
    expect(
      (
        await MessageModel.find({ providerId: { $in: ['wamid.QR1', 'wamid.QR2'] } })
          .sort({ seq: 1 })
          .lean()
      ).map((m) => m.text),
    ).toEqual(['3', 'Blue']);
  });

  it('changes nothing when the same wamid is delivered again: one message, one reply', async () => {
    const from = '447700900002';
    const payload = inbound(from, text('wamid.DUP', 'hello'));
    expect(await Promise.all([deliver(app, botId, payload), deliver(app, botId, payload)])).toEqual([200, 200]);
    await until('the reply', async () => sentTo(from).length >= 1);
    expect(await deliver(app, botId, payload)).toBe(200);
    await until('the transcript to settle', async () => (await transcript(api, botId, `+${from}`)).length === 2);
    expect(await MessageModel.countDocuments({ providerId: 'wamid.DUP' })).toBe(1);
    expect(sentTo(from)).toHaveLength(1);
  });
});

describe('the signature', () => {
  it('refuses a tampered body, a missing or malformed signature and another secret with 403, storing nothing', async () => {
    const payload = inbound('447700900003', text('wamid.EVIL', 'hi'));
    const body = JSON.stringify(payload);
    const tampered = inbound('447700900003', text('wamid.EVIL', 'hi there'));
    for (const [what, signature, sent] of [
      ['a signature of other bytes', sign(body), tampered],
      ['no signature', null, payload],
      ['a malformed signature', 'sha256=zz', payload],
      ['a bare hex digest', sign(body).slice('sha256='.length), payload],
      ['another app secret', sign(body, 'another-app-secret-0000'), payload],
    ] as const) {
      expect(await deliver(app, botId, sent, { signature }), what).toBe(403);
    }
    // a byte-for-byte different serialisation of the same JSON is other bytes too
    const spaced = JSON.stringify(payload, null, 1);
    const res = await fetch(`${app.url}/webhooks/whatsapp/${botId}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': sign(body) },
      body: spaced,
    });
    expect(res.status).toBe(403);
    // and a correct signature for a bot that has no WhatsApp channel proves nothing
    expect(await deliver(app, '0123456789abcdef01234567', payload)).toBe(403);
    await new Promise((r) => setTimeout(r, 300));
    expect(await traces('447700900003')).toEqual([0, 0, 0]);
  });

  it('ignores changes for another phone number id sent to this URL', async () => {
    const other = envelope(
      { contacts: [{ profile: { name: 'X' }, wa_id: '447700900004' }], messages: [{ from: '447700900004', ...text('wamid.OTHER', 'hi') }] },
      '999999999',
    );
    expect(await deliver(app, botId, other)).toBe(200);
    await new Promise((r) => setTimeout(r, 300));
    expect(await traces('447700900004')).toEqual([0, 0, 0]);
  });
});

describe('delivery statuses', () => {
  const outbound = async (providerId: string) => (await MessageModel.findOne({ botId, providerId }).lean())!;

  it('only move forward: delivered then a late sent stays delivered; read comes after', async () => {
    const { _id } = await outbound('wamid.OUT1');
    expect(await deliver(app, botId, status('wamid.OUT1', 'delivered', ADA))).toBe(200);
    expect((await outbound('wamid.OUT1')).status).toBe('delivered');
    expect(await deliver(app, botId, status('wamid.OUT1', 'sent', ADA))).toBe(200);
    expect((await outbound('wamid.OUT1')).status).toBe('delivered');
    expect(await deliver(app, botId, status('wamid.OUT1', 'read', ADA))).toBe(200);
    expect(await deliver(app, botId, status('wamid.OUT1', 'delivered', ADA))).toBe(200);
    const lines = await transcript(api, botId, `+${ADA}`);
    expect(lines.find((l) => l.id === _id.toString())?.status).toBe('read');
  });

  it('store a failure with its Meta error code', async () => {
    expect(await deliver(app, botId, status('wamid.OUT2', 'sent', ADA))).toBe(200);
    expect(await deliver(app, botId, status('wamid.OUT2', 'failed', ADA, 131026))).toBe(200);
    const failed = await outbound('wamid.OUT2');
    expect(failed).toMatchObject({ status: 'failed', errorCode: '131026' });
    // and the conversation's journal says so
    const entries = await journal(api, failed.conversationId!.toString());
    expect(entries.filter((e) => e.type === 'message.failed').map((e) => e.data)).toEqual([
      { messageId: failed._id.toString(), nodeId: 'letter', status: 'failed', errorCode: '131026' },
    ]);
  });

  it('are checked by the signature too, and an unknown wamid or status changes nothing', async () => {
    expect(await deliver(app, botId, status('wamid.OUT3', 'read', ADA), { signature: sign('{}') })).toBe(403);
    expect((await outbound('wamid.OUT3')).status).toBe('queued');
    expect(await deliver(app, botId, status('wamid.NOPE', 'delivered', ADA))).toBe(200);
    expect(await deliver(app, botId, status('wamid.OUT3', 'deleted', ADA))).toBe(200);
    expect((await outbound('wamid.OUT3')).status).toBe('queued');
  });
});
