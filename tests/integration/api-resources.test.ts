// Bookable resources (calendars) over real HTTP: creating them, refusing opening hours that make
// no sense with a path to the culprit, previewing free slots, and listing appointments.
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app-harness';

let app: TestApp;
let token: string;
let botId: string;

const EVERY_DAY = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [['09:00', '17:00']]]));

beforeAll(async () => {
  app = await startTestApp({ label: 'apiresources' });
  token = await app.login();
  botId = (await app.call('POST', '/api/bots', { token, body: { name: 'Calendars' } })).body.id;
});
afterAll(() => app?.stop());

const createResource = (body: unknown) => app.call('POST', `/api/bots/${botId}/resources`, { token, body });

describe('POST /api/bots/:id/resources', () => {
  it('creates a bookable resource (201) and lists it', async () => {
    const res = await createResource({
      name: 'Dr Smith',
      timezone: 'Europe/London',
      slotMinutes: 30,
      weeklyHours: { mon: [['09:00', '17:00']] },
    });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.stringMatching(/^[0-9a-f]{24}$/),
      name: 'Dr Smith',
      timezone: 'Europe/London',
      slotMinutes: 30,
      weeklyHours: { mon: [['09:00', '17:00']] },
      minNoticeMinutes: 0,
      horizonDays: 60,
      reminders: [],
      replyFlowId: null,
    });
    const list = await app.call('GET', `/api/bots/${botId}/resources`, { token });
    expect(list.body).toEqual([res.body]);
  });

  it.each([
    ['an end before its start', { mon: [['17:00', '09:00']] }, '/weeklyHours/mon/0', /must be after start/],
    ['an empty interval', { tue: [['10:00', '10:00']] }, '/weeklyHours/tue/0', /must be after start/],
    [
      'overlapping intervals',
      {
        wed: [
          ['09:00', '12:00'],
          ['11:00', '13:00'],
        ],
      },
      '/weeklyHours/wed/1',
      /overlaps/,
    ],
    ['an hour of 25', { thu: [['25:00', '26:00']] }, '/weeklyHours/thu/0/0', /invalid start time "25:00"/],
    ['an end of 25:00', { thu: [['09:00', '25:00']] }, '/weeklyHours/thu/0/1', /invalid end time "25:00"/],
    ['minutes past 59', { fri: [['09:60', '10:00']] }, '/weeklyHours/fri/0/0', /invalid start time/],
    ['an unknown weekday', { funday: [['09:00', '10:00']] }, '/weeklyHours/funday', /unknown weekday/],
    ['a day that is not a list', { sat: '09:00-17:00' }, '/weeklyHours/sat', /array/],
    ['an interval that is not a pair', { sun: [['09:00']] }, '/weeklyHours/sun/0', /pair/],
  ])('answers 422 with a path under /weeklyHours for %s', async (_what, weeklyHours, path, message) => {
    const before = (await app.call('GET', `/api/bots/${botId}/resources`, { token })).body.length;
    const res = await createResource({ name: 'Bad hours', timezone: 'UTC', slotMinutes: 30, weeklyHours });
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual(expect.arrayContaining([{ path, message: expect.stringMatching(message) }]));
    for (const e of res.body.errors) expect(e.path.startsWith('/weeklyHours/')).toBe(true);
    expect((await app.call('GET', `/api/bots/${botId}/resources`, { token })).body).toHaveLength(before);
  });

  it('escapes a weekday key into a JSON pointer', async () => {
    const res = await createResource({
      name: 'Odd key',
      timezone: 'UTC',
      slotMinutes: 30,
      weeklyHours: { 'mon/tue': [['09:00', '10:00']], 'a~b:c': [] },
    });
    expect(res.status).toBe(422);
    expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual(['/weeklyHours/mon~1tue', '/weeklyHours/a~0b:c']);
  });

  it('answers 422 naming the field for a bad time zone, slot length or a missing field', async () => {
    const ok = { name: 'C', timezone: 'UTC', slotMinutes: 30, weeklyHours: EVERY_DAY };
    for (const [body, path] of [
      [{ ...ok, timezone: 'Atlantis/Capital' }, '/timezone'],
      [{ ...ok, slotMinutes: 0 }, '/slotMinutes'],
      [{ ...ok, slotMinutes: 12.5 }, '/slotMinutes'],
      [{ ...ok, weeklyHours: [['09:00', '17:00']] }, '/weeklyHours'],
      [{ ...ok, name: '  ' }, '/name'],
      [{ name: 'C', timezone: 'UTC', slotMinutes: 30 }, '/weeklyHours'],
    ] as const) {
      const res = await createResource(body);
      expect(res.status, path).toBe(422);
      expect(
        res.body.errors.map((e: { path: string }) => e.path),
        path,
      ).toContain(path);
    }
  });
});

describe('PUT and DELETE /api/bots/:id/resources/:resourceId', () => {
  it('updates and removes a resource, with the same checks as creating one', async () => {
    const created = await createResource({ name: 'Room 1', timezone: 'UTC', slotMinutes: 60, weeklyHours: EVERY_DAY });
    const path = `/api/bots/${botId}/resources/${created.body.id}`;
    const bad = await app.call('PUT', path, {
      token,
      body: { name: 'Room 1', timezone: 'UTC', slotMinutes: 60, weeklyHours: { mon: [['12:00', '11:00']] } },
    });
    expect(bad.status).toBe(422);
    expect(bad.body.errors).toEqual([expect.objectContaining({ path: '/weeklyHours/mon/0' })]);
    const updated = await app.call('PUT', path, {
      token,
      body: { name: 'Room one', timezone: 'Asia/Tokyo', slotMinutes: 45, weeklyHours: { tue: [['08:00', '12:00']] } },
    });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ id: created.body.id, name: 'Room one', timezone: 'Asia/Tokyo', slotMinutes: 45 });
    const listed = (await app.call('GET', `/api/bots/${botId}/resources`, { token })).body.find(
      (r: { id: string }) => r.id === created.body.id,
    );
    expect(listed).toEqual(updated.body);
    expect((await app.call('DELETE', path, { token })).status).toBe(204);
    expect((await app.call('GET', `${path}/slots`, { token })).status).toBe(404);
  });

  it('does not reach a resource through another bot', async () => {
    const created = await createResource({ name: 'Private', timezone: 'UTC', slotMinutes: 30, weeklyHours: EVERY_DAY });
    const otherBot = (await app.call('POST', '/api/bots', { token, body: { name: 'Other' } })).body.id;
    expect((await app.call('GET', `/api/bots/${otherBot}/resources/${created.body.id}/slots`, { token })).status).toBe(404);
    expect((await app.call('DELETE', `/api/bots/${otherBot}/resources/${created.body.id}`, { token })).status).toBe(404);
    expect((await app.call('GET', `/api/bots/${botId}/resources/${created.body.id}/slots`, { token })).status).toBe(200);
  });
});

describe('GET /api/bots/:id/resources/:resourceId/slots', () => {
  it('previews future slots aligned to the slot length inside the opening hours', async () => {
    const zone = 'America/New_York';
    const res = await createResource({ name: 'Aligned', timezone: zone, slotMinutes: 45, weeklyHours: EVERY_DAY });
    const before = Date.now();
    const slots = await app.call('GET', `/api/bots/${botId}/resources/${res.body.id}/slots?count=12`, { token });
    expect(slots.status).toBe(200);
    expect(slots.body).toHaveLength(12);
    let previous = 0;
    for (const s of slots.body as Array<{ start: string; end: string; label: string }>) {
      const start = DateTime.fromISO(s.start, { zone });
      const end = DateTime.fromISO(s.end, { zone });
      expect(start.toMillis()).toBeGreaterThan(before);
      expect(start.toMillis()).toBeGreaterThan(previous);
      previous = start.toMillis();
      expect(end.diff(start, 'minutes').minutes).toBe(45);
      const minuteOfDay = start.hour * 60 + start.minute;
      expect((minuteOfDay - 9 * 60) % 45).toBe(0);
      expect(minuteOfDay).toBeGreaterThanOrEqual(9 * 60);
      expect(end.hour * 60 + end.minute).toBeLessThanOrEqual(17 * 60);
      expect(start.second).toBe(0);
      expect(s.label).toEqual(expect.any(String));
    }
    // 09:00..17:00 in 45-minute slots: ten a day, so twelve span at least two days
    expect(new Set(slots.body.map((s: { start: string }) => DateTime.fromISO(s.start, { zone }).toISODate())).size).toBeGreaterThanOrEqual(
      2,
    );
  });

  it('gives five by default and at most fifty', async () => {
    const res = await createResource({ name: 'Counts', timezone: 'UTC', slotMinutes: 30, weeklyHours: EVERY_DAY });
    const path = `/api/bots/${botId}/resources/${res.body.id}/slots`;
    expect((await app.call('GET', path, { token })).body).toHaveLength(5);
    expect((await app.call('GET', `${path}?count=500`, { token })).body).toHaveLength(50);
    expect((await app.call('GET', `${path}?count=nonsense`, { token })).body).toHaveLength(5);
  });

  it('offers nothing for a resource with no opening hours', async () => {
    const res = await createResource({ name: 'Closed', timezone: 'UTC', slotMinutes: 30, weeklyHours: {} });
    expect(res.status).toBe(201);
    const slots = await app.call('GET', `/api/bots/${botId}/resources/${res.body.id}/slots`, { token });
    expect(slots.status).toBe(200);
    expect(slots.body).toEqual([]);
  });
});

describe('GET /api/bots/:id/appointments', () => {
  it('answers 200 [] when nothing is booked', async () => {
    const res = await app.call('GET', `/api/bots/${botId}/appointments`, { token });
    expect(res.status).toBe(200);
    expect(res.body).toEqual([]);
    expect((await app.call('GET', `/api/bots/${botId}/appointments?status=confirmed`, { token })).body).toEqual([]);
  });
});

describe('reminder rules on a calendar', () => {
  const base = { name: 'Dr Reminder', timezone: 'Europe/London', slotMinutes: 30, weeklyHours: EVERY_DAY };

  it('stores reminders and a reply flow of the bot, and keeps the reminders when a change leaves them out', async () => {
    const flows = (await app.call('GET', `/api/bots/${botId}/flows`, { token })).body as Array<{ id: string }>;
    const reminders = [{ minutesBefore: 1440, text: 'See you tomorrow at {{appointment.start_time}}' }];
    const created = await createResource({ ...base, reminders, replyFlowId: flows[0]!.id });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({ reminders, replyFlowId: flows[0]!.id });
    const renamed = await app.call('PUT', `/api/bots/${botId}/resources/${created.body.id}`, { token, body: { ...base, name: 'Dr Renamed' } });
    expect(renamed.body).toMatchObject({ name: 'Dr Renamed', reminders, replyFlowId: flows[0]!.id });
    const cleared = await app.call('PUT', `/api/bots/${botId}/resources/${created.body.id}`, { token, body: { ...base, reminders: [], replyFlowId: null } });
    expect(cleared.body).toMatchObject({ reminders: [], replyFlowId: null });
    expect((await app.call('GET', `/api/bots/${botId}/resources`, { token })).body.find((r: { id: string }) => r.id === created.body.id)).toMatchObject({ reminders: [], replyFlowId: null });
  });

  it('refuses a reminder sooner than 5 minutes or later than 30 days, more than 5 rules, and a flow of another bot, naming the field', async () => {
    const errors = async (body: unknown) => (await createResource({ ...base, ...(body as object) })).body.errors;
    expect((await errors({ reminders: [{ minutesBefore: 1, text: '' }] }))[0].path).toBe('/reminders/0/minutesBefore');
    expect((await errors({ reminders: [{ minutesBefore: 50000, text: '' }] }))[0].path).toBe('/reminders/0/minutesBefore');
    expect((await errors({ reminders: Array.from({ length: 6 }, () => ({ minutesBefore: 60, text: '' })) }))[0].path).toBe('/reminders');
    expect((await errors({ reminders: [{ minutesBefore: 60, text: '', template: { name: 'Bad Name', language: 'en_US' } }] }))[0].path).toBe('/reminders/0/template/name');
    const other = (await app.call('POST', '/api/bots', { token, body: { name: 'Another bot' } })).body.id;
    const theirs = (await app.call('GET', `/api/bots/${other}/flows`, { token })).body[0].id;
    expect(await errors({ replyFlowId: theirs })).toEqual([{ path: '/replyFlowId', message: 'is not a flow of this bot' }]);
  });
});
