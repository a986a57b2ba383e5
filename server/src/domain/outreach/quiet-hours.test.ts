import { describe, expect, it } from 'vitest';
import { checkQuietHours, DEFAULT_QUIET_HOURS, isQuiet, lastAllowedAtOrBefore, nextAllowedAt, QuietHoursError } from './quiet-hours';

const at = (iso: string) => new Date(iso);

describe('quiet hours', () => {
  it('defers a recipient in Los Angeles while one in London is sent, at the same instant', () => {
    const now = at('2027-01-15T16:00:00Z'); // 08:00 in Los Angeles: the first allowed minute
    const early = at('2027-01-15T15:00:00Z'); // 15:00 London, 07:00 Los Angeles
    expect(isQuiet(early, DEFAULT_QUIET_HOURS, 'Europe/London')).toBe(false);
    expect(isQuiet(early, DEFAULT_QUIET_HOURS, 'America/Los_Angeles')).toBe(true);
    expect(nextAllowedAt(early, DEFAULT_QUIET_HOURS, 'Europe/London')).toEqual(early);
    expect(nextAllowedAt(early, DEFAULT_QUIET_HOURS, 'America/Los_Angeles').toISOString()).toBe('2027-01-15T16:00:00.000Z');
    expect(isQuiet(now, DEFAULT_QUIET_HOURS, 'America/Los_Angeles')).toBe(false); // 08:00 sharp is allowed
  });

  it('treats 21:00 as quiet and 20:59 as allowed, and waits past midnight for 08:00', () => {
    expect(isQuiet(at('2027-01-15T20:59:00Z'), DEFAULT_QUIET_HOURS, 'UTC')).toBe(false);
    expect(isQuiet(at('2027-01-15T21:00:00Z'), DEFAULT_QUIET_HOURS, 'UTC')).toBe(true);
    expect(nextAllowedAt(at('2027-01-15T21:30:00Z'), DEFAULT_QUIET_HOURS, 'UTC').toISOString()).toBe('2027-01-16T08:00:00.000Z');
    expect(nextAllowedAt(at('2027-01-16T03:00:00Z'), DEFAULT_QUIET_HOURS, 'UTC').toISOString()).toBe('2027-01-16T08:00:00.000Z');
  });

  it('handles a quiet span inside one day (a lunch break)', () => {
    const lunch = { start: '12:00', end: '13:30' };
    expect(isQuiet(at('2027-01-15T11:59:00Z'), lunch, 'UTC')).toBe(false);
    expect(nextAllowedAt(at('2027-01-15T12:10:00Z'), lunch, 'UTC').toISOString()).toBe('2027-01-15T13:30:00.000Z');
    expect(isQuiet(at('2027-01-15T23:00:00Z'), lunch, 'UTC')).toBe(false);
  });

  it('follows the local clock across a daylight-saving change', () => {
    // London goes to summer time on 28 March 2027: 08:00 local is then 07:00 UTC
    expect(nextAllowedAt(at('2027-03-28T03:00:00Z'), DEFAULT_QUIET_HOURS, 'Europe/London').toISOString()).toBe('2027-03-28T07:00:00.000Z');
    expect(nextAllowedAt(at('2027-03-27T03:00:00Z'), DEFAULT_QUIET_HOURS, 'Europe/London').toISOString()).toBe('2027-03-27T08:00:00.000Z');
  });

  it('moves a reminder due in quiet hours to the last allowed minute before', () => {
    expect(lastAllowedAtOrBefore(at('2027-01-16T06:30:00Z'), DEFAULT_QUIET_HOURS, 'UTC').toISOString()).toBe('2027-01-15T20:59:00.000Z');
    expect(lastAllowedAtOrBefore(at('2027-01-15T22:00:00Z'), DEFAULT_QUIET_HOURS, 'UTC').toISOString()).toBe('2027-01-15T20:59:00.000Z');
    expect(lastAllowedAtOrBefore(at('2027-01-15T10:00:00Z'), DEFAULT_QUIET_HOURS, 'UTC').toISOString()).toBe('2027-01-15T10:00:00.000Z');
  });

  it('refuses quiet hours that leave no minute free, or are not times, naming the field', () => {
    expect(() => checkQuietHours({ start: '08:00', end: '08:00' })).toThrow(/no minute of the day/);
    const bad = (() => {
      try {
        checkQuietHours({ start: '25:00', end: '08:00' });
      } catch (err) {
        return err as QuietHoursError;
      }
    })();
    expect(bad).toBeInstanceOf(QuietHoursError);
    expect(bad?.path).toBe('/quietHours/start');
  });
});
