// Booking inside a conversation, over real HTTP against the real database: book, reschedule,
// cancel, and 50 contacts racing for one slot.
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { edge, node, startTestApp, type TestApp } from '../support/app-harness';
import { createBookingService } from '../../server/src/adapters/mongo/booking-service';
import { AppointmentModel } from '../../server/src/adapters/mongo/models';
import { botWithFlow, saveFlow, say, sayOk, type Api } from './conversations-helpers';

const ZONE = 'America/New_York';
const WEEKDAYS_9_TO_5 = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [d, [['09:00', '17:00']]]));

interface Slot {
  start: string;
  end: string;
  label: string;
}

/** The next hour-long weekday slots between 09:00 and 17:00 New York time, worked out independently of the server. */
function expectedSlots(now: Date, count: number, taken: string[] = []): Slot[] {
  const slots: Slot[] = [];
  for (let day = DateTime.fromJSDate(now, { zone: ZONE }).startOf('day'); slots.length < count; day = day.plus({ days: 1 })) {
    if (day.weekday > 5) continue;
    for (let hour = 9; hour < 17 && slots.length < count; hour++) {
      const start = day.set({ hour });
      const iso = start.toJSDate().toISOString();
      if (start.toMillis() <= now.getTime() || taken.includes(iso)) continue;
      slots.push({
        start: iso,
        end: start.plus({ hours: 1 }).toJSDate().toISOString(),
        label: start.setLocale('en-GB').toFormat('ccc d LLL, HH:mm'),
      });
    }
  }
  return slots;
}

const offer = (prompt: string, slots: Slot[]) => [prompt, ...slots.map((s, i) => `${i + 1}. ${s.label}`)].join('\n');

/** Runs `send`, and returns the slots the server must have offered (a slot boundary may pass during the call). */
async function offered<T extends { replies: string[] }>(
  send: () => Promise<T>,
  prompt: string,
  count: number,
  taken: string[] = [],
): Promise<{ answer: T; slots: Slot[] }> {
  const before = expectedSlots(new Date(), count, taken);
  const answer = await send();
  const after = expectedSlots(new Date(), count, taken);
  const slots = answer.replies.includes(offer(prompt, after)) ? after : before;
  return { answer, slots };
}

let app: TestApp;
let api: Api;

beforeAll(async () => {
  app = await startTestApp({ label: 'conv-booking' });
  api = { app, token: await app.login() };
});
afterAll(() => app?.stop());

async function createResource(botId: string): Promise<string> {
  const res = await app.call('POST', `/api/bots/${botId}/resources`, {
    token: api.token,
    body: { name: 'Dr. Who', timezone: ZONE, slotMinutes: 60, weeklyHours: WEEKDAYS_9_TO_5 },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id as string;
}

async function appointments(botId: string): Promise<any[]> {
  const res = await app.call('GET', `/api/bots/${botId}/appointments`, { token: api.token });
  expect(res.status).toBe(200);
  return res.body;
}

describe('a booking conversation in the simulator', () => {
  it('books the slot the contact picks, then reschedules and cancels it in later conversations', async () => {
    const botId = await botWithFlow(api, 'Clinic', { nodes: [node('s', 'start')], edges: [] }, { timezone: ZONE });
    const resourceId = await createResource(botId);
    await saveFlow(api, botId, {
      nodes: [
        node('s', 'start'),
        node('ask', 'ask', { question: 'What is your name?', save_as: 'name' }),
        node('book', 'book_appointment', {
          resource_id: resourceId,
          prompt: 'Hi {{state.name}}, which time suits you?',
          confirmation: 'Booked: {{state.appointment.label}}',
        }),
        node('thanks', 'send_message', { text: 'Thanks {{state.name}}, see you on {{state.appointment.label}}.' }),
        node('none', 'send_message', { text: 'Sorry, nothing is free.' }),
        node('e', 'end'),
      ],
      edges: [
        edge('s', 'ask'),
        edge('ask', 'book', 'answered'),
        edge('book', 'thanks', 'booked'),
        edge('book', 'none', 'unavailable'),
        edge('thanks', 'e'),
        edge('none', 'e'),
      ],
    });

    expect((await sayOk(api, botId, 'ada', 'hi')).replies).toEqual(['What is your name?']);
    const { answer: menu, slots } = await offered(() => sayOk(api, botId, 'ada', 'Ada'), 'Hi Ada, which time suits you?', 3);
    expect(menu.replies).toEqual([offer('Hi Ada, which time suits you?', slots)]);
    expect(menu.conversation).toMatchObject({ status: 'waiting', nodeId: 'book' });

    const picked = await sayOk(api, botId, 'ada', '2');
    const chosen = slots[1]!;
    expect(picked.replies).toEqual([`Booked: ${chosen.label}`, `Thanks Ada, see you on ${chosen.label}.`]);
    expect(picked.conversation).toMatchObject({
      status: 'completed',
      nodeId: 'e',
      state: { name: 'Ada', appointment: { start: chosen.start, end: chosen.end, label: chosen.label, status: 'confirmed' } },
    });
    const booked = await appointments(botId);
    expect(booked).toEqual([
      expect.objectContaining({ resourceId, start: chosen.start, end: chosen.end, status: 'confirmed', contact: 'ada' }),
    ]);

    // a second conversation moves the booking: its own slot is not offered again
    await saveFlow(api, botId, {
      nodes: [
        node('s', 'start'),
        node('move', 'book_appointment', {
          action: 'reschedule',
          resource_id: resourceId,
          prompt: 'Pick a new time',
          confirmation: 'Moved to {{state.appointment.label}}',
        }),
        node('done', 'send_message', { text: 'Done.' }),
        node('none', 'send_message', { text: 'You have no booking to move.' }),
        node('e', 'end'),
      ],
      edges: [edge('s', 'move'), edge('move', 'done', 'booked'), edge('move', 'none', 'unavailable'), edge('done', 'e'), edge('none', 'e')],
    });
    const { answer: moveMenu, slots: moveSlots } = await offered(
      () => sayOk(api, botId, 'ada', 'I need another time'),
      'Pick a new time',
      3,
      [chosen.start],
    );
    expect(moveMenu.replies).toEqual([offer('Pick a new time', moveSlots)]);
    expect(moveMenu.conversation!.id).not.toBe(picked.conversation!.id);
    const moved = await sayOk(api, botId, 'ada', '1');
    const newSlot = moveSlots[0]!;
    expect(moved.replies).toEqual([`Moved to ${newSlot.label}`, 'Done.']);
    const afterMove = await appointments(botId);
    expect(afterMove).toHaveLength(2);
    expect(afterMove.find((a) => a.id === booked[0].id)).toMatchObject({ start: chosen.start, status: 'cancelled', contact: 'ada' });
    expect(afterMove.find((a) => a.id !== booked[0].id)).toMatchObject({
      start: newSlot.start,
      end: newSlot.end,
      status: 'confirmed',
      contact: 'ada',
    });

    // a third conversation cancels it; a fourth finds nothing to cancel
    await saveFlow(api, botId, {
      nodes: [
        node('s', 'start'),
        node('cancel', 'book_appointment', { action: 'cancel', resource_id: resourceId, save_as: 'cancelled' }),
        node('done', 'send_message', { text: 'Cancelled your booking on {{state.cancelled.label}}.' }),
        node('none', 'send_message', { text: 'You have nothing to cancel.' }),
        node('e', 'end'),
      ],
      edges: [
        edge('s', 'cancel'),
        edge('cancel', 'done', 'cancelled'),
        edge('cancel', 'none', 'unavailable'),
        edge('done', 'e'),
        edge('none', 'e'),
      ],
    });
    expect((await sayOk(api, botId, 'ada', 'cancel please')).replies).toEqual([`Cancelled your booking on ${newSlot.label}.`]);
    expect((await appointments(botId)).map((a) => [a.start, a.status])).toEqual(
      [
        [newSlot.start, 'cancelled'],
        [chosen.start, 'cancelled'],
      ].sort((a, b) => a[0]!.localeCompare(b[0]!)),
    );
    expect((await sayOk(api, botId, 'ada', 'cancel please')).replies).toEqual(['You have nothing to cancel.']);
  });
});

describe('50 contacts booking the same slot at the same moment', () => {
  it('confirms exactly one and offers the other 49 the remaining times', async () => {
    const botId = await botWithFlow(api, 'Rush', { nodes: [node('s', 'start')], edges: [] }, { timezone: ZONE });
    const resourceId = await createResource(botId);
    await saveFlow(api, botId, {
      nodes: [
        node('s', 'start'),
        node('book', 'book_appointment', {
          resource_id: resourceId,
          prompt: 'Pick a time',
          confirmation: 'Booked {{state.appointment.label}}',
        }),
        node('bye', 'send_message', { text: 'Bye.' }),
        node('none', 'send_message', { text: 'Sorry, nothing is free.' }),
        node('e', 'end'),
      ],
      edges: [edge('s', 'book'), edge('book', 'bye', 'booked'), edge('book', 'none', 'unavailable'), edge('bye', 'e'), edge('none', 'e')],
    });
    const contacts = Array.from({ length: 50 }, (_, i) => `rush-${i}`);
    const { answer: menus, slots } = await offered(
      async () => {
        const answers = await Promise.all(contacts.map((c) => sayOk(api, botId, c, 'hi')));
        return { answers, replies: answers[0]!.replies };
      },
      'Pick a time',
      3,
    );
    for (const m of menus.answers) expect(m.replies).toEqual([offer('Pick a time', slots)]);

    const results = await Promise.all(contacts.map((c) => say(api, botId, c, '1')));
    expect(results.map((r) => r.status)).toEqual(contacts.map(() => 200));
    const winners = results.filter((r) => r.conversation?.status === 'completed');
    const losers = results.filter((r) => r.conversation?.status !== 'completed');
    expect(winners).toHaveLength(1);
    expect(winners[0]!.replies).toEqual([`Booked ${slots[0]!.label}`, 'Bye.']);
    // every loser is told, and offered the next free times (the first one is gone): none is left "unavailable"
    const reOffer = offer('Pick a time', expectedSlots(new Date(), 3, [slots[0]!.start]));
    expect(losers).toHaveLength(49);
    for (const r of losers) {
      expect(r.replies).toEqual(['Sorry, that time was just taken.', reOffer]);
      expect(r.conversation).toMatchObject({ status: 'waiting', nodeId: 'book' });
    }

    const all = await appointments(botId);
    expect(all).toHaveLength(1);
    const winner = contacts[results.indexOf(winners[0]!)];
    expect(all[0]).toMatchObject({ resourceId, start: slots[0]!.start, end: slots[0]!.end, status: 'confirmed', contact: winner });
    expect(await AppointmentModel.countDocuments({ resourceId })).toBe(1);
  }, 60_000); // about 12 s alone; leave room for a busy machine running every file at once
});

describe('a reschedule re-run after a crash', () => {
  it('still cancels the booking it replaces when the new one was already made', async () => {
    const botId = await botWithFlow(api, 'Crashy', { nodes: [node('s', 'start')], edges: [] }, { timezone: ZONE });
    const resourceId = await createResource(botId);
    const [oldSlot, newSlot] = expectedSlots(new Date(Date.now() + 3_600_000), 2);
    const ids = { botId, contactId: '650000000000000000000001', conversationId: '650000000000000000000002' };
    const old = await AppointmentModel.create({
      ...ids,
      resourceId,
      start: oldSlot!.start,
      end: oldSlot!.end,
      status: 'confirmed',
      slotKey: `${resourceId}:${oldSlot!.start}`,
    });
    // the process booked the new slot and died before cancelling the old one
    await AppointmentModel.create({
      ...ids,
      resourceId,
      start: newSlot!.start,
      end: newSlot!.end,
      status: 'confirmed',
      slotKey: `${resourceId}:${newSlot!.start}`,
    });
    const booking = createBookingService(() => new Date());
    const result = await booking.handle(
      { op: 'book', resourceId, start: newSlot!.start, replaceAppointmentId: old._id.toString() },
      { ...ids, timezone: ZONE },
    );
    expect(result).toMatchObject({ ok: true, data: { appointment: { start: newSlot!.start, status: 'confirmed' } } });
    expect((await appointments(botId)).map((a) => [a.start, a.status])).toEqual([
      [oldSlot!.start, 'cancelled'],
      [newSlot!.start, 'confirmed'],
    ]);
  });
});
