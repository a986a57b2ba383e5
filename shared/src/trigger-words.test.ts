import { describe, expect, it } from 'vitest';
import { describeTrigger } from './trigger-words';

describe('triggers in plain words', () => {
  it('describes keyword triggers', () => {
    expect(describeTrigger({ type: 'keyword', keywords: ['menu', 'start over', 'home'] })).toBe('When a message is exactly “menu”, “start over” or “home”');
    expect(describeTrigger({ type: 'keyword', keywords: ['VIP'], match: 'contains', caseSensitive: true })).toBe('When a message contains the words “VIP”, same upper and lower case');
  });

  it('describes event triggers with their conditions', () => {
    expect(describeTrigger({ type: 'event', event: 'new_contact' })).toBe('When a new contact writes for the first time');
    expect(describeTrigger({ type: 'event', event: 'appointment_booked', conditions: [{ field: 'contact.city', operator: '==', value: 'Paris' }, { field: 'email', operator: 'is_empty' }] })).toBe(
      'When an appointment is booked, if city is equal to “Paris” and email is empty',
    );
  });

  it('describes schedules and their audience', () => {
    expect(describeTrigger({ type: 'schedule', schedule: { kind: 'weekly', weekday: 'mon', time: '09:00', timezone: 'Europe/London' }, audience: { tags: ['patients'], channel: 'sms' } })).toBe(
      'Every Monday at 09:00 (Europe/London), for contacts tagged “patients” on SMS',
    );
    expect(describeTrigger({ type: 'schedule', schedule: { kind: 'monthly', day: 31, time: '10:00', timezone: 'UTC' } })).toBe('Every month on the 31st (or its last day) at 10:00 (UTC), for every contact');
    expect(describeTrigger({ type: 'schedule', schedule: { kind: 'once', at: '2027-06-01T09:00', timezone: 'UTC' } })).toBe('Once, on 2027-06-01 at 09:00 (UTC), for every contact');
    expect(describeTrigger({ type: 'schedule', schedule: { kind: 'cron', cron: '0 12 * * 1-5', timezone: 'Asia/Tokyo' } })).toBe('On the cron schedule “0 12 * * 1-5” (Asia/Tokyo), for every contact');
  });
});
