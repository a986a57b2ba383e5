import { describe, expect, it } from 'vitest';
import { checkSchedule, nextRunAfter, nextRuns, ScheduleError, type Schedule } from './schedule-plan';

const iso = (dates: Date[]) => dates.map((d) => d.toISOString());
function errorOf(fn: () => unknown): ScheduleError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ScheduleError) return err;
    throw err;
  }
  throw new Error('expected a ScheduleError');
}

describe('schedule triggers', () => {
  it('keeps a daily time in local time across the daylight-saving change', () => {
    const daily: Schedule = { kind: 'daily', time: '09:00', timezone: 'Europe/London' };
    // the clocks go forward on Sunday 28 March 2027
    expect(iso(nextRuns(daily, new Date('2027-03-26T12:00:00Z'), 3))).toEqual(['2027-03-27T09:00:00.000Z', '2027-03-28T08:00:00.000Z', '2027-03-29T08:00:00.000Z']);
  });

  it('runs weekly on the weekday, in the zone given', () => {
    const weekly: Schedule = { kind: 'weekly', time: '08:30', weekday: 'mon', timezone: 'America/New_York' };
    expect(iso(nextRuns(weekly, new Date('2027-03-01T00:00:00Z'), 3))).toEqual(['2027-03-01T13:30:00.000Z', '2027-03-08T13:30:00.000Z', '2027-03-15T12:30:00.000Z']);
  });

  it('runs monthly on the day, or on the last day of a shorter month', () => {
    const monthly: Schedule = { kind: 'monthly', time: '10:00', day: 30, timezone: 'UTC' };
    expect(iso(nextRuns(monthly, new Date('2027-01-01T00:00:00Z'), 4))).toEqual(['2027-01-30T10:00:00.000Z', '2027-02-28T10:00:00.000Z', '2027-03-30T10:00:00.000Z', '2027-04-30T10:00:00.000Z']);
    const fifth: Schedule = { kind: 'monthly', time: '10:00', day: 5, timezone: 'UTC' };
    expect(iso(nextRuns(fifth, new Date('2027-01-06T00:00:00Z'), 2))).toEqual(['2027-02-05T10:00:00.000Z', '2027-03-05T10:00:00.000Z']);
  });

  it('runs once: a local time in the zone, or a moment with an offset, and never again', () => {
    const local: Schedule = { kind: 'once', at: '2027-06-01T09:00', timezone: 'Europe/Paris' };
    expect(nextRunAfter(local, new Date('2027-01-01T00:00:00Z'))?.toISOString()).toBe('2027-06-01T07:00:00.000Z');
    expect(nextRunAfter(local, new Date('2027-06-01T07:00:00Z'))).toBeNull();
    const offset: Schedule = { kind: 'once', at: '2027-06-01T09:00:00Z', timezone: 'Europe/Paris' };
    expect(nextRunAfter(offset, new Date('2027-01-01T00:00:00Z'))?.toISOString()).toBe('2027-06-01T09:00:00.000Z');
  });

  it('takes a cron expression in the zone', () => {
    const cron: Schedule = { kind: 'cron', cron: '0 12 * * 1-5', timezone: 'Asia/Tokyo' };
    expect(iso(nextRuns(cron, new Date('2027-01-01T00:00:00Z'), 2))).toEqual(['2027-01-01T03:00:00.000Z', '2027-01-04T03:00:00.000Z']);
  });

  it('names the field of a schedule that can never run', () => {
    const now = new Date('2027-01-01T00:00:00Z');
    expect(errorOf(() => checkSchedule({ kind: 'cron', cron: '0 0 30 2 *', timezone: 'UTC' }, now))).toMatchObject({ path: '/schedule/cron', message: expect.stringContaining('never fires') });
    expect(errorOf(() => checkSchedule({ kind: 'cron', cron: 'every day at noon', timezone: 'UTC' }, now)).path).toBe('/schedule/cron');
    expect(errorOf(() => checkSchedule({ kind: 'daily', time: '09:00', timezone: 'Mars/Olympus_Mons' }, now))).toMatchObject({ path: '/schedule/timezone', message: expect.stringContaining('not a known time zone') });
    expect(errorOf(() => checkSchedule({ kind: 'once', at: '2026-01-01T09:00', timezone: 'UTC' }, now))).toMatchObject({ path: '/schedule/at', message: expect.stringContaining('in the past') });
    expect(errorOf(() => checkSchedule({ kind: 'weekly', time: '09:00', timezone: 'UTC' }, now)).path).toBe('/schedule/weekday');
    expect(errorOf(() => checkSchedule({ kind: 'daily', timezone: 'UTC' }, now)).path).toBe('/schedule/time');
    expect(checkSchedule({ kind: 'daily', time: '09:00', timezone: 'UTC' }, now).toISOString()).toBe('2027-01-01T09:00:00.000Z');
  });
});
