// WhatsApp's 24-hour window through Twilio: a wait's reminder 23h59 after the contact last wrote
// goes free-form; at 24h01 it goes as the approved template (Twilio's ContentSid and
// ContentVariables), and a message without a template takes its "failed" exit or fails the
// conversation, journaled, never silently dropped. The contact's last message time is moved back
// in the database while the conversation waits, instead of waiting a day.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContactModel } from '../../server/src/adapters/mongo/models';
import { edge, node, type TestApp } from '../support/app-harness';
import { botWithFlow, conversation, journal, publish, transcript, until, type Api } from './conversations-helpers';
import { connectTwilio, contactSays, sentTo, startAppWithFakeTwilio, type FakeTwilio } from './channels-helpers';

const CONTENT_SID = `HX${'0123456789abcdef'.repeat(2)}`;
const HOUR = 3_600_000;
const MINUTE = 60_000;

let twilio: FakeTwilio;
let app: TestApp;
let api: Api;
let withExit: string;
let withoutExit: string;

beforeAll(async () => {
  ({ twilio, app, api } = await startAppWithFakeTwilio('ch-window'));
  const template = { name: 'visit_reminder', language: 'en_US', variables: ['{{contact.first_name}}', '10:00'], content_sid: CONTENT_SID };
  withExit = await botWithFlow(api, 'Reminders', {
    nodes: [
      node('s', 'start'),
      node('hello', 'send_message', { text: 'Booked, {{contact.first_name}}!' }),
      node('w', 'wait', { mode: 'duration', duration: 2, unit: 'seconds' }),
      node('reminder', 'send_message', { text: 'Reminder: tomorrow at 10:00, {{contact.first_name}}.', template }),
      node('tip', 'send_message', { text: 'Tip: bring your card.' }),
      node('mark', 'set_variable', { name: 'needs_call', value: 'yes' }),
      node('e', 'end'),
    ],
    edges: [
      edge('s', 'hello'),
      edge('hello', 'w'),
      edge('w', 'reminder'),
      edge('reminder', 'tip'),
      edge('tip', 'e'),
      edge('tip', 'mark', 'failed'),
      edge('mark', 'e'),
    ],
  });
  withoutExit = await botWithFlow(api, 'No exit', {
    nodes: [
      node('s', 'start'),
      node('hello', 'send_message', { text: 'Booked!' }),
      node('w', 'wait', { mode: 'duration', duration: 2, unit: 'seconds' }),
      node('plain', 'send_message', { text: 'See you tomorrow.' }),
      node('e', 'end'),
    ],
    edges: [edge('s', 'hello'), edge('hello', 'w'), edge('w', 'plain'), edge('plain', 'e')],
  });
  for (const botId of [withExit, withoutExit]) {
    await publish(api, botId);
    await connectTwilio(api, botId);
  }
});
afterAll(async () => {
  await app?.stop();
  await twilio?.close();
});

/** The contact writes "hi"; once the bot has answered, their last message is moved `age` into the past. */
async function wroteAgo(botId: string, number: string, age: number, opts: { whatsapp?: boolean } = { whatsapp: true }): Promise<string> {
  const to = opts.whatsapp ? `whatsapp:${number}` : number;
  await contactSays(api, botId, number, 'hi', { ...opts, profileName: 'Ana' });
  await until('the first answer', async () => sentTo(twilio, to).length === 1);
  await ContactModel.updateOne(
    { botId, address: number, channel: opts.whatsapp ? 'whatsapp' : 'sms' },
    { $set: { lastInboundAt: new Date(Date.now() - age) } },
  );
  return (await transcript(api, botId, number))[0]!.conversationId!;
}

const ended = (conversationId: string) =>
  until(
    'the conversation to end',
    async () => {
      const c = await conversation(api, conversationId);
      return ['completed', 'failed'].includes(c.status) && c;
    },
    8_000,
  );

describe('the WhatsApp 24-hour window', () => {
  it('at 23h59 the reminder goes free-form', async () => {
    const number = '+15553330001';
    const conversationId = await wroteAgo(withExit, number, 23 * HOUR + 59 * MINUTE);
    expect(await ended(conversationId)).toMatchObject({ status: 'completed', state: {} });
    await until('the three messages', async () => sentTo(twilio, `whatsapp:${number}`).length === 3);
    expect(sentTo(twilio, `whatsapp:${number}`).map((s) => [s.form.Body, s.form.ContentSid])).toEqual([
      ['Booked, Ana!', undefined],
      ['Reminder: tomorrow at 10:00, Ana.', undefined],
      ['Tip: bring your card.', undefined],
    ]);
  });

  it('at 24h01 the reminder goes as the template, and the message without one takes its failed exit', async () => {
    const number = '+15553330002';
    const conversationId = await wroteAgo(withExit, number, 24 * HOUR + MINUTE);
    expect(await ended(conversationId)).toMatchObject({ status: 'completed', state: { needs_call: 'yes' } });
    const sends = await until(
      'the template',
      async () => sentTo(twilio, `whatsapp:${number}`).length === 2 && sentTo(twilio, `whatsapp:${number}`),
    );
    expect(sends[1]!.form).toMatchObject({
      ContentSid: CONTENT_SID,
      ContentVariables: '{"1":"Ana","2":"10:00"}',
      From: 'whatsapp:+15550008888',
    });
    expect(sends[1]!.form.Body).toBeUndefined();
    const notes = (await journal(api, conversationId)).filter((e) => e.type === 'note').map((e) => [e.nodeId, e.data.message]);
    expect(notes).toEqual([
      ['reminder', 'WhatsApp 24-hour window closed: sending the approved template "visit_reminder"'],
      ['tip', 'WhatsApp 24-hour window closed and no template set'],
    ]);
    // the transcript keeps what the template stood for
    expect((await transcript(api, withExit, number)).map((m) => m.text)).toEqual([
      'hi',
      'Booked, Ana!',
      'Reminder: tomorrow at 10:00, Ana.',
    ]);
  });

  it('at 24h01 without a template or a failed exit, the conversation fails saying why', async () => {
    const number = '+15553330003';
    const conversationId = await wroteAgo(withoutExit, number, 24 * HOUR + MINUTE);
    expect(await ended(conversationId)).toMatchObject({
      status: 'failed',
      endReason: 'WhatsApp 24-hour window closed and no template set',
      // the inbox says what it ended on, in plain words
      ending: { kind: 'window_closed', nodeId: 'plain', label: 'message not sent' },
    });
    const notices = await api.app.call('GET', `/api/conversations/${conversationId}/notices`, { token: api.token });
    expect(notices.body).toEqual([
      expect.objectContaining({
        nodeId: 'plain',
        kind: 'window_closed',
        ending: true,
        message: 'The step “Send message” could not send its message: on WhatsApp, more than 24 hours after the contact last wrote, only an approved template may be sent, and this step has none',
      }),
    ]);
    expect(sentTo(twilio, `whatsapp:${number}`).map((s) => s.form.Body)).toEqual(['Booked!']);
    expect(
      (await journal(api, conversationId)).some(
        (e) => e.type === 'note' && e.data.message === 'WhatsApp 24-hour window closed and no template set',
      ),
    ).toBe(true);
  });

  it('SMS has no window: a day later the text goes as written', async () => {
    const number = '+15553330004';
    const conversationId = await wroteAgo(withoutExit, number, 3 * 24 * HOUR, { whatsapp: false });
    expect(await ended(conversationId)).toMatchObject({ status: 'completed' });
    await until('the second SMS', async () => sentTo(twilio, number).length === 2);
    expect(sentTo(twilio, number).map((s) => s.form.Body)).toEqual(['Booked!', 'See you tomorrow.']);
  });
});
