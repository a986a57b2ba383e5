// Opening hours per weekday, as the API stores them: { mon: [["09:00","17:00"]], ... }.
import type { WeekDay, WeeklyHours } from '../../api/types';

export const WEEK_DAYS: ReadonlyArray<{ key: WeekDay; label: string }> = [
  { key: 'mon', label: 'Monday' },
  { key: 'tue', label: 'Tuesday' },
  { key: 'wed', label: 'Wednesday' },
  { key: 'thu', label: 'Thursday' },
  { key: 'fri', label: 'Friday' },
  { key: 'sat', label: 'Saturday' },
  { key: 'sun', label: 'Sunday' },
];

export const OFFICE_HOURS: WeeklyHours = {
  mon: [['09:00', '17:00']],
  tue: [['09:00', '17:00']],
  wed: [['09:00', '17:00']],
  thu: [['09:00', '17:00']],
  fri: [['09:00', '17:00']],
};

export function summarizeHours(hours: WeeklyHours): string {
  const open = WEEK_DAYS.filter((d) => (hours[d.key] ?? []).length > 0);
  if (open.length === 0) return 'Closed every day';
  return open.map((d) => `${d.label.slice(0, 3)} ${(hours[d.key] ?? []).map(([a, b]) => `${a}–${b}`).join(', ')}`).join(' · ');
}

/** Problems a person can fix before the server is asked: empty times, ends before starts, overlaps. */
export function hoursProblems(hours: WeeklyHours): string[] {
  const problems: string[] = [];
  for (const day of WEEK_DAYS) {
    const ranges = [...(hours[day.key] ?? [])].sort(([a], [b]) => a.localeCompare(b));
    ranges.forEach(([from, to], i) => {
      if (!/^\d\d:\d\d$/.test(from) || !/^\d\d:\d\d$/.test(to)) problems.push(`${day.label}: fill in both times`);
      else if (from >= to) problems.push(`${day.label}: ${from}–${to} ends before it starts`);
      const next = ranges[i + 1];
      if (next && next[0] < to) problems.push(`${day.label}: ${from}–${to} overlaps ${next[0]}–${next[1]}`);
    });
  }
  return problems;
}
