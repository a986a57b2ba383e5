// Staff book, move and cancel appointments over real HTTP: the same no-double-booking rule as the
// bot (20 concurrent bookings of one slot, exactly one wins), bad input named by field, roles, and
// the message that tells the contact.
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MessageModel } from '../../server/src/adapters/mongo/models';
import { startTestApp, type TestApp } from '../support/app-harness';

let app: TestApp;
let token: string;
let botId: string;
let resourceId: string;

const ZONE = 'Europe/Paris';
const EVERY_DAY = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [['09:00', '17:00']]]));
/** A slot start `days` from today at hh:mm in the calendar's zone, as the studio sends it (UTC ISO). */
const slot = (days: number, time: string) => {
  const [hour, minute] = time.split(':').map(Number);
  return DateTime.now().setZone(ZONE).plus({ days }).set({ hour, minute, second: 0, millisecond: 0 }).toUTC().toISO()!;
};

beforeAll(async () => {
  app = await startTestApp({ label: 'apiappointments' });
  token = await app.login();
  botId = (await app.call('POST', '/api/bots', { token, body: { name: 'Clinic', timezone: ZONE } })).body.id;
  const res = await app.call('POST', `/api/bots/${botId}/resources`, {
    token,
    body: { name: 'Dr Martin', timezone: ZONE, slotMinutes: 30, weeklyHours: EVERY_DAY },
  });
  resourceId = res.body.id;
});
afterAll(() => app?.stop());

const book = (body: unknown, t = token) => app.call('POST', `/api/bots/${botId}/appointments`, { token: t, body });
const patch = (id: string, body: unknown, t = token) => app.call('PATCH', `/api/bots/${botId}/appointments/${id}`, { token: t, body });
const list = async (query = '') => {
  const res = await app.call('GET', `/api/bots/${botId}/appointments${query}`, { token });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as Array<Record<string, unknown>>;
};

describe('POST /api/bots/:id/appointments', () => {
  it('books a free slot for a new contact (201), with the name and phone', async () => {
    const start = slot(2, '10:00');
    const res = await book({ resourceId, start, contact: { address: '+33 6 12 34 56 78', channel: 'sms', name: 'Jeanne Petit' } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({
      resourceId,
      start: new Date(start).toISOString(),
      status: 'confirmed',
      contact: '+33612345678',
      contactName: 'Jeanne Petit',
      channel: 'sms',
    });
    expect(new Date(res.body.end).getTime() - new Date(res.body.start).getTime()).toBe(30 * 60_000);
    expect((await list(`?resourceId=${resourceId}`)).map((a) => a.id)).toContain(res.body.id);
    const slots = await app.call(
      'GET',
      `/api/bots/${botId}/resources/${resourceId}/slots?from=${encodeURIComponent(slot(2, '00:00'))}&to=${encodeURIComponent(slot(3, '00:00'))}`,
      { token },
    );
    expect(slots.status).toBe(200);
    expect(slots.body).toHaveLength(15); // 16 half hours between 9 and 5, one taken
    expect(slots.body.map((s: { start: string }) => s.start)).not.toContain(res.body.start);
  });

  it('lets exactly one of 20 concurrent bookings of one slot through; the others get 409', async () => {
    const start = slot(3, '11:30');
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        book({ resourceId, start, contact: { address: `+4477009001${String(i).padStart(2, '0')}`, channel: 'sms' } }),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([201, ...Array(19).fill(409)]);
    for (const r of results.filter((x) => x.status === 409)) expect(r.body.error).toMatch(/That time was just taken/);
    const booked = (await list('?status=confirmed')).filter((a) => a.start === new Date(start).toISOString());
    expect(booked).toHaveLength(1);
  });

  it.each([
    [
      'a time between slots',
      () => ({ resourceId, start: slot(2, '10:10'), contact: { address: '+447700900200', channel: 'sms' } }),
      '/start',
      /not the start of a slot/,
    ],
    [
      'a time outside the hours',
      () => ({ resourceId, start: slot(2, '18:00'), contact: { address: '+447700900200', channel: 'sms' } }),
      '/start',
      /outside the calendar's opening hours/,
    ],
    [
      'a time in the past',
      () => ({ resourceId, start: slot(-1, '10:00'), contact: { address: '+447700900200', channel: 'sms' } }),
      '/start',
      /in the past/,
    ],
    [
      'a start that is not a date',
      () => ({ resourceId, start: 'tomorrow at ten', contact: { address: '+447700900200', channel: 'sms' } }),
      '/start',
      /ISO 8601/,
    ],
    [
      'an unknown calendar',
      () => ({ resourceId: 'a'.repeat(24), start: slot(2, '10:00'), contact: { address: '+447700900200', channel: 'sms' } }),
      '/resourceId',
      /not a calendar/,
    ],
    [
      'an invalid phone number',
      () => ({ resourceId, start: slot(2, '10:30'), contact: { address: 'call me', channel: 'sms' } }),
      '/contact/address',
      /not a valid phone number/,
    ],
    [
      'an unknown channel',
      () => ({ resourceId, start: slot(2, '10:30'), contact: { address: '+447700900200', channel: 'pigeon' } }),
      '/contact/channel',
      /.+/,
    ],
    ['a missing contact', () => ({ resourceId, start: slot(2, '10:30') }), '/contact', /required/],
  ])('answers 422 naming the field for %s, and books nothing', async (_what, body, path, message) => {
    const before = (await list()).length;
    const res = await book(body());
    expect(res.status, JSON.stringify(res.body)).toBe(422);
    expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ path, message: expect.stringMatching(message) })]));
    expect(await list()).toHaveLength(before);
  });

  it('answers 404 for an unknown bot', async () => {
    expect(
      (
        await app.call('POST', `/api/bots/${'b'.repeat(24)}/appointments`, {
          token,
          body: { resourceId, start: slot(2, '10:00'), contact: { address: 'x', channel: 'simulator' } },
        })
      ).status,
    ).toBe(404);
  });
});

describe('PATCH /api/bots/:id/appointments/:appointmentId', () => {
  it('moves to a free slot, refuses a taken one (409) without changing anything, and cancels', async () => {
    const first = (await book({ resourceId, start: slot(4, '09:00'), contact: { address: '+447700900301', channel: 'sms', name: 'Ann' } }))
      .body;
    const second = (await book({ resourceId, start: slot(4, '09:30'), contact: { address: '+447700900302', channel: 'sms', name: 'Bob' } }))
      .body;

    const moved = await patch(first.id, { start: slot(4, '14:00') });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    expect(moved.body).toMatchObject({ id: first.id, start: new Date(slot(4, '14:00')).toISOString(), status: 'confirmed' });
    // the old slot is free again
    expect((await book({ resourceId, start: slot(4, '09:00'), contact: { address: '+447700900303', channel: 'sms' } })).status).toBe(201);

    const clash = await patch(second.id, { start: slot(4, '14:00') });
    expect(clash.status).toBe(409);
    expect(clash.body.error).toMatch(/That time was just taken/);
    const after = await list();
    expect(after.find((a) => a.id === second.id)).toMatchObject({ start: second.start, status: 'confirmed' });
    expect(after.find((a) => a.id === first.id)).toMatchObject({ start: new Date(slot(4, '14:00')).toISOString() });

    expect((await patch(second.id, { start: slot(4, '20:00') })).status).toBe(422);
    const cancelled = await patch(second.id, { status: 'cancelled' });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.status).toBe('cancelled');
    // its slot can be booked again
    expect((await book({ resourceId, start: second.start, contact: { address: '+447700900304', channel: 'sms' } })).status).toBe(201);
    expect((await patch(second.id, { start: slot(5, '10:00') })).status).toBe(409);
  });

  it('answers 422 for a body that is neither a move nor a cancel, 404 for an unknown appointment', async () => {
    const a = (await book({ resourceId, start: slot(5, '15:00'), contact: { address: '+447700900305', channel: 'sms' } })).body;
    expect((await patch(a.id, { status: 'confirmed' })).status).toBe(422);
    expect((await patch(a.id, {})).status).toBe(422);
    expect((await patch(a.id, { start: slot(5, '16:00'), status: 'cancelled' })).status).toBe(422);
    expect((await patch('c'.repeat(24), { status: 'cancelled' })).status).toBe(404);
    expect((await patch('nope', { status: 'cancelled' })).status).toBe(404);
  });
});

describe('GET /api/bots/:id/appointments filters', () => {
  it('filters by calendar and time span, and refuses bad query parameters (422)', async () => {
    const day = slot(6, '00:00');
    const a = (await book({ resourceId, start: slot(6, '12:00'), contact: { address: '+447700900306', channel: 'sms' } })).body;
    const inDay = await list(`?resourceId=${resourceId}&from=${encodeURIComponent(day)}&to=${encodeURIComponent(slot(7, '00:00'))}`);
    expect(inDay.map((x) => x.id)).toEqual([a.id]);
    for (const [query, path] of [
      ['?from=yesterday', '/from'],
      ['?resourceId=xyz', '/resourceId'],
      ['?status=lost', '/status'],
      ['?colour=red', '/colour'],
    ]) {
      const res = await app.call('GET', `/api/bots/${botId}/appointments${query}`, { token });
      expect(res.status, query).toBe(422);
      expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path);
    }
  });
});

describe('roles and the message to the contact', () => {
  it('lets an agent manage appointments and a viewer only read them', async () => {
    for (const role of ['agent', 'viewer']) {
      const email = `${role}@appointments.test`;
      expect((await app.call('POST', '/api/users', { token, body: { email, password: 'long-enough-1', role } })).status).toBe(201);
    }
    const agent = await app.login('agent@appointments.test', 'long-enough-1');
    const viewer = await app.login('viewer@appointments.test', 'long-enough-1');
    const body = { resourceId, start: slot(8, '09:00'), contact: { address: '+447700900307', channel: 'sms' } };
    expect((await book(body, viewer)).status).toBe(403);
    const made = await book(body, agent);
    expect(made.status).toBe(201);
    expect((await patch(made.body.id, { status: 'cancelled' }, viewer)).status).toBe(403);
    expect((await patch(made.body.id, { status: 'cancelled' }, agent)).status).toBe(200);
    expect((await app.call('GET', `/api/bots/${botId}/appointments`, { token: viewer })).status).toBe(200);
  });

  it('records a message to a simulator contact for each booking, move and cancel; none on a channel the bot lacks', async () => {
    const made = await book({ resourceId, start: slot(9, '10:00'), contact: { address: 'tester-1', channel: 'simulator', name: 'Tess' } });
    expect(made.status).toBe(201);
    await patch(made.body.id, { start: slot(9, '11:00') });
    await patch(made.body.id, { status: 'cancelled' });
    await patch(made.body.id, { status: 'cancelled' }); // twice: no second message
    const texts = (await MessageModel.find({ contactId: made.body.contactId }).sort({ createdAt: 1 }).lean()).map((m) => m.text);
    expect(texts).toHaveLength(3);
    expect(texts[0]).toMatch(/Dr Martin is booked for .+ 10:00/);
    expect(texts[1]).toMatch(/has moved from .+ 10:00 to .+ 11:00/);
    expect(texts[2]).toMatch(/11:00 has been cancelled/);
    // this bot has no SMS sender: staff booking still works, and nothing is queued
    const sms = (await book({ resourceId, start: slot(9, '12:00'), contact: { address: '+447700900308', channel: 'sms' } })).body;
    expect(await MessageModel.countDocuments({ contactId: sms.contactId })).toBe(0);
  });
});
