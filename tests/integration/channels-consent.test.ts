// Consent on every channel: STOP (and plain-language revocations) opt the contact out of that
// channel with one confirmation; later sends, a wait's timer or a campaign-style outbox send, are
// suppressed and journaled; START (or YES, once out) opts back in; HELP answers with the help text.
// None of them run the flow.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditLogModel, ContactModel, MessageModel } from '../../server/src/adapters/mongo/models';
import { OPT_IN_CONFIRMATION, OPT_OUT_CONFIRMATION } from '../../server/src/runtime/consent';
import { edge, node, type TestApp } from '../support/app-harness';
import { botWithFlow, journal, publish, sayOk, transcript, until, type Api } from './conversations-helpers';
import { bodiesTo, connectTwilio, contactSays, startAppWithFakeTwilio, type FakeTwilio } from './channels-helpers';

const HELP_TEXT = 'Clinic bot: call 555-0100 for a person. Reply STOP to opt out.';

let twilio: FakeTwilio;
let app: TestApp;
let api: Api;
let botId: string;

beforeAll(async () => {
  ({ twilio, app, api } = await startAppWithFakeTwilio('ch-consent'));
  // hello, then a 2-second wait (a stand-in for a reminder days later), then a follow-up question
  botId = await botWithFlow(api, 'Reminders', {
    nodes: [
      node('s', 'start'),
      node('hello', 'send_message', { text: 'Welcome! We will check in shortly.' }),
      node('w', 'wait', { mode: 'duration', duration: 2, unit: 'seconds' }),
      node('follow', 'ask', { question: 'How was your visit?', save_as: 'feedback' }),
      node('thanks', 'send_message', { text: 'Thanks: {{state.feedback}}' }),
      node('e', 'end'),
    ],
    edges: [edge('s', 'hello'), edge('hello', 'w'), edge('w', 'follow'), edge('follow', 'thanks', 'answered'), edge('thanks', 'e')],
  });
  await publish(api, botId);
  await connectTwilio(api, botId, { smsPerSecond: 100, whatsappPerSecond: 100 });
  const patched = await app.call('PATCH', `/api/bots/${botId}`, { token: api.token, body: { helpText: HELP_TEXT } });
  expect(patched.status).toBe(200);
});
afterAll(async () => {
  await app?.stop();
  await twilio?.close();
});

const contactDoc = (address: string, channel: 'sms' | 'whatsapp' = 'sms') => ContactModel.findOne({ botId, address, channel }).lean();
const outLines = async (address: string) =>
  (await transcript(api, botId, address)).filter((m) => m.direction === 'out').map((m) => [m.text, m.status]);

describe('STOP over SMS', () => {
  const contact = '+15552220001';
  let conversationId: string;

  it('opts the contact out with one confirmation, and the flow does not see it', async () => {
    await contactSays(api, botId, contact, 'hi');
    await until('the welcome', async () => bodiesTo(twilio, contact).length === 1);
    await contactSays(api, botId, contact, 'STOP');
    await until('the confirmation', async () => bodiesTo(twilio, contact).length === 2);
    expect(bodiesTo(twilio, contact)).toEqual(['Welcome! We will check in shortly.', OPT_OUT_CONFIRMATION]);
    expect(await contactDoc(contact)).toMatchObject({ optedOut: true });
    const lines = await transcript(api, botId, contact);
    conversationId = lines[0]!.conversationId!;
    expect(lines.map((m) => [m.direction, m.text])).toEqual([
      ['in', 'hi'],
      ['out', 'Welcome! We will check in shortly.'],
      ['in', 'STOP'],
      ['out', OPT_OUT_CONFIRMATION],
    ]);
    const entries = await journal(api, conversationId);
    expect(entries.find((e) => e.type === 'consent.opted_out')?.data).toMatchObject({ via: 'keyword', matched: 'stop', confirmed: true });
    expect(entries.filter((e) => e.type === 'event.message')).toEqual([]); // the engine never saw STOP
    expect(await AuditLogModel.countDocuments({ action: 'contact.opted_out', targetType: 'contact' })).toBeGreaterThanOrEqual(1);
  });

  it("suppresses the wait's later send and journals it", async () => {
    const entry = await until(
      'the suppressed follow-up',
      async () => (await journal(api, conversationId)).find((e) => e.type === 'message.suppressed'),
      8_000,
    );
    expect(entry).toMatchObject({ data: { nodeId: 'follow', reason: 'opted_out', channel: 'sms' } });
    expect(await outLines(contact)).toEqual([
      ['Welcome! We will check in shortly.', 'queued'],
      [OPT_OUT_CONFIRMATION, 'queued'],
      ['How was your visit?', 'suppressed'],
    ]);
    expect(bodiesTo(twilio, contact)).toHaveLength(2); // Twilio never got it
  });

  it('suppresses a campaign-style send through the outbox and journals it', async () => {
    const contactId = (await contactDoc(contact))!._id.toString();
    const id = await app.botloom.context.outbox.send({
      key: 'campaign:spring-sale:1',
      botId,
      contactId,
      conversationId,
      channel: 'sms',
      message: { text: 'Spring sale!' },
      sentBy: 'bot',
    });
    expect(await MessageModel.findById(id).lean()).toMatchObject({ status: 'suppressed', errorCode: 'opted_out' });
    const suppressed = (await journal(api, conversationId)).filter((e) => e.type === 'message.suppressed');
    expect(suppressed.map((e) => e.data.messageId)).toContain(id);
    expect(bodiesTo(twilio, contact)).toHaveLength(2);
  });

  it('answers a second STOP with nothing, and ignores other messages without running the flow', async () => {
    await contactSays(api, botId, contact, 'stop');
    await contactSays(api, botId, contact, 'great visit');
    await until(
      'both processed',
      // a contact's messages up to processedSeq are handled (the runtime keeps no per-message mark)
      async () => {
        const doc = await contactDoc(contact);
        return (await MessageModel.countDocuments({ direction: 'in', contactId: doc?._id, text: { $in: ['stop', 'great visit'] } })) === 2 && doc?.processedSeq === doc?.messageSeq;
      },
    );
    expect(bodiesTo(twilio, contact)).toHaveLength(2);
    const entries = await journal(api, conversationId);
    expect(entries.filter((e) => e.type === 'consent.opted_out').map((e) => e.data.confirmed)).toEqual([true, false]);
    expect(entries.find((e) => e.type === 'consent.ignored')?.data).toMatchObject({ text: 'great visit' });
    expect(entries.filter((e) => e.type === 'event.message')).toEqual([]);
  });

  it('HELP is answered even while opted out, without entering the flow', async () => {
    await contactSays(api, botId, contact, 'help');
    await until('the help text', async () => bodiesTo(twilio, contact).length === 3);
    expect(bodiesTo(twilio, contact).at(-1)).toBe(HELP_TEXT);
  });

  it('START opts back in with a confirmation; the conversation goes on where it was', async () => {
    await contactSays(api, botId, contact, 'Start');
    await until('the resubscribe confirmation', async () => bodiesTo(twilio, contact).length === 4);
    expect(bodiesTo(twilio, contact).at(-1)).toBe(OPT_IN_CONFIRMATION);
    expect(await contactDoc(contact)).toMatchObject({ optedOut: false });
    // still waiting at the question whose sending was suppressed: the next answer is taken
    await contactSays(api, botId, contact, 'Lovely, thanks');
    await until('the thanks', async () => bodiesTo(twilio, contact).length === 5);
    expect(bodiesTo(twilio, contact).at(-1)).toBe('Thanks: Lovely, thanks');
    expect((await journal(api, conversationId)).some((e) => e.type === 'consent.opted_in')).toBe(true);
  });
});

describe('plain-language revocations, YES and HELP', () => {
  it('"please stop texting me" opts out; "I can\'t stop smiling" is an ordinary answer', async () => {
    const happy = '+15552220002';
    await contactSays(api, botId, happy, 'hi');
    await until('the question', async () => bodiesTo(twilio, happy).length === 2, 8_000); // welcome, then the question after the wait
    await contactSays(api, botId, happy, "I can't stop smiling");
    await until('the thanks', async () => bodiesTo(twilio, happy).length === 3);
    expect(bodiesTo(twilio, happy).at(-1)).toBe("Thanks: I can't stop smiling");
    expect(await contactDoc(happy)).toMatchObject({ optedOut: false });

    const annoyed = '+15552220003';
    await contactSays(api, botId, annoyed, 'hi');
    await until('the welcome', async () => bodiesTo(twilio, annoyed).length === 1);
    await contactSays(api, botId, annoyed, 'Please stop texting me!');
    await until('the confirmation', async () => bodiesTo(twilio, annoyed).length === 2);
    expect(bodiesTo(twilio, annoyed).at(-1)).toBe(OPT_OUT_CONFIRMATION);
    const conversationId = (await transcript(api, botId, annoyed))[0]!.conversationId!;
    expect((await journal(api, conversationId)).find((e) => e.type === 'consent.opted_out')?.data).toMatchObject({ via: 'phrase' });

    // YES opts back in only because the contact had opted out
    await contactSays(api, botId, annoyed, 'yes');
    await until('the resubscribe confirmation', async () => bodiesTo(twilio, annoyed).length === 3);
    expect(bodiesTo(twilio, annoyed).at(-1)).toBe(OPT_IN_CONFIRMATION);
  });

  it('HELP as a first message answers with the help text and starts no conversation', async () => {
    const curious = '+15552220004';
    await contactSays(api, botId, curious, 'HELP');
    await until('the help text', async () => bodiesTo(twilio, curious).length === 1);
    expect(bodiesTo(twilio, curious)).toEqual([HELP_TEXT]);
    expect((await transcript(api, botId, curious)).map((m) => [m.direction, m.text, m.conversationId])).toEqual([
      ['in', 'HELP', null],
      ['out', HELP_TEXT, null],
    ]);
    await contactSays(api, botId, curious, 'hello');
    await until('the welcome', async () => bodiesTo(twilio, curious).length === 2);
    expect(bodiesTo(twilio, curious).at(-1)).toBe('Welcome! We will check in shortly.');
  });
});

describe('per channel', () => {
  it('STOP on WhatsApp opts out the WhatsApp contact only; SMS to the same number still goes', async () => {
    const number = '+15552220005';
    await contactSays(api, botId, number, 'hi', { whatsapp: true });
    await until('the WhatsApp welcome', async () => bodiesTo(twilio, `whatsapp:${number}`).length === 1);
    await contactSays(api, botId, number, 'STOP', { whatsapp: true });
    await until('the WhatsApp confirmation', async () => bodiesTo(twilio, `whatsapp:${number}`).length === 2);
    expect(bodiesTo(twilio, `whatsapp:${number}`)).toEqual(['Welcome! We will check in shortly.', OPT_OUT_CONFIRMATION]);
    expect(await contactDoc(number, 'whatsapp')).toMatchObject({ optedOut: true });

    await contactSays(api, botId, number, 'hi');
    await until('the SMS welcome', async () => bodiesTo(twilio, number).length === 1);
    expect(await contactDoc(number, 'sms')).toMatchObject({ optedOut: false });
    // the WhatsApp conversation's follow-up is suppressed, the SMS one is sent
    await until('the SMS follow-up', async () => bodiesTo(twilio, number).length === 2, 8_000);
    await until(
      'the WhatsApp follow-up suppressed',
      async () => (await MessageModel.countDocuments({ botId, channel: 'whatsapp', status: 'suppressed' })) === 1,
      8_000,
    );
    expect(bodiesTo(twilio, `whatsapp:${number}`)).toHaveLength(2);
  });

  it('works in the simulator too', async () => {
    await sayOk(api, botId, 'sim-1', 'hi');
    expect((await sayOk(api, botId, 'sim-1', 'stop')).replies).toEqual([OPT_OUT_CONFIRMATION]);
    expect((await sayOk(api, botId, 'sim-1', 'anyone there?')).replies).toEqual([]);
    expect((await sayOk(api, botId, 'sim-1', 'help')).replies).toEqual([HELP_TEXT]);
    expect((await sayOk(api, botId, 'sim-1', 'unstop')).replies).toEqual([OPT_IN_CONFIRMATION]);
    expect((await sayOk(api, botId, 'sim-1', 'START')).replies).toEqual([]); // already in: an ordinary message (the conversation waits on a timer)
  });
});
