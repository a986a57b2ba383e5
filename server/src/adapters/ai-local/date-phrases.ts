// chrono-node's English parser plus phrases people text a clinic that it does not read by
// itself: "the day after tomorrow" and a bare day of the month ("on the 15th", the next one).
import * as chrono from 'chrono-node';
import type { DateTime } from 'luxon';

const MONTH_AFTER = /^\s+(?:of\s+)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)/i;

/** A parser for one message; `today` is the start of the contact's day. */
export function datePhraseParser(today: DateTime): chrono.Chrono {
  const parser = chrono.casual.clone();
  parser.parsers.push({
    pattern: () => /\b(?:the\s+)?day\s+after\s+(?:tomorrow|tmrw|tmr)\b/i,
    extract: () => {
      const day = today.plus({ days: 2 });
      return { year: day.year, month: day.month, day: day.day };
    },
  });
  parser.parsers.push({
    pattern: () => /\bthe\s+([1-9]|[12]\d|3[01])(?:st|nd|rd|th)\b/i,
    extract: (context, match) => {
      // "the 3rd of May" is chrono's own; only the bare day of the month is ours.
      if (MONTH_AFTER.test(context.text.slice((match.index ?? 0) + match[0].length))) return null;
      const wanted = Number(match[1]);
      for (let months = 0; months < 3; months++) {
        const month = today.plus({ months }).startOf('month');
        if (wanted > month.daysInMonth!) continue;
        const day = month.set({ day: wanted });
        if (day >= today) return { year: day.year, month: day.month, day: day.day };
      }
      return null;
    },
  });
  return parser;
}
