import { describe, expect, it } from 'vitest';
import { extractDates, maskDates } from './date-entities';

// Friday 6 March 2026: New York moves its clocks forward on Sunday 8 March, London on 29 March.
const fridayNewYork = new Date('2026-03-06T15:30:00Z'); // 10:30 EST
const fridayLondon = new Date('2026-03-27T09:00:00Z'); // 09:00 GMT

function first(text: string, zone: string, now: Date) {
  const found = extractDates(text, zone, now);
  expect(found.length, `a date in ${JSON.stringify(text)}`).toBeGreaterThan(0);
  return found[0]!;
}

describe('dates in the contact zone', () => {
  it('resolves "tomorrow at 3" in the afternoon of the contact day, not the server one', () => {
    expect(first('can I come tomorrow at 3', 'America/New_York', fridayNewYork)).toMatchObject({
      text: 'tomorrow at 3',
      start: '2026-03-07T15:00:00.000-05:00',
      grain: 'hour',
    });
    // The same instant is already Saturday in Tokyo: its tomorrow is Sunday.
    expect(first('can I come tomorrow at 3', 'Asia/Tokyo', fridayNewYork).start).toBe('2026-03-08T15:00:00.000+09:00');
  });

  it('gives a day past the daylight-saving change that day offset (New York)', () => {
    expect(first('sunday at noon', 'America/New_York', fridayNewYork).start).toBe('2026-03-08T12:00:00.000-04:00');
    expect(first('monday 10am', 'America/New_York', fridayNewYork).start).toBe('2026-03-09T10:00:00.000-04:00');
    expect(first('saturday at 10am', 'America/New_York', fridayNewYork).start).toBe('2026-03-07T10:00:00.000-05:00');
  });

  it('gives a day past the daylight-saving change that day offset (London)', () => {
    expect(first('tomorrow at 3', 'Europe/London', fridayLondon).start).toBe('2026-03-28T15:00:00.000+00:00');
    expect(first('monday at 9:30', 'Europe/London', fridayLondon)).toMatchObject({
      start: '2026-03-30T09:30:00.000+01:00',
      grain: 'minute',
    });
  });

  it('reads parts of the day as a range', () => {
    expect(first('next Friday morning', 'America/New_York', fridayNewYork)).toEqual({
      text: 'next Friday morning',
      start: '2026-03-13T08:00:00.000-04:00',
      end: '2026-03-13T12:00:00.000-04:00',
      grain: 'part_of_day',
      index: 0,
      length: 19,
    });
  });

  it('keeps exact durations exact, even across the change', () => {
    expect(first('in 2 hours', 'America/New_York', fridayNewYork)).toMatchObject({
      start: '2026-03-06T12:30:00.000-05:00',
      grain: 'minute',
    });
    // Saturday 23:30 EST + 4 h = Sunday 04:30 EDT (the clock skipped 02:00-03:00).
    const saturdayNight = new Date('2026-03-08T04:30:00Z');
    expect(first('in 4 hours', 'America/New_York', saturdayNight).start).toBe('2026-03-08T04:30:00.000-04:00');
  });

  it('gives days with no time their start, and weeks their Monday', () => {
    expect(first('any slots tomorrow?', 'Europe/London', fridayLondon)).toMatchObject({
      start: '2026-03-28T00:00:00.000+00:00',
      grain: 'day',
    });
    expect(first('in 3 days', 'Europe/London', fridayLondon)).toMatchObject({ start: '2026-03-30T00:00:00.000+01:00', grain: 'day' });
    expect(first('sometime next week', 'America/New_York', fridayNewYork)).toMatchObject({
      start: '2026-03-09T00:00:00.000-04:00',
      grain: 'week',
    });
  });

  it('reads "the day after tomorrow" and a bare day of the month', () => {
    expect(first('day after tomorrow at 10', 'America/New_York', fridayNewYork).start).toBe('2026-03-08T10:00:00.000-04:00');
    // Midnight of the change day is still winter time (the clocks move at 02:00).
    expect(first('the day after tomorrow', 'America/New_York', fridayNewYork).start).toBe('2026-03-08T00:00:00.000-05:00');
    expect(first('get me in on the 15th at 2pm', 'America/New_York', fridayNewYork).start).toBe('2026-03-15T14:00:00.000-04:00');
    // The 2nd has passed this month: the next one.
    expect(first('the 2nd', 'America/New_York', fridayNewYork).start).toBe('2026-04-02T00:00:00.000-04:00');
    expect(first('the 3rd of May', 'America/New_York', fridayNewYork).start).toBe('2026-05-03T00:00:00.000-04:00');
  });

  it('moves a bare time that has passed today to tomorrow', () => {
    expect(first('can u do 9:15', 'America/New_York', fridayNewYork).start).toBe('2026-03-07T09:15:00.000-05:00');
    expect(first('can u do 5:30', 'America/New_York', fridayNewYork).start).toBe('2026-03-06T17:30:00.000-05:00');
  });

  it('reads an unknown zone as UTC and finds nothing in a message without dates', () => {
    expect(first('tomorrow at 9am', 'Not/AZone', fridayNewYork).start).toBe('2026-03-07T09:00:00.000Z');
    expect(extractDates('how much is a cleaning', 'UTC', fridayNewYork)).toEqual([]);
  });

  it('masks dates for the classifier', () => {
    expect(maskDates('move me to friday at 2 pls').replace(/\s+/g, ' ')).toBe('move me to entitydate pls');
  });
});
