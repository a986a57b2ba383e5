// Quiet hours: the span of the day, in the recipient's own time zone, when nothing is sent first
// (campaigns, scheduled starts, reminders). Pure: the clock comes in as an argument.
// `{start: "21:00", end: "08:00"}` (the default) means sends go out from 08:00 to 20:59 local.
import { DateTime, IANAZone } from 'luxon';

export interface QuietHours {
  start: string;
  end: string;
}

export const DEFAULT_QUIET_HOURS: QuietHours = { start: '21:00', end: '08:00' };

export class QuietHoursError extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(message);
  }
}

const HHMM = /^([01]\d|2[0-3]):([0-5]\d)$/;

function minuteOfDay(hhmm: string, path: string): number {
  const m = HHMM.exec(hhmm);
  if (!m) throw new QuietHoursError(path, `“${hhmm}” is not a time of day (HH:MM, 00:00 to 23:59)`);
  return Number(m[1]) * 60 + Number(m[2]);
}

/** Refuses quiet hours that leave no minute of the day to send in, naming the field. */
export function checkQuietHours(quiet: QuietHours, path = '/quietHours'): void {
  const start = minuteOfDay(quiet.start, `${path}/start`);
  const end = minuteOfDay(quiet.end, `${path}/end`);
  if (start === end) throw new QuietHoursError(path, `quiet from ${quiet.start} to ${quiet.end} leaves no minute of the day to send in`);
}

export function checkTimezone(timezone: string, path = '/timezone'): void {
  if (!IANAZone.isValidZone(timezone)) throw new QuietHoursError(path, `“${timezone}” is not a known time zone (use an IANA name such as Europe/London)`);
}

function isQuietMinute(minute: number, start: number, end: number): boolean {
  // the span may wrap past midnight (21:00 -> 08:00) or not (12:00 -> 14:00)
  return start < end ? minute >= start && minute < end : minute >= start || minute < end;
}

/** Whether `at` falls in the quiet hours of `timezone`. */
export function isQuiet(at: Date, quiet: QuietHours, timezone: string): boolean {
  checkQuietHours(quiet);
  const local = DateTime.fromJSDate(at, { zone: timezone });
  return isQuietMinute(local.hour * 60 + local.minute, minuteOfDay(quiet.start, ''), minuteOfDay(quiet.end, ''));
}

/**
 * The first moment at or after `at` when a send is allowed: `at` itself outside quiet hours,
 * else the end of the quiet span (the next allowed minute, local time, daylight saving included).
 */
export function nextAllowedAt(at: Date, quiet: QuietHours, timezone: string): Date {
  if (!isQuiet(at, quiet, timezone)) return at;
  const end = minuteOfDay(quiet.end, '');
  const local = DateTime.fromJSDate(at, { zone: timezone });
  let candidate = local.set({ hour: Math.floor(end / 60), minute: end % 60, second: 0, millisecond: 0 });
  if (candidate <= local) candidate = candidate.plus({ days: 1 });
  // a local time skipped by a daylight-saving jump lands just after it: still allowed, and not quiet
  return candidate.toJSDate();
}

/**
 * The last allowed minute at or before `at`: where a reminder that would fall in quiet hours goes
 * (a reminder for a 08:30 appointment due at 06:30 goes out the evening before, at 20:59).
 */
export function lastAllowedAtOrBefore(at: Date, quiet: QuietHours, timezone: string): Date {
  if (!isQuiet(at, quiet, timezone)) return at;
  const start = minuteOfDay(quiet.start, '');
  const local = DateTime.fromJSDate(at, { zone: timezone });
  let quietStart = local.set({ hour: Math.floor(start / 60), minute: start % 60, second: 0, millisecond: 0 });
  if (quietStart > local) quietStart = quietStart.minus({ days: 1 });
  return quietStart.minus({ minutes: 1 }).toJSDate();
}
