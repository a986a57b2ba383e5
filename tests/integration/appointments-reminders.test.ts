// Appointment reminders on the real stack: real HTTP, the local database, Agenda and the outbox,
// SMS caught by a local stand-in of Twilio's REST API through the real SDK. The app's clock is
// injected (the system clock plus an offset the test moves), never slept: a reminder "comes due"
// by moving the clock to its time and its Agenda job's next run to now.
import mongoose from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REMINDER_JOB } from '../../server/src/adapters/agenda/agenda-scheduler';
import { AppointmentModel, ContactModel } from '../../server/src/adapters/mongo/models';
import { WINDOW_CLOSED_NO_TEMPLATE } from '../../server/src/app/services/appointment-reminders';
import type { ReminderJob } from '../../server/src/ports/reminder-scheduler';
import { edge, node, startTestApp, type TestApp } from '../support/app-harness';
import { bodiesTo, connectTwilio, contactSays, PUBLIC_URL, sentTo, startFakeTwilio, type FakeTwilio } from './channels-helpers';
import { createBot, publish, saveFlow, sayOk, until, type Api } from './conversations-helpers';

const EVERY_DAY = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [['09:00', '17:00']]]));
// Monday 11 January 2027, 09:00 UTC (London is on UTC in January; Los Angeles is UTC-8)
const START = Date.parse('2027-01-11T09:00:00Z');
let offset = START - Date.now();
const appNow = () => new Date(Date.now() + offset);
/** Moves the app's clock to `iso`; only ever forward (a send pacer, like the world, never goes back in time). */
const setClock = (iso: string) => {
  if (Date.parse(iso) < appNow().getTime()) throw new Error(`the clock never goes back (to ${iso} from ${appNow().toISOString()})`);
  offset = Date.parse(iso) - Date.now();
};

let twilio: FakeTwilio;
let app: TestApp;
let api: Api;
let botId: string;
let resourceId: string;

const RULES = [
  { minutesBefore: 1440, text: 'Tomorrow: {{calendar.name}} at {{appointment.time}} ({{appointment.timezone}}).' },
  { minutesBefore: 120, text: 'In two hours: {{calendar.name}}, {{appointment.start_time}}.' },
];

const jobs = async (appointmentId: string) =>
  (await mongoose.connection.collection('agendaJobs').find({ name: REMINDER_JOB, 'data.appointmentId': appointmentId }).sort({ nextRunAt: 1 }).toArray()).map((j) => ({
    _id: j._id,
    data: j.data as ReminderJob,
    at: (j.nextRunAt as Date | null)?.toISOString() ?? 'ran',
  }));

/** The reminder's time comes: the clock moves there and its Agenda job runs now. */
async function comesDue(job: { _id: unknown; at: string }): Promise<void> {
  if (Date.parse(job.at) > appNow().getTime()) setClock(job.at);
  await mongoose.connection.collection('agendaJobs').updateOne({ _id: job._id as never }, { $set: { nextRunAt: new Date() } });
}

async function addContact(address: string, channel: 'sms' | 'whatsapp', timezone?: string): Promise<void> {
  const res = await app.call('POST', `/api/bots/${botId}/contacts`, { token: api.token, body: { address, channel, ...(timezone ? { timezone } : {}), attributes: { first_name: 'Ana' } } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
}

async function book(address: string, start: string, channel: 'sms' | 'whatsapp' = 'sms') {
  const res = await app.call('POST', `/api/bots/${botId}/appointments`, { token: api.token, body: { resourceId, start, contact: { address, channel } } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string; reminders: Array<{ ruleIndex: number; outcome: string; at: string; reason?: string }> };
}

const reminderLog = async (id: string) => (await app.call('GET', `/api/bots/${botId}/appointments`, { token: api.token })).body.find((a: { id: string }) => a.id === id).reminders;

beforeAll(async () => {
  twilio = await startFakeTwilio();
  app = await startTestApp({ label: 'appointment-reminders', env: { PUBLIC_URL, TWILIO_API_BASE_URL: twilio.url, SESSION_DAYS: '365' }, now: appNow }); // the clock moves weeks ahead
  api = { app, token: await app.login() };
  botId = await createBot(api, 'Clinic', { timezone: 'Europe/London' });
  await connectTwilio(api, botId, { smsPerSecond: 100, whatsappPerSecond: 100 });
  const res = await app.call('POST', `/api/bots/${botId}/resources`, {
    token: api.token,
    body: { name: 'Dr Okafor', timezone: 'Europe/London', slotMinutes: 30, weeklyHours: EVERY_DAY, horizonDays: 60, reminders: RULES },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  expect(res.body.reminders).toEqual(RULES);
  resourceId = res.body.id;
});
afterAll(async () => {
  await app?.stop();
  await twilio?.close();
});

describe('planning', () => {
  it('plans each rule before the appointment, moved out of quiet hours in the contact’s own zone', async () => {
    await addContact('+13105550101', 'sms', 'America/Los_Angeles');
    await addContact('+447700900101', 'sms', 'Europe/London');
    // Wednesday 09:00 London = 01:00 in Los Angeles
    const la = await book('+13105550101', '2027-01-13T09:00:00Z');
    const london = await book('+447700900101', '2027-01-13T09:30:00Z');
    // LA: a day before is 01:00 LA (quiet) -> 20:59 LA the evening before; two hours before is 23:00 LA -> 20:59 LA
    expect((await jobs(la.id)).map((j) => [j.data.ruleIndex, j.at])).toEqual([
      [0, '2027-01-12T04:59:00.000Z'],
      [1, '2027-01-13T04:59:00.000Z'],
    ]);
    // London: a day before is 09:30 (allowed); two hours before is 07:30 (quiet) -> 20:59 the evening before
    expect((await jobs(london.id)).map((j) => [j.data.ruleIndex, j.at])).toEqual([
      [0, '2027-01-12T09:30:00.000Z'],
      [1, '2027-01-12T20:59:00.000Z'],
    ]);
    expect(la.reminders).toEqual([
      { ruleIndex: 0, outcome: 'planned', at: '2027-01-12T04:59:00.000Z', reason: 'moved out of quiet hours (21:00–08:00 in America/Los_Angeles)' },
      { ruleIndex: 1, outcome: 'planned', at: '2027-01-13T04:59:00.000Z', reason: 'moved out of quiet hours (21:00–08:00 in America/Los_Angeles)' },
    ]);
  });

  it('skips a rule whose time has passed when the appointment is booked', async () => {
    const soon = await book('+447700900102', '2027-01-11T16:00:00Z');
    expect((await jobs(soon.id)).map((j) => j.data.ruleIndex)).toEqual([1]);
    expect(soon.reminders.find((r) => r.ruleIndex === 0)).toMatchObject({ outcome: 'skipped', reason: '1 day before: its time had passed when the appointment was booked' });
  });

  it('follows the quiet hours the bot is given', async () => {
    const a = await book('+447700900103', '2027-01-14T10:00:00Z');
    expect((await jobs(a.id)).map((j) => j.at)).toEqual(['2027-01-13T10:00:00.000Z', '2027-01-14T08:00:00.000Z']);
    expect((await app.call('PATCH', `/api/bots/${botId}`, { token: api.token, body: { quietHours: { start: '20:00', end: '09:00' } } })).status).toBe(200);
    expect((await jobs(a.id)).map((j) => j.at)).toEqual(['2027-01-13T10:00:00.000Z', '2027-01-13T19:59:00.000Z']);
    const none = await app.call('PATCH', `/api/bots/${botId}`, { token: api.token, body: { quietHours: { start: '09:00', end: '09:00' } } });
    expect(none.status).toBe(422);
    expect(none.body.errors).toEqual([{ path: '/quietHours', message: 'quiet from 09:00 to 09:00 leaves no minute of the day to send in' }]);
    await app.call('PATCH', `/api/bots/${botId}`, { token: api.token, body: { quietHours: { start: '21:00', end: '08:00' } } });
    expect((await jobs(a.id)).map((j) => j.at)).toEqual(['2027-01-13T10:00:00.000Z', '2027-01-14T08:00:00.000Z']);
  });
});

describe('sending', () => {
  it('sends the reminder when it comes due, in the contact’s zone, exactly once even if its job runs twice', async () => {
    const to = '+13105550111';
    await addContact(to, 'sms', 'America/Los_Angeles');
    const a = await book(to, '2027-01-15T16:30:00Z'); // Friday 16:30 London = 08:30 Los Angeles
    // the booking notice tells the time in the contact's zone too
    await until('the booking notice', async () => bodiesTo(twilio, to).length === 1);
    expect(bodiesTo(twilio, to)[0]).toBe('Your appointment with Dr Okafor is booked for Fri 15 Jan, 08:30.');
    const [first] = await jobs(a.id);
    await comesDue(first!);
    const reminders = () => bodiesTo(twilio, to).filter((b) => b.startsWith('Tomorrow'));
    const [text] = await until('the reminder SMS', async () => (reminders().length > 0 ? reminders() : null));
    expect(text).toBe('Tomorrow: Dr Okafor at Fri 15 Jan, 08:30 (America/Los_Angeles).');
    await until('the job that ran to be removed', async () => (await jobs(a.id)).length === 1); // the 2-hour one is left
    // a worker that died holding the job runs it again: the outbox key sends nothing more
    await app.botloom.context.reminders!.fire(first!.data);
    await app.botloom.context.reminders!.fire(first!.data);
    expect(reminders()).toHaveLength(1);
    expect((await reminderLog(a.id))[0]).toMatchObject({ ruleIndex: 0, outcome: 'sent' });
  });

  it('moves the reminders with the appointment: the old jobs go, and a stale one sends nothing', async () => {
    const to = '+447700900112';
    await addContact(to, 'sms');
    const a = await book(to, '2027-01-18T12:00:00Z');
    const before = await jobs(a.id);
    const moved = await app.call('PATCH', `/api/bots/${botId}/appointments/${a.id}`, { token: api.token, body: { start: '2027-01-20T14:00:00Z' } });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    const after = await jobs(a.id);
    expect(after.map((j) => [j.data.start, j.at])).toEqual([
      ['2027-01-20T14:00:00.000Z', '2027-01-19T14:00:00.000Z'],
      ['2027-01-20T14:00:00.000Z', '2027-01-20T12:00:00.000Z'],
    ]);
    expect(moved.body.reminders.map((r: { at: string }) => r.at)).toEqual(['2027-01-19T14:00:00.000Z', '2027-01-20T12:00:00.000Z']);
    // a job planned for the old time that still ran (its removal lost) sends nothing
    setClock(before[0]!.at);
    await app.botloom.context.reminders!.fire(before[0]!.data);
    const sends = bodiesTo(twilio, to).length; // the booking and move notices
    expect(bodiesTo(twilio, to).some((b) => b.startsWith('Tomorrow'))).toBe(false);
    // the new one goes at its time
    await comesDue(after[0]!);
    await until('the moved reminder', async () => bodiesTo(twilio, to).length === sends + 1);
    expect(bodiesTo(twilio, to).at(-1)).toBe('Tomorrow: Dr Okafor at Wed 20 Jan, 14:00 (Europe/London).');
  });

  it('cancels the reminders with the appointment', async () => {
    const to = '+447700900113';
    const a = await book(to, '2027-01-22T13:00:00Z');
    const planned = await jobs(a.id);
    expect(planned).toHaveLength(2);
    expect((await app.call('PATCH', `/api/bots/${botId}/appointments/${a.id}`, { token: api.token, body: { status: 'cancelled' } })).status).toBe(200);
    expect(await jobs(a.id)).toEqual([]);
    const notices = bodiesTo(twilio, to).length;
    setClock(planned[0]!.at);
    await app.botloom.context.reminders!.fire(planned[0]!.data);
    expect(bodiesTo(twilio, to)).toHaveLength(notices);
  });

  it('checks consent again just before sending: an opt-out since the booking wins', async () => {
    const to = '+447700900114';
    const a = await book(to, '2027-01-25T14:00:00Z');
    await ContactModel.updateOne({ botId, channel: 'sms', address: to }, { $set: { optedOut: true, consentChangedAt: appNow() } });
    const sends = sentTo(twilio, to).length;
    const [first] = await jobs(a.id);
    await comesDue(first!);
    await until('the reminder skipped', async () => (await reminderLog(a.id)).find((r: { ruleIndex: number; outcome: string }) => r.ruleIndex === 0 && r.outcome === 'skipped'));
    expect((await reminderLog(a.id))[0]).toMatchObject({ outcome: 'skipped', reason: 'the contact has opted out' });
    expect(sentTo(twilio, to)).toHaveLength(sends);
  });

  it('on WhatsApp outside the 24-hour window, sends the approved template, or skips saying why', async () => {
    const noTemplate = await book('+447700900115', '2027-01-28T15:00:00Z', 'whatsapp');
    const [job] = await jobs(noTemplate.id);
    await app.botloom.context.reminders!.fire(job!.data); // run early: the clock matters not to the window of a contact who never wrote
    expect((await reminderLog(noTemplate.id))[0]).toMatchObject({ outcome: 'skipped', reason: WINDOW_CLOSED_NO_TEMPLATE });
    expect(sentTo(twilio, 'whatsapp:+447700900115').filter((s) => !s.form.Body?.startsWith('Your appointment'))).toEqual([]);

    // the calendar gets a template: its rules change, every appointment is planned again
    const template = { name: 'appointment_reminder', language: 'en_GB', variables: ['{{appointment.time}}'], content_sid: `HX${'b'.repeat(32)}` };
    const put = await app.call('PUT', `/api/bots/${botId}/resources/${resourceId}`, {
      token: api.token,
      body: { name: 'Dr Okafor', timezone: 'Europe/London', slotMinutes: 30, weeklyHours: EVERY_DAY, horizonDays: 60, reminders: [{ ...RULES[0], template }, RULES[1]] },
    });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    const [replanned] = await jobs(noTemplate.id);
    expect(replanned!.data.rev).toBe(job!.data.rev + 1);
    // the job planned under the old rules does nothing
    setClock(replanned!.at);
    await app.botloom.context.reminders!.fire(job!.data);
    expect(sentTo(twilio, 'whatsapp:+447700900115').filter((s) => s.form.ContentSid)).toEqual([]);
    expect((await reminderLog(noTemplate.id))[0]).toMatchObject({ ruleIndex: 0, outcome: 'planned' });
    await comesDue(replanned!);
    const [sent] = await until('the template', async () => (sentTo(twilio, 'whatsapp:+447700900115').filter((s) => s.form.ContentSid).length ? sentTo(twilio, 'whatsapp:+447700900115').filter((s) => s.form.ContentSid) : null));
    expect(sent!.form.ContentSid).toBe(template.content_sid);
    expect(JSON.parse(sent!.form.ContentVariables!)).toEqual({ 1: 'Thu 28 Jan, 15:00' });
  });
});

describe('a reply to a reminder', () => {
  it("is handled by the flow the calendar names: 'cancel' cancels the appointment", async () => {
    // Monday 8 February 2027: a calendar whose reminders start its reply flow
    setClock('2027-02-08T09:00:00Z');
    const flow = await app.call('POST', `/api/bots/${botId}/flows`, { token: api.token, body: { name: 'Reminder replies' } });
    expect(flow.status, JSON.stringify(flow.body)).toBe(201);
    const calendar = await app.call('POST', `/api/bots/${botId}/resources`, {
      token: api.token,
      body: { name: 'Dr Reply', timezone: 'Europe/London', slotMinutes: 30, weeklyHours: EVERY_DAY, reminders: [{ minutesBefore: 1440, text: 'Tomorrow {{appointment.start_time}} with {{calendar.name}}. Reply CANCEL to cancel.' }], replyFlowId: flow.body.id },
    });
    expect(calendar.status, JSON.stringify(calendar.body)).toBe(201);
    const saved = await app.call('PUT', `/api/bots/${botId}/flows/${flow.body.id}`, {
      token: api.token,
      body: {
        nodes: [
          node('s', 'start'),
          node('wait', 'wait', { mode: 'reply', save_as: 'reply' }),
          node('wants', 'condition', { variable: 'state.reply', operator: 'contains', value: 'cancel' }),
          node('cancel', 'book_appointment', { action: 'cancel', resource_id: calendar.body.id }),
          node('done', 'send_message', { text: 'Your appointment of {{state.appointment.label}} is cancelled.' }),
          node('keep', 'send_message', { text: 'See you then!' }),
          node('e', 'end'),
        ],
        edges: [edge('s', 'wait'), edge('wait', 'wants', 'reply'), edge('wants', 'cancel', 'true'), edge('wants', 'keep', 'false'), edge('cancel', 'done', 'cancelled'), edge('done', 'e'), edge('keep', 'e')],
      },
    });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    await saveFlow(api, botId, { nodes: [node('s', 'start'), node('hi', 'send_message', { text: 'Hello from the clinic' }), node('e', 'end')], edges: [edge('s', 'hi'), edge('hi', 'e')] });
    await publish(api, botId);
    const to = '+447700900131';
    const booked = await app.call('POST', `/api/bots/${botId}/appointments`, { token: api.token, body: { resourceId: calendar.body.id, start: '2027-02-10T11:00:00Z', contact: { address: to, channel: 'sms' } } });
    expect(booked.status, JSON.stringify(booked.body)).toBe(201);
    const [job] = await jobs(booked.body.id);
    await comesDue(job!);
    await until('the reminder', async () => bodiesTo(twilio, to).some((b) => b.startsWith('Tomorrow 11:00 with Dr Reply')));
    // the reply flow starts with the appointment in its variables, waiting for the answer
    const waiting = await mongoose.connection.collection('conversations').findOne({ 'origin.refId': booked.body.id });
    expect(waiting).toMatchObject({ status: 'waiting', vars: { appointment: { id: booked.body.id, label: 'Wed 10 Feb, 11:00', start_time: '11:00' }, calendar: { name: 'Dr Reply' }, reminder: { text: 'Tomorrow 11:00 with Dr Reply. Reply CANCEL to cancel.' } } });
    expect((await reminderLog(booked.body.id))[0]).toMatchObject({ outcome: 'sent', reason: 'the reply flow is waiting for the answer' });
    await contactSays(api, botId, to, 'please cancel it');
    await until('the cancellation', async () => bodiesTo(twilio, to).at(-1) === 'Your appointment of Wed 10 Feb, 11:00 is cancelled.');
    expect((await AppointmentModel.findById(booked.body.id).lean())!.status).toBe('cancelled');
    // the reminder is in the reply conversation's transcript, before the answer
    const transcript = (await app.call('GET', `/api/bots/${botId}/conversations/${encodeURIComponent(to)}/messages`, { token: api.token })).body as Array<{ direction: string; text: string }>;
    expect(transcript.slice(-3).map((m) => `${m.direction}: ${m.text}`)).toEqual(['out: Tomorrow 11:00 with Dr Reply. Reply CANCEL to cancel.', 'in: please cancel it', 'out: Your appointment of Wed 10 Feb, 11:00 is cancelled.']);
  });
});

describe('appointments booked in a conversation, and recovery', () => {
  it('plans the reminders of a booking made by the bot, and cancels them when the bot cancels it', async () => {
    setClock('2027-02-15T10:00:00Z'); // Monday: the first free slot is 10:30, its 5-minutes-before reminder at 10:25
    const quick = await app.call('POST', `/api/bots/${botId}/resources`, {
      token: api.token,
      body: { name: 'Walk-in', timezone: 'Europe/London', slotMinutes: 30, weeklyHours: EVERY_DAY, reminders: [{ minutesBefore: 5, text: 'See you in 5 minutes' }] },
    });
    await saveFlow(api, botId, {
      nodes: [node('s', 'start'), node('book', 'book_appointment', { resource_id: quick.body.id, prompt: 'Pick a time', confirmation: 'Booked {{state.appointment.label}}' }), node('e', 'end')],
      edges: [edge('s', 'book'), edge('book', 'e', 'booked')],
    });
    await sayOk(api, botId, 'Tess', 'hi');
    const booked = await sayOk(api, botId, 'Tess', '1');
    expect(booked.replies[0]).toMatch(/^Booked /);
    const appointment = await AppointmentModel.findOne({ botId, status: 'confirmed' }).sort({ createdAt: -1 }).lean();
    expect((await jobs(appointment!._id.toString())).map((j) => j.at)).toEqual(['2027-02-15T10:25:00.000Z']);
    await saveFlow(api, botId, {
      nodes: [node('s', 'start'), node('cancel', 'book_appointment', { action: 'cancel', resource_id: quick.body.id }), node('e', 'end')],
      edges: [edge('s', 'cancel'), edge('cancel', 'e', 'cancelled')],
    });
    await sayOk(api, botId, 'Tess', 'cancel please');
    expect((await AppointmentModel.findById(appointment!._id).lean())!.status).toBe('cancelled');
    expect(await jobs(appointment!._id.toString())).toEqual([]);
  });

  it('plans what a process died before planning, in the sweep', async () => {
    const contact = await ContactModel.create({ botId, channel: 'sms', address: '+447700900116' });
    const orphan = await AppointmentModel.create({ botId, resourceId, contactId: contact._id, start: new Date('2027-02-24T10:00:00Z'), end: new Date('2027-02-24T10:30:00Z'), status: 'confirmed', slotKey: `${resourceId}:2027-02-24T10:00:00.000Z` });
    expect(await jobs(orphan._id.toString())).toEqual([]);
    await app.botloom.context.reminders!.sweep();
    expect((await jobs(orphan._id.toString())).map((j) => j.at)).toEqual(['2027-02-23T10:00:00.000Z', '2027-02-24T08:00:00.000Z']);
    expect(await app.botloom.context.reminders!.sweep()).toBe(0); // planned: nothing left to do
  });
});
