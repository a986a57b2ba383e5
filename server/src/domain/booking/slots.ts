/**
 * Appointment slot logic for the `book_appointment` node. Pure: no I/O and no clock —
 * the current time is always a parameter. All wall-clock arithmetic happens in the
 * resource's IANA zone with luxon, so DST transitions are handled:
 * - a candidate start whose wall time does not exist (spring forward) is skipped;
 * - a repeated wall time (fall back) yields one slot, at its first occurrence (like Temporal's
 *   "compatible" disambiguation), so the repeated hour is never offered twice.
 */
import { DateTime } from "luxon";
import {
  isValidTimezone,
  resourceProblems,
  toMinuteIntervals,
  type BookableResource,
  type MinuteInterval,
} from "./resource.js";

export {
  isValidTimezone,
  resourceProblems,
  validateWeeklyHours,
  type BookableResource,
  type Weekday,
  type WeeklyHours,
} from "./resource.js";

export interface Slot {
  start: Date;
  end: Date;
}

const MINUTE_MS = 60_000;

interface Prepared {
  zone: string;
  slotMinutes: number;
  days: MinuteInterval[][];
  /** Exclusive lower bound for slot starts (epoch ms). */
  afterMs: number;
  /** Exclusive upper bound for slot starts (epoch ms). */
  beforeMs: number;
}

/** Validates the resource and `now`; throws RangeError on a misconfigured resource (a bug, not user input). */
function prepare(resource: BookableResource, now: Date): Prepared {
  const problems = resourceProblems(resource);
  if (!(now instanceof Date) || Number.isNaN(now.getTime()))
    problems.push("now: must be a valid Date");
  if (problems.length > 0)
    throw new RangeError(`Invalid bookable resource: ${problems.join("; ")}`);

  const {
    timezone: zone,
    slotMinutes,
    minNoticeMinutes = 0,
    horizonDays = 60,
  } = resource;
  return {
    zone,
    slotMinutes,
    days: toMinuteIntervals(resource.weeklyHours),
    afterMs: now.getTime() + minNoticeMinutes * MINUTE_MS,
    beforeMs: DateTime.fromJSDate(now, { zone })
      .plus({ days: horizonDays })
      .toMillis(),
  };
}

/** The calendar date (as a UTC-midnight DateTime, for DST-free day arithmetic) of `ms` in `zone`. */
function localDate(ms: number, zone: string): DateTime {
  const local = DateTime.fromMillis(ms, { zone });
  return DateTime.utc(local.year, local.month, local.day);
}

/**
 * The instant of wall time `minutes` (0–1440) after midnight on `date` in `zone`. A repeated wall time
 * (fall back) resolves to its first occurrence; a non-existent one (spring forward) is shifted forward.
 */
function resolveWall(date: DateTime, minutes: number, zone: string): DateTime {
  const { year, month, day } = date;
  if (minutes === 1440)
    return DateTime.fromObject({ year, month, day }, { zone })
      .plus({ days: 1 })
      .startOf("day");
  const dt = DateTime.fromObject(
    { year, month, day, hour: Math.floor(minutes / 60), minute: minutes % 60 },
    { zone },
  );
  return dt
    .getPossibleOffsets()
    .reduce((a, b) => (b.toMillis() < a.toMillis() ? b : a), dt);
}

/** Epoch ms of wall time `minutes` on `date` in `zone`, or null when that wall time doesn't exist (DST gap). */
function existingWallTime(
  date: DateTime,
  minutes: number,
  zone: string,
): number | null {
  const dt = resolveWall(date, minutes, zone);
  return dt.hour === Math.floor(minutes / 60) && dt.minute === minutes % 60
    ? dt.toMillis()
    : null;
}

/** All slot starts (epoch ms, ascending) on one local calendar date, ignoring now/notice/horizon/taken. */
function slotStartsOn(p: Prepared, date: DateTime): number[] {
  const out: number[] = [];
  const durationMs = p.slotMinutes * MINUTE_MS;
  for (const { start, end } of p.days[date.weekday - 1] ?? []) {
    // A non-existent interval end (inside a spring-forward gap) is taken as its shifted-forward instant;
    // the wall-clock check below still keeps each slot inside the interval as written.
    const endMs = resolveWall(date, end, p.zone).toMillis();
    for (let t = start; t + p.slotMinutes <= end; t += p.slotMinutes) {
      const startMs = existingWallTime(date, t, p.zone);
      if (startMs !== null && startMs + durationMs <= endMs) out.push(startMs);
    }
  }
  return out;
}

/**
 * The next `count` free slots starting strictly after now + minNotice and strictly before the
 * horizon, skipping slots whose start is in `taken` (compared by epoch ms). Slots are aligned to the
 * start of each opening interval every slotMinutes (wall clock) and fit entirely inside it; a slot's
 * end is its start + slotMinutes of elapsed time. Returns fewer than `count` when the horizon runs out.
 */
export function nextFreeSlots(
  resource: BookableResource,
  now: Date,
  taken: ReadonlyArray<Date>,
  count: number,
): Slot[] {
  const p = prepare(resource, now);
  const wanted = Math.floor(count);
  if (!(wanted > 0)) return [];
  const takenMs = new Set(taken.map((d) => d.getTime()));
  const durationMs = p.slotMinutes * MINUTE_MS;
  const lastDay = localDate(p.beforeMs, p.zone);
  const result: Slot[] = [];
  for (
    let day = localDate(p.afterMs, p.zone);
    day <= lastDay;
    day = day.plus({ days: 1 })
  ) {
    for (const startMs of slotStartsOn(p, day)) {
      if (startMs <= p.afterMs || takenMs.has(startMs)) continue;
      if (startMs >= p.beforeMs) return result;
      result.push({
        start: new Date(startMs),
        end: new Date(startMs + durationMs),
      });
      if (result.length === wanted) return result;
    }
  }
  return result;
}

/**
 * True when `start` is exactly a slot start that nextFreeSlots could offer (ignoring `taken`):
 * aligned, inside the weekly hours, after now + notice and before the horizon.
 */
export function isValidSlot(
  resource: BookableResource,
  now: Date,
  start: Date,
): boolean {
  const p = prepare(resource, now);
  if (!(start instanceof Date)) return false;
  const ms = start.getTime();
  if (Number.isNaN(ms) || ms <= p.afterMs || ms >= p.beforeMs) return false;
  return slotStartsOn(p, localDate(ms, p.zone)).includes(ms);
}

/**
 * Human label for a slot (or instant) in the contact's zone, e.g. "Mon 24 Nov, 09:00".
 * Weekday and month names follow `locale` (default "en-GB"); the time is always 24h HH:mm.
 * Throws RangeError for an unknown zone or an invalid date.
 */
export function formatSlot(
  slot: Slot | Date,
  timezone: string,
  locale = "en-GB",
): string {
  const date = slot instanceof Date ? slot : slot.start;
  if (!isValidTimezone(timezone))
    throw new RangeError(`Unknown IANA zone ${JSON.stringify(timezone)}`);
  const dt = DateTime.fromJSDate(date, { zone: timezone }).setLocale(locale);
  if (!dt.isValid) throw new RangeError("Invalid slot date");
  return dt.toFormat("ccc d LLL, HH:mm");
}
