// The bot writes first (POST /api/bots/:id/conversations), a conversation is cancelled from outside
// (POST /api/conversations/:id/cancel), and triggers fire on the real Twilio webhook path: a keyword in
// the middle of a conversation, events (a new contact, opt-in, a flow completing) with no loop.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { edge, node, type TestApp } from '../support/app-harness';
import { bodiesTo, connectTwilio, contactSays, startAppWithFakeTwilio, type FakeTwilio } from './channels-helpers';
import { botWithFlow, conversation, journal, publish, until, type Api } from './conversations-helpers';

let twilio: FakeTwilio;
let app: TestApp;
let api: Api;

beforeAll(async () => {
  ({ twilio, app, api } = await startAppWithFakeTwilio('starts'));
}, 120_000);
afterAll(async () => {
  await app?.stop();
  await twilio?.close();
});

/** A bot whose flow greets, asks a question, and thanks: it waits at the question. */
async function askingBot(name: string): Promise<{ botId: string; flowId: string }> {
  const botId = await botWithFlow(api, name, {
    nodes: [
      node('s', 'start'),
      node('hello', 'send_message', { text: 'Hello {{name}}, this is the clinic.' }),
      node('q', 'ask', { question: 'Shall we book you in?', save_as: 'answer', answer_type: 'text' }),
      node('thanks', 'send_message', { text: 'Thanks!' }),
      node('e', 'end'),
    ],
    edges: [edge('s', 'hello'), edge('hello', 'q'), edge('q', 'thanks', 'answered'), edge('thanks', 'e')],
  });
  await publish(api, botId);
  await connectTwilio(api, botId);
  const flows = await app.call('GET', `/api/bots/${botId}/flows`, { token: api.token });
  return { botId, flowId: flows.body[0].id };
}

const start = (botId: string, body: unknown) => app.call('POST', `/api/bots/${botId}/conversations`, { token: api.token, body });
const audit = async () => (await app.call('GET', '/api/audit-log?limit=100', { token: api.token })).body as Array<{ action: string; targetId?: string }>;

describe('starting a conversation from outside', () => {
  it('writes first to a new contact, with the variables given, journaled and audited', async () => {
    const { botId } = await askingBot('Proactive');
    const res = await start(botId, { contact: { address: '+1 415 555 0101', channel: 'sms' }, vars: { name: 'Ada' } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ conversationId: expect.any(String), contactCreated: true, status: 'waiting' });
    await until('the greeting and the question', async () => bodiesTo(twilio, '+14155550101').length >= 2);
    expect(bodiesTo(twilio, '+14155550101')).toEqual(['Hello Ada, this is the clinic.', 'Shall we book you in?']);
    // the contact's answer continues the same conversation
    await contactSays(api, botId, '+14155550101', 'yes');
    await until('the thanks', async () => bodiesTo(twilio, '+14155550101').includes('Thanks!'));
    expect((await conversation(api, res.body.conversationId)).status).toBe('completed');
    expect((await journal(api, res.body.conversationId)).some((e) => e.type === 'event.start')).toBe(true);
    expect((await audit()).some((e) => e.action === 'conversation.started' && e.targetId === res.body.conversationId)).toBe(true);
  });

  it('refuses a contact in a conversation with 409 unless forced, which ends the first one', async () => {
    const { botId } = await askingBot('Busy contact');
    const first = await start(botId, { contact: { address: '+14155550102', channel: 'sms' } });
    expect(first.status).toBe(201);
    const again = await start(botId, { contact: { address: '+14155550102', channel: 'sms' } });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ conversationId: first.body.conversationId, error: expect.stringMatching(/in a conversation/) });
    const forced = await start(botId, { contact: { address: '+14155550102', channel: 'sms' }, force: true });
    expect(forced.status, JSON.stringify(forced.body)).toBe(201);
    expect(forced.body.contactCreated).toBe(false);
    const old = await conversation(api, first.body.conversationId);
    expect(old.status).toBe('completed');
    const ending = (await journal(api, first.body.conversationId)).find((e) => e.type === 'ended');
    expect(ending?.data.reason).toMatch(/replaced by a conversation started by/);
  });

  it('refuses a contact who opted out with 422', async () => {
    const { botId } = await askingBot('Opted out');
    await contactSays(api, botId, '+14155550103', 'STOP');
    await until('the opt-out confirmation', async () => bodiesTo(twilio, '+14155550103').length === 1);
    const res = await start(botId, { contact: { address: '+14155550103', channel: 'sms' } });
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([{ path: '/contact', message: 'has opted out' }]);
  });

  it('names the field for bad input and starts nothing', async () => {
    const { botId } = await askingBot('Bad input');
    const cases: Array<[unknown, string]> = [
      [{ contact: { address: 'not a number', channel: 'sms' } }, '/contact/address'],
      [{ contact: { address: '+14155550104', channel: 'sms' }, flowId: '0123456789abcdef01234567' }, '/flowId'],
      [{ contact: { address: '+14155550104', channel: 'fax' } }, '/contact/channel'],
      [{ contact: { address: '+14155550104', channel: 'sms' }, extra: 1 }, '/extra'],
      [{}, '/contact'],
    ];
    for (const [body, path] of cases) {
      const res = await start(botId, body);
      expect(res.status, JSON.stringify(res.body)).toBe(422);
      expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path);
    }
    expect(bodiesTo(twilio, '+14155550104')).toEqual([]);
    expect((await start('0123456789abcdef01234567', { contact: { address: '+14155550104', channel: 'sms' } })).status).toBe(404);
    // a bot with no number connected cannot write on that channel
    const unconnected = await botWithFlow(api, 'No channel', { nodes: [node('s', 'start'), node('e', 'end')], edges: [edge('s', 'e')] });
    await publish(api, unconnected);
    const refused = await start(unconnected, { contact: { address: '+14155550104', channel: 'whatsapp' } });
    expect(refused.status).toBe(422);
    expect(refused.body.errors).toEqual([{ path: '/contact/channel', message: expect.stringMatching(/no WhatsApp number connected/) }]);
  });
});

describe('cancelling a conversation', () => {
  it('ends it at once, journaled and audited; a second cancel is 409, an unknown one 404', async () => {
    const { botId } = await askingBot('Cancel');
    const started = await start(botId, { contact: { address: '+14155550105', channel: 'sms' } });
    const id = started.body.conversationId as string;
    const res = await app.call('POST', `/api/conversations/${id}/cancel`, { token: api.token, body: { reason: 'booked by phone' } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ conversationId: id, status: 'completed', endReason: expect.stringMatching(/cancelled by .*booked by phone/) });
    expect((await journal(api, id)).find((e) => e.type === 'ended')?.data).toMatchObject({ reason: expect.stringMatching(/^cancelled by/) });
    expect((await audit()).some((e) => e.action === 'conversation.cancelled' && e.targetId === id)).toBe(true);
    expect((await app.call('POST', `/api/conversations/${id}/cancel`, { token: api.token })).status).toBe(409);
    expect((await app.call('POST', '/api/conversations/0123456789abcdef01234567/cancel', { token: api.token })).status).toBe(404);
    expect((await app.call('POST', '/api/conversations/nope/cancel', { token: api.token })).status).toBe(404);
    // the contact is free: a new message starts a new conversation rather than answering the question
    await contactSays(api, botId, '+14155550105', 'hello?');
    await until('a new greeting', async () => bodiesTo(twilio, '+14155550105').filter((b) => b.startsWith('Hello')).length === 2);
  });
});

describe('triggers on the Twilio webhook path', () => {
  it('a keyword in the middle of a conversation ends it and starts the trigger’s flow, logged', async () => {
    const { botId, flowId } = await askingBot('Keyword');
    const trigger = await app.call('POST', `/api/bots/${botId}/triggers`, { token: api.token, body: { name: 'Menu', type: 'keyword', flowId, keywords: ['menu'] } });
    expect(trigger.status).toBe(201);
    await contactSays(api, botId, '+14155550106', 'hi');
    await until('the question', async () => bodiesTo(twilio, '+14155550106').length === 2);
    await contactSays(api, botId, '+14155550106', 'MENU');
    await until('the flow again', async () => bodiesTo(twilio, '+14155550106').length === 4);
    const logs = (await app.call('GET', `/api/bots/${botId}/triggers/${trigger.body.id}/logs`, { token: api.token })).body;
    expect(logs[0]).toMatchObject({ outcome: 'fired', cause: 'MENU', contact: '+14155550106' });
    const first = (await app.call('GET', `/api/bots/${botId}/conversations`, { token: api.token })).body as Array<{ id: string; status: string }>;
    expect(first).toHaveLength(2);
    const interrupted = first.find((c) => c.id !== logs[0].conversationId)!;
    expect((await journal(api, interrupted.id)).find((e) => e.type === 'ended')?.data.reason).toBe('interrupted by the “Menu” trigger');
  });

  it('a new contact starts the new_contact trigger’s flow; flow_completed fires once, never in a loop', async () => {
    const botId = await botWithFlow(api, 'Events', { nodes: [node('s', 'start'), node('m', 'send_message', { text: 'Welcome!' }), node('e', 'end')], edges: [edge('s', 'm'), edge('m', 'e')] });
    await publish(api, botId);
    await connectTwilio(api, botId);
    const flowId = (await app.call('GET', `/api/bots/${botId}/flows`, { token: api.token })).body[0].id;
    const welcome = await app.call('POST', `/api/bots/${botId}/triggers`, { token: api.token, body: { name: 'Welcome', type: 'event', flowId, event: 'new_contact' } });
    const again = await app.call('POST', `/api/bots/${botId}/triggers`, { token: api.token, body: { name: 'After every flow', type: 'event', flowId, event: 'flow_completed' } });
    await contactSays(api, botId, '+14155550107', 'hello');
    // the new-contact flow, then once more after it completes; the second completion would loop: not fired
    await until('two welcomes', async () => bodiesTo(twilio, '+14155550107').length === 2);
    const logsOf = async (id: string) => (await app.call('GET', `/api/bots/${botId}/triggers/${id}/logs`, { token: api.token })).body as Array<{ outcome: string; reason: string }>;
    expect((await logsOf(welcome.body.id)).map((l) => l.outcome)).toEqual(['fired']);
    await until('the loop refused', async () => (await logsOf(again.body.id)).length === 2);
    const afterLogs = await logsOf(again.body.id);
    expect(afterLogs.map((l) => l.outcome).sort()).toEqual(['fired', 'skipped']);
    expect(afterLogs.find((l) => l.outcome === 'skipped')?.reason).toMatch(/loop/);
    expect(bodiesTo(twilio, '+14155550107')).toHaveLength(2);
  });

  it('START after STOP fires the opt_in trigger', async () => {
    const botId = await botWithFlow(api, 'Opt in', { nodes: [node('s', 'start'), node('m', 'send_message', { text: 'Good to have you back.' }), node('e', 'end')], edges: [edge('s', 'm'), edge('m', 'e')] });
    await publish(api, botId);
    await connectTwilio(api, botId);
    const flowId = (await app.call('GET', `/api/bots/${botId}/flows`, { token: api.token })).body[0].id;
    await app.call('POST', `/api/bots/${botId}/triggers`, { token: api.token, body: { name: 'Back', type: 'event', flowId, event: 'opt_in' } });
    await contactSays(api, botId, '+14155550108', 'STOP');
    await until('the opt-out confirmation', async () => bodiesTo(twilio, '+14155550108').length === 1);
    await contactSays(api, botId, '+14155550108', 'START');
    await until('the opt-in flow', async () => bodiesTo(twilio, '+14155550108').includes('Good to have you back.'));
  });
  it('a staff booking fires appointment_booked; a cancellation while the contact is busy is logged as skipped', async () => {
    const botId = await botWithFlow(api, 'Booked', { nodes: [node('s', 'start'), node('m', 'send_message', { text: 'See you soon: reply if anything changes.' }), node('q', 'ask', { question: 'Anything else?', save_as: 'x' }), node('e', 'end')], edges: [edge('s', 'm'), edge('m', 'q'), edge('q', 'e', 'answered')] });
    await publish(api, botId);
    await connectTwilio(api, botId);
    const flowId = (await app.call('GET', `/api/bots/${botId}/flows`, { token: api.token })).body[0].id;
    const everyDay = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [['00:00', '23:30']]]));
    const resource = await app.call('POST', `/api/bots/${botId}/resources`, { token: api.token, body: { name: 'Dr Martin', timezone: 'UTC', slotMinutes: 30, weeklyHours: everyDay } });
    expect(resource.status, JSON.stringify(resource.body)).toBe(201);
    const booked = await app.call('POST', `/api/bots/${botId}/triggers`, { token: api.token, body: { name: 'Booked', type: 'event', flowId, event: 'appointment_booked' } });
    const cancelled = await app.call('POST', `/api/bots/${botId}/triggers`, { token: api.token, body: { name: 'Cancelled', type: 'event', flowId, event: 'appointment_cancelled' } });
    const start = new Date(Date.now() + 3 * 86_400_000);
    start.setUTCHours(10, 0, 0, 0);
    const appointment = await app.call('POST', `/api/bots/${botId}/appointments`, { token: api.token, body: { resourceId: resource.body.id, start: start.toISOString(), contact: { address: '+14155550109', channel: 'sms' } } });
    expect(appointment.status, JSON.stringify(appointment.body)).toBe(201);
    await until('the booked flow', async () => bodiesTo(twilio, '+14155550109').includes('Anything else?'));
    const logsOf = async (id: string) => (await app.call('GET', `/api/bots/${botId}/triggers/${id}/logs`, { token: api.token })).body as Array<{ outcome: string; reason: string }>;
    expect((await logsOf(booked.body.id)).map((l) => l.outcome)).toEqual(['fired']);
    // the contact is at the question of that flow: the cancellation's trigger waits for no one
    expect((await app.call('PATCH', `/api/bots/${botId}/appointments/${appointment.body.id}`, { token: api.token, body: { status: 'cancelled' } })).status).toBe(200);
    await until('the skipped firing', async () => (await logsOf(cancelled.body.id)).length === 1);
    expect((await logsOf(cancelled.body.id))[0]).toMatchObject({ outcome: 'skipped', reason: expect.stringMatching(/in a conversation/) });
  });
  it('a keyword trigger and a proactive start reach another flow of the bot', async () => {
    const { botId } = await askingBot('Two flows');
    const faq = await app.call('POST', `/api/bots/${botId}/flows`, { token: api.token, body: { name: 'FAQ' } });
    expect(faq.status, JSON.stringify(faq.body)).toBe(201);
    const saved = await app.call('PUT', `/api/bots/${botId}/flows/${faq.body.id}`, { token: api.token, body: { nodes: [node('s', 'start'), node('m', 'send_message', { text: 'We open at 9.' }), node('e', 'end')], edges: [edge('s', 'm'), edge('m', 'e')] } });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    await publish(api, botId);
    await app.call('POST', `/api/bots/${botId}/triggers`, { token: api.token, body: { name: 'Hours', type: 'keyword', flowId: faq.body.id, keywords: ['hours'], match: 'contains' } });
    await contactSays(api, botId, '+14155550110', 'what are your hours?');
    await until('the FAQ answer', async () => bodiesTo(twilio, '+14155550110').includes('We open at 9.'));
    expect(bodiesTo(twilio, '+14155550110')).toEqual(['We open at 9.']);
    const started = await start(botId, { contact: { address: '+14155550111', channel: 'sms' }, flowId: faq.body.id });
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    await until('the FAQ flow, written first', async () => bodiesTo(twilio, '+14155550111').includes('We open at 9.'));
  });
});
