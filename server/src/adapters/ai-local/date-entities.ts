// Dates and times in words ("tomorrow at 3", "next Friday morning", "in 2 hours"), resolved in
// the contact's IANA zone from an injected instant. chrono-node reads the words; it only knows
// fixed UTC offsets, so we hand it the zone's offset at `now` and rebuild every wall-clock
// result with luxon in the real zone: a date past a daylight-saving change gets that day's
// offset. Exact durations ("in 2 hours") are the one case kept as an instant.
import type * as chrono from 'chrono-node';
import { DateTime } from 'luxon';
import type { DateEntity, DateGrain } from '../../ports/ai';
import { datePhraseParser } from './date-phrases';

/** A clinic's day: "at 3" means 15:00; parts of the day as opening hours see them. */
const AFTERNOON_IF_NO_MERIDIEM = { from: 1, to: 7 };
const PARTS_OF_DAY: Record<string, { start: number; end: number }> = {
  morning: { start: 8, end: 12 },
  afternoon: { start: 12, end: 17 },
  evening: { start: 17, end: 21 },
  tonight: { start: 17, end: 21 },
  night: { start: 17, end: 21 },
};

export interface DateMatch extends DateEntity {
  /** Where the words sit in the text, to keep other extractors off them. */
  index: number;
  length: number;
}

function partOfDay(tags: Set<string>): { start: number; end: number } | undefined {
  for (const [name, hours] of Object.entries(PARTS_OF_DAY)) if (tags.has(`casualReference/${name}`)) return hours;
  return undefined;
}

function iso(value: DateTime): string {
  return value.toISO({ suppressMilliseconds: false }) ?? value.toUTC().toISO()!;
}

interface Resolved {
  start: DateTime;
  end?: DateTime;
  grain: DateGrain;
}

function resolveComponents(components: chrono.ParsedComponents, tags: Set<string>, text: string, zone: string, now: DateTime): Resolved {
  if (tags.has('result/relativeDateAndTime')) {
    return { start: DateTime.fromJSDate(components.date(), { zone }), grain: 'minute' };
  }
  const dateKnown = components.isCertain('day') || components.isCertain('weekday') || components.isCertain('month');
  const day = dateKnown
    ? DateTime.fromObject({ year: components.get('year')!, month: components.get('month')!, day: components.get('day')! }, { zone })
    : now.startOf('day');
  if (components.isCertain('hour')) {
    let hour = components.get('hour')!;
    const inAfternoon = hour >= AFTERNOON_IF_NO_MERIDIEM.from && hour <= AFTERNOON_IF_NO_MERIDIEM.to;
    if (!components.isCertain('meridiem') && inAfternoon) hour += 12;
    let start = day.set({ hour, minute: components.get('minute') ?? 0, second: 0, millisecond: 0 });
    // chrono rolls a bare time that already passed to the next day before we move it into the
    // afternoon; recompute from today instead, then roll only if it is still in the past.
    if (!dateKnown && start < now) start = start.plus({ days: 1 });
    return { start, grain: components.isCertain('minute') && components.get('minute') !== 0 ? 'minute' : 'hour' };
  }
  const part = partOfDay(tags);
  if (part) {
    return { start: day.set({ hour: part.start }), end: day.set({ hour: part.end }), grain: 'part_of_day' };
  }
  if (/\bweek\b/i.test(text) && !components.isCertain('weekday')) return { start: day.startOf('week'), grain: 'week' };
  if (!components.isCertain('day') && !components.isCertain('weekday') && components.isCertain('month')) {
    return { start: day.startOf('month'), grain: 'month' };
  }
  return { start: day, grain: 'day' };
}

/** Every date or time mentioned in `text`, in the order written. An unknown zone reads as UTC. */
export function extractDates(text: string, timezone: string, now: Date): DateMatch[] {
  const zone = DateTime.fromJSDate(now, { zone: timezone }).isValid ? timezone : 'UTC';
  const reference = DateTime.fromJSDate(now, { zone });
  const parser = datePhraseParser(reference.startOf('day'));
  const results = parser.parse(text, { instant: now, timezone: reference.offset }, { forwardDate: true });
  return results.map((result) => {
    const tags = result.tags();
    const resolved = resolveComponents(result.start, tags, result.text, zone, reference);
    const match: DateMatch = {
      text: result.text,
      start: iso(resolved.start),
      grain: resolved.grain,
      index: result.index,
      length: result.text.length,
    };
    if (result.end) {
      const end = resolveComponents(result.end, result.end.tags(), result.text, zone, reference);
      match.end = iso(end.start);
    } else if (resolved.end) {
      match.end = iso(resolved.end);
    }
    return match;
  });
}

/** A stand-in word for any date or time, so that "friday" in a message meets "monday" in an example. */
export const DATE_PLACEHOLDER = 'entitydate';
const MASK_REFERENCE = new Date(Date.UTC(2026, 0, 1));

/** `text` with every date or time replaced by DATE_PLACEHOLDER (which dates does not matter here). */
export function maskDates(text: string): string {
  let masked = '';
  let from = 0;
  for (const match of extractDates(text, 'UTC', MASK_REFERENCE)) {
    masked += `${text.slice(from, match.index)} ${DATE_PLACEHOLDER} `;
    from = match.index + match.length;
  }
  return masked + text.slice(from);
}
