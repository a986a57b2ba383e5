/**
 * Configuration of a bookable resource (zone, slot length, weekly hours): types, parsing and
 * validation.
 * Pure: no I/O, no clock.
 */
import { IANAZone } from "luxon";

export type Weekday = "mon" | "tue" | "wed" | "thu" | "fri" | "sat" | "sun";

/** e.g. { mon: [["09:00","12:00"],["13:00","17:00"]] }; "HH:mm" 24h, local to the resource's zone. "24:00" is accepted as an end (end of day). */
export type WeeklyHours = Partial<Record<Weekday, Array<[string, string]>>>;

/** Index i is ISO weekday i + 1 (luxon: 1 = Monday … 7 = Sunday). */
export const WEEKDAYS: readonly Weekday[] = [
  "mon",
  "tue",
  "wed",
  "thu",
  "fri",
  "sat",
  "sun",
];

/** An opening interval as minutes since local midnight, end exclusive. */
export interface MinuteInterval {
  start: number;
  end: number;
}

export interface BookableResource {
  /** IANA zone the weekly hours are expressed in, e.g. "Europe/London". */
  timezone: string;
  /** Slot length in minutes (positive integer, at most 1440). */
  slotMinutes: number;
  weeklyHours: WeeklyHours;
  /** Slots must start strictly after now + minNoticeMinutes. Default 0. */
  minNoticeMinutes?: number;
  /** Slots must start strictly before now + horizonDays (calendar days in the resource zone). Default 60. */
  horizonDays?: number;
}

const MAX_HORIZON_DAYS = 3660;

const HHMM = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** Minutes since midnight for "HH:mm" (00:00–23:59), or for "24:00" when `asEnd`; otherwise null. */
export function parseHHmm(value: unknown, asEnd = false): number | null {
  if (typeof value !== "string") return null;
  if (asEnd && value === "24:00") return 24 * 60;
  const m = HHMM.exec(value);
  return m ? Number(m[1]) * 60 + Number(m[2]) : null;
}

/** True when `tz` is an IANA zone name known to the runtime (e.g. "Europe/London"). */
export function isValidTimezone(tz: string): boolean {
  return typeof tz === "string" && tz.trim() !== "" && IANAZone.isValidZone(tz);
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/**
 * Problems in a weekly-hours value, each prefixed with a JSON-pointer-ish path, e.g.
 * "/mon/0: end 09:00 must be after start 10:00", "/mon/1: overlaps /mon/0".
 * Empty array when the value is a valid WeeklyHours.
 */
export function validateWeeklyHours(hours: unknown): string[] {
  if (!isPlainObject(hours))
    return ["/: must be an object mapping weekdays (mon…sun) to intervals"];
  const problems: string[] = [];
  for (const [key, list] of Object.entries(hours)) {
    if (!(WEEKDAYS as readonly string[]).includes(key)) {
      problems.push(
        `/${key}: unknown weekday (expected one of ${WEEKDAYS.join(", ")})`,
      );
      continue;
    }
    if (!Array.isArray(list)) {
      problems.push(
        `/${key}: must be an array of ["HH:mm", "HH:mm"] intervals`,
      );
      continue;
    }
    const valid: Array<{ index: number } & MinuteInterval> = [];
    list.forEach((pair: unknown, index) => {
      const path = `/${key}/${index}`;
      if (!Array.isArray(pair) || pair.length !== 2) {
        problems.push(`${path}: must be a ["HH:mm", "HH:mm"] pair`);
        return;
      }
      const [rawStart, rawEnd] = pair as [unknown, unknown];
      const start = parseHHmm(rawStart);
      const end = parseHHmm(rawEnd, true);
      if (start === null)
        problems.push(
          `${path}/0: invalid start time ${JSON.stringify(rawStart)} (expected "HH:mm", 24h)`,
        );
      if (end === null)
        problems.push(
          `${path}/1: invalid end time ${JSON.stringify(rawEnd)} (expected "HH:mm", 24h)`,
        );
      if (start === null || end === null) return;
      if (end <= start) {
        problems.push(
          `${path}: end ${String(rawEnd)} must be after start ${String(rawStart)}`,
        );
        return;
      }
      const clash = valid.find((o) => start < o.end && o.start < end);
      if (clash) problems.push(`${path}: overlaps /${key}/${clash.index}`);
      else valid.push({ index, start, end });
    });
  }
  return problems;
}

/**
 * Parsed intervals per ISO weekday (index 0 = Monday), sorted by start.
 * Assumes `validateWeeklyHours(hours)` returned no problems.
 */
export function toMinuteIntervals(hours: WeeklyHours): MinuteInterval[][] {
  return WEEKDAYS.map((day) =>
    (hours[day] ?? [])
      .map(([s, e]) => ({
        start: parseHHmm(s) ?? 0,
        end: parseHHmm(e, true) ?? 0,
      }))
      .sort((a, b) => a.start - b.start),
  );
}

/** Problems with a resource's configuration ("field: message"); empty when it can be scheduled. */
export function resourceProblems(resource: BookableResource): string[] {
  const problems: string[] = [];
  const {
    timezone,
    slotMinutes,
    minNoticeMinutes = 0,
    horizonDays = 60,
  } = resource;
  if (!isValidTimezone(timezone))
    problems.push(`timezone: unknown IANA zone ${JSON.stringify(timezone)}`);
  if (
    !Number.isInteger(slotMinutes) ||
    slotMinutes <= 0 ||
    slotMinutes > 1440
  ) {
    problems.push(
      `slotMinutes: must be an integer between 1 and 1440, got ${slotMinutes}`,
    );
  }
  if (!Number.isFinite(minNoticeMinutes) || minNoticeMinutes < 0) {
    problems.push(`minNoticeMinutes: must be >= 0, got ${minNoticeMinutes}`);
  }
  if (
    !Number.isFinite(horizonDays) ||
    horizonDays < 0 ||
    horizonDays > MAX_HORIZON_DAYS
  ) {
    problems.push(
      `horizonDays: must be between 0 and ${MAX_HORIZON_DAYS}, got ${horizonDays}`,
    );
  }
  problems.push(
    ...validateWeeklyHours(resource.weeklyHours).map((p) => `weeklyHours${p}`),
  );
  return problems;
}
