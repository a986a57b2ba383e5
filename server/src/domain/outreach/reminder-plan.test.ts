import { describe, expect, it } from 'vitest';
import { DEFAULT_QUIET_HOURS } from './quiet-hours';
import { describeMinutesBefore, planReminders, renderReminder } from './reminder-plan';

const at = (iso: string) => new Date(iso);
const iso = (d: Date) => d.toISOString();

describe('reminder plan', () => {
  const rules = [
    { minutesBefore: 1440, text: 'tomorrow' },
    { minutesBefore: 120, text: 'soon' },
  ];

  it('plans each rule its minutes before the start', () => {
    const { planned, skipped } = planReminders({ start: at('2027-01-20T14:00:00Z'), rules, quietHours: DEFAULT_QUIET_HOURS, timezone: 'Europe/London', now: at('2027-01-10T09:00:00Z') });
    expect(skipped).toEqual([]);
    expect(planned.map((p) => [p.ruleIndex, iso(p.at), p.deferredByQuietHours])).toEqual([
      [0, '2027-01-19T14:00:00.000Z', false],
      [1, '2027-01-20T12:00:00.000Z', false],
    ]);
  });

  it('moves a reminder due in quiet hours (in the contact zone) to the last allowed minute before', () => {
    // 09:00 in Los Angeles; two hours before is 07:00 there, quiet: it goes the evening before at 20:59
    const { planned } = planReminders({ start: at('2027-01-20T17:00:00Z'), rules: [rules[1]!], quietHours: DEFAULT_QUIET_HOURS, timezone: 'America/Los_Angeles', now: at('2027-01-10T09:00:00Z') });
    expect(planned).toEqual([{ ruleIndex: 0, at: at('2027-01-20T04:59:00Z'), dueAt: at('2027-01-20T15:00:00Z'), deferredByQuietHours: true }]);
    // the same instant in London is 15:00: not quiet, not moved
    const london = planReminders({ start: at('2027-01-20T17:00:00Z'), rules: [rules[1]!], quietHours: DEFAULT_QUIET_HOURS, timezone: 'Europe/London', now: at('2027-01-10T09:00:00Z') });
    expect(london.planned[0]!.deferredByQuietHours).toBe(false);
  });

  it('skips a reminder whose time passed before the booking, saying why', () => {
    const { planned, skipped } = planReminders({ start: at('2027-01-20T14:00:00Z'), rules, quietHours: DEFAULT_QUIET_HOURS, timezone: 'UTC', now: at('2027-01-20T10:00:00Z') });
    expect(planned.map((p) => p.ruleIndex)).toEqual([1]);
    expect(skipped).toEqual([{ ruleIndex: 0, reason: '1 day before: its time had passed when the appointment was booked' }]);
  });

  it('sends once when quiet hours push two rules onto one minute, keeping the nearer one', () => {
    // 08:00 UTC: one hour and 30 minutes before are both quiet, both go at 20:59 the day before
    const { planned, skipped } = planReminders({
      start: at('2027-01-20T08:00:00Z'),
      rules: [{ minutesBefore: 60, text: 'a' }, { minutesBefore: 30, text: 'b' }],
      quietHours: DEFAULT_QUIET_HOURS,
      timezone: 'UTC',
      now: at('2027-01-10T00:00:00Z'),
    });
    expect(planned.map((p) => [p.ruleIndex, iso(p.at)])).toEqual([[1, '2027-01-19T20:59:00.000Z']]);
    expect(skipped[0]).toEqual({ ruleIndex: 0, reason: '1 hour before: quiet hours put it at the same minute as the 30 minutes before reminder' });
  });

  it('writes the appointment time in the given zone, with the calendar name and contact fields', () => {
    const out = renderReminder(
      { minutesBefore: 60, text: 'Hi {{contact.first_name | there}}, {{calendar.name}} expects you {{appointment.time}} ({{appointment.start_time}}-{{appointment.end_time}} {{appointment.timezone}})', template: { name: 'r', language: 'en_US', variables: ['{{appointment.date}}', '{{appointment.start_time}}'] } },
      { start: at('2027-07-01T08:00:00Z'), end: at('2027-07-01T08:30:00Z'), timezone: 'Europe/Paris', calendarName: 'Dr Rivera', contact: { first_name: 'Ada' } },
    );
    expect(out.text).toBe('Hi Ada, Dr Rivera expects you Thu 1 Jul, 10:00 (10:00-10:30 Europe/Paris)');
    expect(out.templateVariables).toEqual(['Thu 1 Jul', '10:00']);
    expect(renderReminder({ minutesBefore: 60, text: '  ' }, { start: at('2027-07-01T08:00:00Z'), end: at('2027-07-01T08:30:00Z'), timezone: 'UTC', calendarName: 'X', contact: {} }).text).toBe('Reminder: your appointment with X is on Thu 1 Jul, 08:00.');
  });

  it('words the rule for people', () => {
    expect([describeMinutesBefore(1440), describeMinutesBefore(2880), describeMinutesBefore(60), describeMinutesBefore(90)]).toEqual(['1 day before', '2 days before', '1 hour before', '90 minutes before']);
  });
});
