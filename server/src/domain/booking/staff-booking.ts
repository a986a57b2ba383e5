/**
 * The pure rules behind staff booking from the Appointments screen: which contact addresses are
 * acceptable per channel, reading instants sent over HTTP, and the words of the message that tells
 * the contact what staff did. No I/O, no clock.
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js/min';
import { DateTime } from 'luxon';
import { toMinuteIntervals } from './resource';
import { isValidSlot, type BookableResource } from './slots';

export type ContactChannel = 'simulator' | 'sms' | 'whatsapp';

/** An address in the form the channel stores it (E.164 for phones), or why it is not acceptable. */
export function normalizeContactAddress(
  channel: ContactChannel,
  raw: string,
): { ok: true; address: string } | { ok: false; message: string } {
  const trimmed = raw.trim();
  // the simulator's "contacts" are names the tester makes up
  if (channel === 'simulator') return trimmed ? { ok: true, address: trimmed } : { ok: false, message: 'must not be blank' };
  const phone = parsePhoneNumberFromString(trimmed);
  // possible (right length for its country) rather than valid: test and newly issued numbers must not be refused
  if (!phone || !phone.isPossible())
    return { ok: false, message: 'is not a valid phone number: write it in international form, e.g. +447700900123' };
  return { ok: true, address: phone.number };
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:?\d{2}))?$/;

/** A date ("2026-12-03", midnight UTC) or a date-time with its offset, else null. */
export function parseInstant(value: string): Date | null {
  if (!ISO_INSTANT.test(value)) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

export type AppointmentChange = 'booked' | 'moved' | 'cancelled';

/** What the contact reads after staff book, move or cancel; `when` is already formatted in the calendar's zone. */
export function appointmentNoticeText(change: AppointmentChange, calendar: string, when: string, previously?: string): string {
  if (change === 'booked') return `Your appointment with ${calendar} is booked for ${when}.`;
  if (change === 'moved') return `Your appointment with ${calendar} has moved${previously ? ` from ${previously}` : ''} to ${when}.`;
  return `Your appointment with ${calendar} on ${when} has been cancelled.`;
}

/**
 * Why `start` cannot be booked on this calendar, in words for the person who chose it; null when
 * it is a slot nextFreeSlots could offer (free or not: taken slots are the unique index's job).
 */
export function slotProblem(resource: BookableResource, now: Date, start: Date): string | null {
  if (isValidSlot(resource, now, start)) return null;
  const notice = resource.minNoticeMinutes ?? 0;
  if (start.getTime() <= now.getTime() + notice * 60_000)
    return notice > 0 ? `is too soon: this calendar needs ${notice} minutes' notice` : 'is in the past';
  const local = DateTime.fromJSDate(start, { zone: resource.timezone });
  if (local > DateTime.fromJSDate(now, { zone: resource.timezone }).plus({ days: resource.horizonDays ?? 60 })) {
    return `is too far ahead: this calendar takes bookings up to ${resource.horizonDays ?? 60} days ahead`;
  }
  const minute = local.hour * 60 + local.minute;
  const open = toMinuteIntervals(resource.weeklyHours)[local.weekday - 1] ?? [];
  if (!open.some((i) => minute >= i.start && minute + resource.slotMinutes <= i.end)) return "is outside the calendar's opening hours";
  return `is not the start of a slot: slots are ${resource.slotMinutes} minutes long from the opening time`;
}
