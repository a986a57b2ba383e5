import { describe, expect, it } from 'vitest';
import { buildFlow, createHarness, effectResult, message, sentTexts, start, timer } from '../../../../tests/support/engine-harness';
import type { BookedAppointment, OfferedSlot } from './handler';

const SLOTS: OfferedSlot[] = [
  { start: '2026-03-03T09:00:00.000Z', end: '2026-03-03T09:30:00.000Z', label: 'Tue 3 Mar, 09:00' },
  { start: '2026-03-03T10:00:00.000Z', end: '2026-03-03T10:30:00.000Z', label: 'Tue 3 Mar, 10:00' },
];
const LATER: OfferedSlot[] = [{ start: '2026-03-04T14:00:00.000Z', end: '2026-03-04T14:30:00.000Z', label: 'Wed 4 Mar, 14:00' }];
const booked = (slot: OfferedSlot, id = 'appt-1'): BookedAppointment => ({
  id,
  start: slot.start,
  end: slot.end,
  label: slot.label,
  status: 'booked',
});
const EXISTING: BookedAppointment = booked(LATER[0]!, 'appt-old');

function bookingFlow(config: Record<string, unknown>) {
  const action = (config.action as string | undefined) ?? 'book';
  const exits: Array<[string, string]> =
    action === 'cancel'
      ? [
          ['cancelled', 'c'],
          ['unavailable', 'u'],
        ]
      : [
          ['booked', 'b'],
          ['unavailable', 'u'],
        ];
  return buildFlow(
    [
      ['s', 'start'],
      ['book', 'book_appointment', { resource_id: 'dentist', ...config }],
      ['b', 'send_message', { text: 'booked {{state.appointment.id}}' }],
      ['c', 'send_message', { text: 'cancelled {{state.appointment.id}}' }],
      ['u', 'send_message', { text: 'unavailable' }],
    ],
    [['s', 'out', 'book'], ...exits.map(([handle, to]): [string, string, string] => ['book', handle, to])],
  );
}

describe('book_appointment: booking', () => {
  it('offers -> the contact chooses -> books -> booked', () => {
    const flow = bookingFlow({
      offer_count: 2,
      confirmation: 'See you {{state.appointment.label}}',
      timeout: { duration: 1, unit: 'hours' },
    });
    const h = createHarness(flow, { contact: { timezone: 'Europe/Lisbon' } });

    const offer = h.step(start());
    expect(offer.effects).toEqual([
      {
        type: 'booking',
        nodeId: 'book',
        token: 'id-1',
        request: { op: 'offer', resourceId: 'dentist', count: 2, timezone: 'Europe/Lisbon' },
      },
    ]);
    expect(offer.state.wait).toMatchObject({ for: 'effect', token: 'id-1', data: { phase: 'offer' } });

    const choose = h.step(effectResult('id-1', { ok: true, data: { slots: SLOTS } }));
    expect(choose.effects).toEqual([
      {
        type: 'send',
        nodeId: 'book',
        text: 'Which time suits you? Reply with its number.',
        choices: ['Tue 3 Mar, 09:00', 'Tue 3 Mar, 10:00'],
      },
      { type: 'schedule_timer', nodeId: 'book', token: 'id-2', at: '2026-03-02T10:00:00.000Z' },
    ]);
    expect(choose.state.wait).toMatchObject({ for: 'reply', timeoutToken: 'id-2', data: { phase: 'choose', slots: SLOTS } });

    const book = h.step(message('2'));
    expect(book.effects).toEqual([
      {
        type: 'booking',
        nodeId: 'book',
        token: 'id-3',
        request: { op: 'book', resourceId: 'dentist', start: SLOTS[1]!.start, timezone: 'Europe/Lisbon', replaceAppointmentId: undefined },
      },
      { type: 'cancel_timer', token: 'id-2' }, // the choice is made: its timeout is no longer needed
    ]);
    expect(book.state.wait).toEqual({ nodeId: 'book', for: 'effect', token: 'id-3', timeoutToken: undefined, data: { phase: 'book' } });

    const done = h.step(effectResult('id-3', { ok: true, data: { appointment: booked(SLOTS[1]!) } }));
    expect(done.state.vars.appointment).toEqual(booked(SLOTS[1]!));
    expect(sentTexts(done)).toEqual(['See you Tue 3 Mar, 10:00', 'booked appt-1']);
    expect(done.trace).toContainEqual({ type: 'edge_followed', from: 'book', handle: 'booked', to: 'b' });
  });

  it('renders a custom offer prompt and saves under save_as', () => {
    const h = createHarness(bookingFlow({ prompt: '{{contact.first_name}}, pick a time', save_as: 'contact.next_visit' }), {
      contact: { first_name: 'Ana' },
    });
    h.step(start());
    expect(sentTexts(h.step(effectResult('id-1', { ok: true, data: { slots: SLOTS } })))).toEqual(['Ana, pick a time']);
    h.step(message('Tue 3 Mar, 09:00'));
    const done = h.step(effectResult('id-2', { ok: true, data: { appointment: booked(SLOTS[0]!) } }));
    expect(done.effects).toContainEqual({ type: 'update_contact', attributes: { next_visit: booked(SLOTS[0]!) } });
  });

  it('offers again when the chosen time was taken meanwhile', () => {
    const h = createHarness(bookingFlow({}));
    h.step(start());
    h.step(effectResult('id-1', { ok: true, data: { slots: SLOTS } }));
    h.step(message('1'));
    const taken = h.step(effectResult('id-2', { ok: false, error: 'slot taken' }));
    expect(taken.effects).toEqual([
      { type: 'send', nodeId: 'book', text: 'Sorry, that time was just taken.' },
      { type: 'booking', nodeId: 'book', token: 'id-3', request: { op: 'offer', resourceId: 'dentist', count: 3, timezone: undefined } },
    ]);
    expect(taken.state.vars).toEqual({});
    const again = h.step(effectResult('id-3', { ok: true, data: { slots: LATER } }));
    expect(again.effects[0]).toMatchObject({ type: 'send', choices: ['Wed 4 Mar, 14:00'] });
    h.step(message('1'));
    const done = h.step(effectResult('id-4', { ok: true, data: { appointment: booked(LATER[0]!) } }));
    expect(done.state.vars.appointment).toEqual(booked(LATER[0]!));
    expect(sentTexts(done)).toEqual(['booked appt-1']);
  });

  it('an ok book result without an appointment also counts as taken', () => {
    const h = createHarness(bookingFlow({}));
    h.step(start());
    h.step(effectResult('id-1', { ok: true, data: { slots: SLOTS } }));
    h.step(message('1'));
    expect(sentTexts(h.step(effectResult('id-2', { ok: true, data: { appointment: null } })))).toEqual([
      'Sorry, that time was just taken.',
    ]);
    expect(h.state.wait).toMatchObject({ for: 'effect', token: 'id-3', data: { phase: 'offer' } });
  });

  it('leaves through "unavailable" when there are no free times', () => {
    const h = createHarness(bookingFlow({}));
    h.step(start());
    const r = h.step(effectResult('id-1', { ok: true, data: { slots: [] } }));
    expect(r.trace[0]).toEqual({ type: 'edge_followed', from: 'book', handle: 'unavailable', to: 'u' });
    expect(sentTexts(r)).toEqual(['unavailable']);
  });

  it('leaves through "unavailable" when the calendar fails', () => {
    const h = createHarness(bookingFlow({}));
    h.step(start());
    const r = h.step(effectResult('id-1', { ok: false, error: 'calendar down' }));
    expect(r.trace).toContainEqual({ type: 'note', nodeId: 'book', message: 'calendar error: calendar down', problem: { kind: 'calendar_failed', detail: 'calendar down' } });
    expect(sentTexts(r)).toEqual(['unavailable']);
  });

  it('asks again, keeping the same timer, when the reply is not one of the times', () => {
    const h = createHarness(bookingFlow({ timeout: { duration: 10, unit: 'minutes' } }));
    h.step(start());
    h.step(effectResult('id-1', { ok: true, data: { slots: SLOTS } }));
    const r = h.step(message('friday?'));
    expect(r.effects).toEqual([
      { type: 'send', nodeId: 'book', text: 'Please reply with a number from 1 to 2.', choices: SLOTS.map((s) => s.label) },
    ]);
    expect(r.state.wait).toMatchObject({ for: 'reply', timeoutToken: 'id-2', data: { phase: 'choose', slots: SLOTS } });
  });

  it('leaves through "unavailable" when the contact does not choose in time', () => {
    const h = createHarness(bookingFlow({ timeout: { duration: 10, unit: 'minutes' } }));
    h.step(start());
    h.step(effectResult('id-1', { ok: true, data: { slots: SLOTS } }));
    h.advance(10 * 60_000);
    const r = h.step(timer('id-2'));
    expect(r.trace[0]).toEqual({ type: 'edge_followed', from: 'book', handle: 'unavailable', to: 'u' });
  });

  it('ignores a stale booking result', () => {
    const h = createHarness(bookingFlow({}));
    h.step(start());
    expect(h.step(effectResult('id-9', { ok: true, data: { slots: SLOTS } })).trace).toEqual([
      { type: 'ignored', reason: 'stale effect result' },
    ]);
    expect(h.state.wait).toMatchObject({ for: 'effect', token: 'id-1' });
  });
});

describe('book_appointment: cancelling', () => {
  it('finds the next booking, cancels it and leaves through "cancelled"', () => {
    const h = createHarness(bookingFlow({ action: 'cancel' }), { contact: { timezone: 'Europe/Lisbon' } });
    expect(h.step(start()).effects).toEqual([
      { type: 'booking', nodeId: 'book', token: 'id-1', request: { op: 'find_next', resourceId: 'dentist', timezone: 'Europe/Lisbon' } },
    ]);
    const cancel = h.step(effectResult('id-1', { ok: true, data: { appointment: EXISTING } }));
    expect(cancel.effects).toEqual([
      { type: 'booking', nodeId: 'book', token: 'id-2', request: { op: 'cancel', appointmentId: 'appt-old' } },
    ]);
    const done = h.step(effectResult('id-2', { ok: true, data: { appointment: { ...EXISTING, status: 'cancelled' } } }));
    expect(done.state.vars.appointment).toEqual({ ...EXISTING, status: 'cancelled' });
    expect(done.trace).toContainEqual({ type: 'edge_followed', from: 'book', handle: 'cancelled', to: 'c' });
    expect(sentTexts(done)).toEqual(['cancelled appt-old']);
  });

  it('leaves through "unavailable" when there is nothing to cancel', () => {
    const h = createHarness(bookingFlow({ action: 'cancel' }));
    h.step(start());
    const r = h.step(effectResult('id-1', { ok: true, data: { appointment: null } }));
    expect(r.effects).toEqual([{ type: 'send', nodeId: 'u', text: 'unavailable' }]);
  });

  it('leaves through "unavailable" when cancelling fails', () => {
    const h = createHarness(bookingFlow({ action: 'cancel' }));
    h.step(start());
    h.step(effectResult('id-1', { ok: true, data: { appointment: EXISTING } }));
    const r = h.step(effectResult('id-2', { ok: false, error: 'too late to cancel' }));
    expect(r.trace).toContainEqual({ type: 'note', nodeId: 'book', message: 'calendar error: too late to cancel', problem: { kind: 'calendar_failed', detail: 'too late to cancel' } });
    expect(sentTexts(r)).toEqual(['unavailable']);
  });
});

describe('book_appointment: rescheduling', () => {
  it('finds the booking, offers times, and books a new one replacing it', () => {
    const h = createHarness(bookingFlow({ action: 'reschedule' }));
    expect(h.step(start()).effects[0]).toMatchObject({ request: { op: 'find_next', resourceId: 'dentist' } });
    const offer = h.step(effectResult('id-1', { ok: true, data: { appointment: EXISTING } }));
    expect(offer.effects).toEqual([
      { type: 'booking', nodeId: 'book', token: 'id-2', request: { op: 'offer', resourceId: 'dentist', count: 3 } },
    ]);
    expect(offer.state.wait?.data).toEqual({ phase: 'offer', replacing: 'appt-old' });
    h.step(effectResult('id-2', { ok: true, data: { slots: SLOTS } }));
    const book = h.step(message('1'));
    expect(book.effects).toEqual([
      {
        type: 'booking',
        nodeId: 'book',
        token: 'id-3',
        request: { op: 'book', resourceId: 'dentist', start: SLOTS[0]!.start, replaceAppointmentId: 'appt-old' },
      },
    ]);
    const done = h.step(effectResult('id-3', { ok: true, data: { appointment: booked(SLOTS[0]!, 'appt-new') } }));
    expect(sentTexts(done)).toEqual(['booked appt-new']);
  });

  it('still replaces the old booking after the chosen time was taken', () => {
    const h = createHarness(bookingFlow({ action: 'reschedule' }));
    h.step(start());
    h.step(effectResult('id-1', { ok: true, data: { appointment: EXISTING } }));
    h.step(effectResult('id-2', { ok: true, data: { slots: SLOTS } }));
    h.step(message('1'));
    h.step(effectResult('id-3', { ok: false, error: 'taken' }));
    h.step(effectResult('id-4', { ok: true, data: { slots: LATER } }));
    expect(h.step(message('1')).effects).toEqual([
      {
        type: 'booking',
        nodeId: 'book',
        token: 'id-5',
        request: { op: 'book', resourceId: 'dentist', start: LATER[0]!.start, replaceAppointmentId: 'appt-old' },
      },
    ]);
  });

  it('leaves through "unavailable" when there is no booking to move', () => {
    const h = createHarness(bookingFlow({ action: 'reschedule' }));
    h.step(start());
    expect(sentTexts(h.step(effectResult('id-1', { ok: true, data: { appointment: null } })))).toEqual(['unavailable']);
  });
});

describe('book_appointment: a preferred time', () => {
  it('offers the slots nearest to a date an AI step found', () => {
    const flow = buildFlow(
      [
        ['s', 'start'],
        ['v', 'set_variable', { name: 'understood', value: '{{contact.found}}' }],
        ['book', 'book_appointment', { resource_id: 'dentist', preferred_time: '{{state.understood.entities.dates.0.start}}' }],
        ['b', 'send_message', { text: 'booked' }],
      ],
      [
        ['s', 'out', 'v'],
        ['v', 'out', 'book'],
        ['book', 'booked', 'b'],
      ],
    );
    const found = { entities: { dates: [{ text: 'tomorrow at 3', start: '2026-03-03T15:00:00.000+01:00', grain: 'minute' }] } };
    const r = createHarness(flow, { contact: { found } }).step(start());
    expect(r.effects[0]).toMatchObject({ type: 'booking', request: { op: 'offer', near: '2026-03-03T14:00:00.000Z' } });
  });

  it('no date found (an empty or unreadable value) offers the next free slots', () => {
    for (const preferred of ['{{state.nothing}}', 'next week-ish']) {
      const r = createHarness(bookingFlow({ preferred_time: preferred })).step(start());
      expect((r.effects[0] as { request: Record<string, unknown> }).request.near).toBeUndefined();
    }
  });
});
