// When a schedule trigger runs next. Pure (the clock comes in as `after`). Every kind becomes a
// croner pattern in the schedule's own time zone, so daylight-saving changes are croner's to get
// right, not ours: a daily 09:00 stays 09:00 local across the change.
import { Cron } from 'croner';
import { DateTime, IANAZone } from 'luxon';

export interface Schedule {
  kind: 'once' | 'daily' | 'weekly' | 'monthly' | 'cron';
  at?: string;
  time?: string;
  weekday?: 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';
  day?: number;
  cron?: string;
  timezone: string;
}

/** What is wrong with a schedule, naming the field; the API answers it as a 422. */
export class ScheduleError extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(message);
  }
}

const WEEKDAYS = { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 } as const;

function required<T>(value: T | undefined, path: string, what: string): T {
  if (value === undefined) throw new ScheduleError(path, `is required for ${what}`);
  return value;
}

/** The croner pattern (or the one moment) a schedule stands for. */
function patternOf(schedule: Schedule): string | Date {
  const hm = (kind: string) => required(schedule.time, '/schedule/time', `a ${kind} schedule`).split(':').map(Number) as [number, number];
  switch (schedule.kind) {
    case 'once': {
      const at = required(schedule.at, '/schedule/at', 'a schedule that runs once');
      // an offset in the text wins; a local date-time is read in the schedule's zone
      const moment = DateTime.fromISO(at, { zone: schedule.timezone, setZone: false });
      if (!moment.isValid) throw new ScheduleError('/schedule/at', `is not a date and time (${moment.invalidExplanation ?? at})`);
      return moment.toJSDate();
    }
    case 'daily': {
      const [h, m] = hm('daily');
      return `${m} ${h} * * *`;
    }
    case 'weekly': {
      const [h, m] = hm('weekly');
      const weekday = required(schedule.weekday, '/schedule/weekday', 'a weekly schedule');
      return `${m} ${h} * * ${WEEKDAYS[weekday]}`;
    }
    case 'monthly': {
      const [h, m] = hm('monthly');
      const day = required(schedule.day, '/schedule/day', 'a monthly schedule');
      // day 29-31: croner's "L" is the last day, so a short month runs on its last day instead of never
      return day >= 29 ? `${m} ${h} ${day},L * *` : `${m} ${h} ${day} * *`;
    }
    case 'cron':
      return required(schedule.cron, '/schedule/cron', 'a cron schedule').trim();
  }
}

function cronFor(schedule: Schedule): Cron {
  if (!IANAZone.isValidZone(schedule.timezone)) {
    throw new ScheduleError('/schedule/timezone', `“${schedule.timezone}” is not a known time zone (use an IANA name such as Europe/London)`);
  }
  const pattern = patternOf(schedule);
  try {
    // legacyMode off: a cron with both day-of-month and weekday needs both (no surprise extra runs)
    return new Cron(pattern, { timezone: schedule.timezone, paused: true, legacyMode: false });
  } catch (err) {
    const message = err instanceof Error ? err.message.replace(/^CronPattern: /, '') : String(err);
    throw new ScheduleError(schedule.kind === 'cron' ? '/schedule/cron' : '/schedule', `is not a valid schedule: ${message}`);
  }
}

/** Monthly on day 29-31 lists both the day and "L": keep only the intended one of each month. */
function monthlyRunIsIntended(schedule: Schedule, run: Date): boolean {
  if (schedule.kind !== 'monthly' || (schedule.day ?? 0) < 29) return true;
  const local = DateTime.fromJSDate(run, { zone: schedule.timezone });
  return local.day === Math.min(schedule.day!, local.daysInMonth!);
}

/** The next run strictly after `after`, or null when the schedule will never run again. */
export function nextRunAfter(schedule: Schedule, after: Date): Date | null {
  const cron = cronFor(schedule);
  let from = after;
  for (let i = 0; i < 3; i++) {
    const run = cron.nextRun(from);
    if (!run) return null;
    if (monthlyRunIsIntended(schedule, run)) return run;
    from = run;
  }
  return null;
}

/** The next `count` runs after `after` (for the studio's "next runs" preview). */
export function nextRuns(schedule: Schedule, after: Date, count: number): Date[] {
  const runs: Date[] = [];
  let from = after;
  while (runs.length < count) {
    const run = nextRunAfter(schedule, from);
    if (!run) break;
    runs.push(run);
    from = run;
  }
  return runs;
}

/**
 * Checks a schedule before it is saved: a known zone, a valid pattern, and at least one run
 * to come (a cron for 30 February, or a "once" in the past, never fires: refused, with why).
 */
export function checkSchedule(schedule: Schedule, now: Date): Date {
  const next = nextRunAfter(schedule, now);
  if (next) return next;
  if (schedule.kind === 'once') throw new ScheduleError('/schedule/at', 'is in the past: the trigger would never run');
  throw new ScheduleError(schedule.kind === 'cron' ? '/schedule/cron' : '/schedule', 'never fires: no date matches it');
}
