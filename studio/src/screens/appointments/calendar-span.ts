// The days an Appointments view shows, in the calendar's own time zone (a clinic in Paris is read
// in Paris time wherever the receptionist's browser is), and what goes on each day.
import { DateTime } from 'luxon';
import type { BookedAppointment, FreeSlot } from '../../api/types';

export type CalendarView = 'day' | 'week';

export interface CalendarDay {
  /** yyyy-MM-dd in the calendar's zone */
  date: string;
  heading: string;
  from: DateTime;
  to: DateTime;
}

/** One line of a day: a booked (or cancelled) appointment, or a free slot. */
export type DayEntry =
  { kind: 'appointment'; start: string; appointment: BookedAppointment } | { kind: 'free'; start: string; slot: FreeSlot };

/** The day of `date` (yyyy-MM-dd; today when absent or not a date) or its week from Monday. */
export function calendarDays(view: CalendarView, date: string | null, zone: string): CalendarDay[] {
  const parsed = date ? DateTime.fromISO(date, { zone }) : null;
  const anchor = (parsed?.isValid ? parsed : DateTime.now().setZone(zone)).startOf('day');
  const first = view === 'week' ? anchor.startOf('week') : anchor;
  return Array.from({ length: view === 'week' ? 7 : 1 }, (_, i) => {
    const from = first.plus({ days: i });
    return { date: from.toISODate()!, heading: from.setLocale('en-GB').toFormat('ccc d LLL'), from, to: from.plus({ days: 1 }) };
  });
}

/** The date of the day or week before (-1) or after (+1). */
export function shiftDate(view: CalendarView, date: string, step: -1 | 1, zone: string): string {
  return DateTime.fromISO(date, { zone })
    .plus(view === 'week' ? { weeks: step } : { days: step })
    .toISODate()!;
}

export function timeOf(iso: string, zone: string): string {
  return DateTime.fromISO(iso, { zone }).toFormat('HH:mm');
}

export function whenOf(iso: string, zone: string): string {
  return DateTime.fromISO(iso, { zone }).setLocale('en-GB').toFormat('ccc d LLL, HH:mm');
}

/** Appointments and free slots of one day, by time; a cancelled appointment sits next to the slot it freed. */
export function entriesOfDay(day: CalendarDay, appointments: BookedAppointment[], slots: FreeSlot[]): DayEntry[] {
  const inDay = (iso: string) => {
    const t = DateTime.fromISO(iso);
    return t >= day.from && t < day.to;
  };
  const entries: DayEntry[] = [
    ...appointments.filter((a) => inDay(a.start)).map((a) => ({ kind: 'appointment' as const, start: a.start, appointment: a })),
    ...slots.filter((s) => inDay(s.start)).map((s) => ({ kind: 'free' as const, start: s.start, slot: s })),
  ];
  const at = (e: DayEntry) => new Date(e.start).getTime();
  return entries.sort((a, b) => at(a) - at(b) || (a.kind === b.kind ? 0 : a.kind === 'appointment' ? -1 : 1));
}
