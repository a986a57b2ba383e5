// A bot that answers registered numbers only, over signed Twilio webhooks and a local stand-in of
// Twilio's REST API: an unregistered number gets one polite refusal whatever it writes next, never
// a flow, and the refusal is in the audit log; numbers staff registered (by hand, by import) are
// answered; STOP still works for everyone; the simulator is never refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditLogModel, ContactModel, ConversationModel } from '../../server/src/adapters/mongo/models';
import { DEFAULT_REGISTERED_ONLY_TEXT } from '../../server/src/runtime/registration-gate';
import { edge, node, type TestApp } from '../support/app-harness';
import { bodiesTo, connectTwilio, contactSays, startAppWithFakeTwilio, type FakeTwilio } from './channels-helpers';
import { botWithFlow, publish, sayOk, until, type Api } from './conversations-helpers';

let twilio: FakeTwilio;
let app: TestApp;
let api: Api;
let botId: string;

const greeting = { nodes: [node('s', 'start'), node('hi', 'send_message', { text: 'Welcome to the clinic' }), node('e', 'end')], edges: [edge('s', 'hi'), edge('hi', 'e')] };

beforeAll(async () => {
  ({ twilio, app, api } = await startAppWithFakeTwilio('registered-only'));
  botId = await botWithFlow(api, 'Members clinic', greeting);
  await publish(api, botId);
  await connectTwilio(api, botId, { smsPerSecond: 100 });
  const set = await app.call('PATCH', `/api/bots/${botId}`, { token: api.token, body: { registeredOnly: true } });
  expect(set.status, JSON.stringify(set.body)).toBe(200);
  expect(set.body).toMatchObject({ registeredOnly: true, registeredOnlyText: '' });
});
afterAll(async () => {
  await app?.stop();
  await twilio?.close();
});

describe('a bot that answers registered numbers only', () => {
  it('refuses an unregistered number once, politely, and starts no conversation', async () => {
    const stranger = '+447700900601';
    await contactSays(api, botId, stranger, 'hi');
    await until('the refusal', async () => bodiesTo(twilio, stranger).length === 1);
    await contactSays(api, botId, stranger, 'hello? I want to book');
    await contactSays(api, botId, stranger, 'anyone there?');
    const contact = await until('every message handled', async () => {
      const c = await ContactModel.findOne({ botId, address: stranger }).lean();
      return c && c.processedSeq === 3 ? c : null;
    });
    expect(bodiesTo(twilio, stranger)).toEqual([DEFAULT_REGISTERED_ONLY_TEXT]);
    expect(await ConversationModel.countDocuments({ contactId: contact._id })).toBe(0);
    expect(contact.refusedAt).toBeInstanceOf(Date);
    expect(await AuditLogModel.find({ action: 'contact.refused_unregistered', targetId: contact._id.toString() }).lean()).toHaveLength(1);
    // the transcript shows what they wrote and the one answer
    const transcript = await app.call('GET', `/api/bots/${botId}/conversations/${encodeURIComponent(stranger)}/messages`, { token: api.token });
    expect(transcript.body.map((m: { direction: string; text: string }) => `${m.direction}: ${m.text}`)).toEqual([
      'in: hi',
      `out: ${DEFAULT_REGISTERED_ONLY_TEXT}`,
      'in: hello? I want to book',
      'in: anyone there?',
    ]);
  });

  it('answers numbers staff registered, by hand or by import', async () => {
    const byHand = '+447700900602';
    const imported = '+447700900603';
    expect((await app.call('POST', `/api/bots/${botId}/contacts`, { token: api.token, body: { address: byHand, channel: 'sms' } })).status).toBe(201);
    const csv = await app.call('POST', `/api/bots/${botId}/contacts/import`, { token: api.token, body: `address,channel\n${imported},sms\n`, headers: { 'content-type': 'text/csv' } });
    expect(csv.body).toMatchObject({ created: 1 });
    await contactSays(api, botId, byHand, 'hi');
    await contactSays(api, botId, imported, 'hi');
    await until('both answered by the flow', async () => bodiesTo(twilio, byHand).length === 1 && bodiesTo(twilio, imported).length === 1);
    expect([...bodiesTo(twilio, byHand), ...bodiesTo(twilio, imported)]).toEqual(['Welcome to the clinic', 'Welcome to the clinic']);
  });

  it('answers a refused number once staff register it', async () => {
    const stranger = '+447700900601';
    const [contact] = (await app.call('GET', `/api/bots/${botId}/contacts?q=900601`, { token: api.token })).body;
    expect(contact).toMatchObject({ registered: false, refusedAt: expect.any(String) });
    expect((await app.call('PATCH', `/api/contacts/${contact.id}`, { token: api.token, body: { registered: true } })).status).toBe(200);
    await contactSays(api, botId, stranger, 'hi again');
    await until('the flow answers', async () => bodiesTo(twilio, stranger).length === 2);
    expect(bodiesTo(twilio, stranger)[1]).toBe('Welcome to the clinic');
  });

  it("uses the bot's own refusal, and lets STOP opt an unregistered number out", async () => {
    await app.call('PATCH', `/api/bots/${botId}`, { token: api.token, body: { registeredOnlyText: 'This line is for registered patients only. Call 020 7946 0000 to register.' } });
    const stranger = '+447700900604';
    await contactSays(api, botId, stranger, 'STOP');
    await until('the opt-out confirmation', async () => bodiesTo(twilio, stranger).length === 1);
    expect(bodiesTo(twilio, stranger)[0]).toMatch(/unsubscribed/);
    const other = '+447700900605';
    await contactSays(api, botId, other, 'hi');
    await until('the refusal', async () => bodiesTo(twilio, other).length === 1);
    expect(bodiesTo(twilio, other)).toEqual(['This line is for registered patients only. Call 020 7946 0000 to register.']);
  });

  it('never refuses the simulator: builders test their flow there', async () => {
    const answer = await sayOk(api, botId, 'Tester', 'hi');
    expect(answer.replies).toEqual(['Welcome to the clinic']);
  });
});
