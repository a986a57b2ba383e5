import { describe, expect, it } from 'vitest';
import { nearestFreeSlots } from './nearest-slots';
import type { BookableResource } from './slots';

const clinic: BookableResource = {
  timezone: 'Europe/London',
  slotMinutes: 30,
  weeklyHours: { mon: [['09:00', '17:00']], tue: [['09:00', '17:00']], wed: [['09:00', '17:00']], thu: [['09:00', '17:00']], fri: [['09:00', '17:00']] },
};
const now = new Date('2026-03-02T08:00:00Z'); // Monday, London is on GMT
const starts = (slots: { start: Date }[]) => slots.map((s) => s.start.toISOString());

describe('nearestFreeSlots', () => {
  it('offers the time asked for first, then the nearest later ones, then earlier', () => {
    const slots = nearestFreeSlots(clinic, now, [], 3, new Date('2026-03-03T15:00:00Z'));
    expect(starts(slots)).toEqual(['2026-03-03T14:30:00.000Z', '2026-03-03T15:00:00.000Z', '2026-03-03T15:30:00.000Z']);
  });

  it('skips a taken slot and goes around it', () => {
    const slots = nearestFreeSlots(clinic, now, [new Date('2026-03-03T15:00:00Z')], 2, new Date('2026-03-03T15:00:00Z'));
    expect(starts(slots)).toEqual(['2026-03-03T14:30:00.000Z', '2026-03-03T15:30:00.000Z']);
  });

  it('a day with no time (midnight) gives that day’s first slots, not the evening before', () => {
    const slots = nearestFreeSlots(clinic, now, [], 2, new Date('2026-03-05T00:00:00Z'));
    expect(starts(slots)).toEqual(['2026-03-05T09:00:00.000Z', '2026-03-05T09:30:00.000Z']);
  });

  it('a time on a closed day (Saturday 11:00) gives the nearest open times: Friday’s last (18 h before) over Monday’s first (46 h after)', () => {
    const slots = nearestFreeSlots(clinic, now, [], 1, new Date('2026-03-07T11:00:00Z'));
    expect(starts(slots)).toEqual(['2026-03-06T16:30:00.000Z']);
    // a Sunday evening wish is nearer Monday morning
    expect(starts(nearestFreeSlots(clinic, now, [], 1, new Date('2026-03-08T20:00:00Z')))).toEqual(['2026-03-09T09:00:00.000Z']);
  });

  it('a time in the past gives the next free slots', () => {
    expect(starts(nearestFreeSlots(clinic, now, [], 1, new Date('2026-01-01T10:00:00Z')))).toEqual(['2026-03-02T09:00:00.000Z']);
  });
});
