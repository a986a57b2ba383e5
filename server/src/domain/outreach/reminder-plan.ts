// When an appointment's reminders go, and what they say. Pure: the clock comes in as an argument.
// A reminder is due `minutesBefore` the start; one that would fall in quiet hours (in the
// contact's zone) goes at the last allowed minute before it. A reminder whose moment has already
// passed when the appointment is booked is not sent at all (a booking made an hour ahead gets no
// "24 hours before"), and two rules that quiet hours push onto the same minute send once.
import { DateTime } from 'luxon';
import { renderTemplate } from '../../engine/interpolate';
import { lastAllowedAtOrBefore, type QuietHours } from './quiet-hours';

export interface ReminderRule {
  minutesBefore: number;
  text: string;
  /** An approved WhatsApp template, sent instead when the contact's 24-hour window has closed. */
  template?: { name: string; language: string; variables?: string[]; content_sid?: string };
}

export interface PlannedReminder {
  ruleIndex: number;
  /** When it goes. */
  at: Date;
  /** When the rule wanted it (before quiet hours moved it). */
  dueAt: Date;
  deferredByQuietHours: boolean;
}

export interface SkippedReminder {
  ruleIndex: number;
  reason: string;
}

export interface ReminderPlanInput {
  start: Date;
  rules: readonly ReminderRule[];
  quietHours: QuietHours;
  /** The zone quiet hours are read in: the contact's, else the bot's. */
  timezone: string;
  now: Date;
}

export const DEFAULT_REMINDER_TEXT = 'Reminder: your appointment with {{calendar.name}} is on {{appointment.time}}.';

export function describeMinutesBefore(minutes: number): string {
  if (minutes % 1440 === 0) return `${minutes / 1440} day${minutes === 1440 ? '' : 's'} before`;
  if (minutes % 60 === 0) return `${minutes / 60} hour${minutes === 60 ? '' : 's'} before`;
  return `${minutes} minute${minutes === 1 ? '' : 's'} before`;
}

export function planReminders(input: ReminderPlanInput): { planned: PlannedReminder[]; skipped: SkippedReminder[] } {
  const skipped: SkippedReminder[] = [];
  const candidates: PlannedReminder[] = [];
  input.rules.forEach((rule, ruleIndex) => {
    const dueAt = new Date(input.start.getTime() - rule.minutesBefore * 60_000);
    const at = lastAllowedAtOrBefore(dueAt, input.quietHours, input.timezone);
    if (at.getTime() <= input.now.getTime()) {
      const why = at.getTime() === dueAt.getTime() ? 'its time had passed when the appointment was booked' : 'its time, moved before quiet hours, had passed when the appointment was booked';
      skipped.push({ ruleIndex, reason: `${describeMinutesBefore(rule.minutesBefore)}: ${why}` });
      return;
    }
    candidates.push({ ruleIndex, at, dueAt, deferredByQuietHours: at.getTime() !== dueAt.getTime() });
  });
  // rules pushed onto one minute by quiet hours: the one nearest the appointment is kept
  const byMinute = new Map<number, PlannedReminder>();
  for (const c of candidates) {
    const other = byMinute.get(c.at.getTime());
    if (!other) byMinute.set(c.at.getTime(), c);
    else {
      const [keep, drop] = input.rules[c.ruleIndex]!.minutesBefore < input.rules[other.ruleIndex]!.minutesBefore ? [c, other] : [other, c];
      byMinute.set(c.at.getTime(), keep);
      skipped.push({ ruleIndex: drop.ruleIndex, reason: `${describeMinutesBefore(input.rules[drop.ruleIndex]!.minutesBefore)}: quiet hours put it at the same minute as the ${describeMinutesBefore(input.rules[keep.ruleIndex]!.minutesBefore)} reminder` });
    }
  }
  const planned = [...byMinute.values()].sort((a, b) => a.at.getTime() - b.at.getTime());
  return { planned, skipped: skipped.sort((a, b) => a.ruleIndex - b.ruleIndex) };
}

export interface ReminderTextInput {
  start: Date;
  end: Date;
  /** The zone the time is written in: the contact's, else the calendar's. */
  timezone: string;
  calendarName: string;
  contact: Record<string, unknown>;
}

/**
 * The values a reminder's text (and its template's variables) may use: `{{appointment.time}}`
 * ("Thu 3 Dec, 09:30"), `{{appointment.date}}`, `{{appointment.start_time}}`,
 * `{{appointment.end_time}}`, `{{appointment.timezone}}`, `{{calendar.name}}` and the contact's
 * fields (`{{contact.first_name}}`).
 */
export function reminderScope(input: ReminderTextInput) {
  const start = DateTime.fromJSDate(input.start, { zone: input.timezone }).setLocale('en-GB');
  const end = DateTime.fromJSDate(input.end, { zone: input.timezone }).setLocale('en-GB');
  return {
    state: {
      appointment: {
        time: start.toFormat('ccc d LLL, HH:mm'),
        date: start.toFormat('ccc d LLL'),
        start_time: start.toFormat('HH:mm'),
        end_time: end.toFormat('HH:mm'),
        timezone: input.timezone,
      },
      calendar: { name: input.calendarName },
    },
    contact: input.contact,
    message: {},
  };
}

export function renderReminder(rule: ReminderRule, input: ReminderTextInput): { text: string; templateVariables: string[] } {
  const scope = reminderScope(input);
  return {
    text: renderTemplate(rule.text.trim() || DEFAULT_REMINDER_TEXT, scope).trim(),
    templateVariables: (rule.template?.variables ?? []).map((v) => renderTemplate(v, scope)),
  };
}
