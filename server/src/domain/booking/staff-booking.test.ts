import { describe, expect, it } from 'vitest';
import { appointmentNoticeText, normalizeContactAddress, parseInstant, slotProblem } from './staff-booking';

describe('normalizeContactAddress', () => {
  it('writes a valid phone number in E.164', () => {
    expect(normalizeContactAddress('sms', ' +44 7700 900123 ')).toEqual({ ok: true, address: '+447700900123' });
    expect(normalizeContactAddress('whatsapp', '+1 (415) 555-2671')).toEqual({ ok: true, address: '+14155552671' });
  });

  it('refuses what is not a phone number on SMS and WhatsApp', () => {
    for (const raw of ['hello', '12', '+999123', '07700900123']) expect(normalizeContactAddress('sms', raw).ok).toBe(false);
  });

  it('takes any non-blank name on the simulator', () => {
    expect(normalizeContactAddress('simulator', ' tester-1 ')).toEqual({ ok: true, address: 'tester-1' });
    expect(normalizeContactAddress('simulator', '  ').ok).toBe(false);
  });
});

describe('parseInstant', () => {
  it('reads dates and date-times with an offset', () => {
    expect(parseInstant('2026-12-03')?.toISOString()).toBe('2026-12-03T00:00:00.000Z');
    expect(parseInstant('2026-12-03T09:30:00+01:00')?.toISOString()).toBe('2026-12-03T08:30:00.000Z');
    expect(parseInstant('2026-12-03T09:30:00.000Z')?.toISOString()).toBe('2026-12-03T09:30:00.000Z');
  });

  it('refuses text, times without an offset and impossible dates', () => {
    for (const raw of ['tomorrow', '2026-12-03T09:30', '2026-13-40', '1700000000000']) expect(parseInstant(raw)).toBeNull();
  });
});

describe('appointmentNoticeText', () => {
  it('says what changed, with the calendar and the time', () => {
    expect(appointmentNoticeText('booked', 'Dr Smith', 'Thu 3 Dec, 09:30')).toBe(
      'Your appointment with Dr Smith is booked for Thu 3 Dec, 09:30.',
    );
    expect(appointmentNoticeText('moved', 'Dr Smith', 'Fri 4 Dec, 10:00', 'Thu 3 Dec, 09:30')).toContain(
      'from Thu 3 Dec, 09:30 to Fri 4 Dec, 10:00',
    );
    expect(appointmentNoticeText('cancelled', 'Dr Smith', 'Thu 3 Dec, 09:30')).toContain('has been cancelled');
  });
});

describe('slotProblem', () => {
  const calendar = {
    timezone: 'Europe/London',
    slotMinutes: 30,
    weeklyHours: { mon: [['09:00', '12:00']] as Array<[string, string]> },
    horizonDays: 30,
  };
  const now = new Date('2026-11-30T08:00:00Z'); // a Monday, 08:00 in London

  it('accepts a slot start inside the hours', () => {
    expect(slotProblem(calendar, now, new Date('2026-11-30T09:30:00Z'))).toBeNull();
  });

  it('names what is wrong with a time that is not a slot', () => {
    expect(slotProblem(calendar, now, new Date('2026-11-30T07:30:00Z'))).toBe('is in the past');
    expect(slotProblem(calendar, now, new Date('2026-11-30T13:00:00Z'))).toBe("is outside the calendar's opening hours");
    expect(slotProblem(calendar, now, new Date('2026-12-01T09:00:00Z'))).toBe("is outside the calendar's opening hours");
    expect(slotProblem(calendar, now, new Date('2026-11-30T09:10:00Z'))).toMatch(/not the start of a slot/);
    expect(slotProblem(calendar, now, new Date('2027-03-01T09:00:00Z'))).toMatch(/too far ahead/);
    expect(slotProblem({ ...calendar, minNoticeMinutes: 120 }, now, new Date('2026-11-30T09:00:00Z'))).toMatch(/120 minutes' notice/);
  });
});
