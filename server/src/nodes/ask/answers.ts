// Checks and normalizes a contact's answer for each expected answer type.
import { DateTime } from 'luxon';
import type { AskConfig } from '@botloom/shared';

export type AnswerCheck = { ok: true; value: unknown } | { ok: false; hint: string };

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]{2,}$/;

/** Matches "2", "2.", "2)" (typed, or a WhatsApp button or list row's id, which is the number) or the choice's text (any case); returns the choice's text. */
export function pickChoice(answer: string, choices: readonly string[]): string | undefined {
  const trimmed = answer.trim();
  const number = /^(\d{1,2})[.)]?$/.exec(trimmed);
  const byNumber = number ? choices[Number(number[1]) - 1] : undefined;
  if (byNumber !== undefined) return byNumber; // else a choice may itself be a number, like "15"
  const folded = trimmed.toLowerCase();
  return choices.find((c) => c.trim().toLowerCase() === folded);
}

function parseDate(answer: string, now: Date, timezone: string | undefined): string | null {
  const zone = timezone ?? 'UTC';
  const today = DateTime.fromJSDate(now, { zone }).startOf('day');
  const text = answer.trim().toLowerCase();
  if (text === 'today') return today.toISODate();
  if (text === 'tomorrow') return today.plus({ days: 1 }).toISODate();
  for (const format of ['yyyy-MM-dd', 'd/M/yyyy', 'd.M.yyyy', 'd-M-yyyy', 'd/M/yy', 'd MMM yyyy', 'd MMMM yyyy', 'MMM d yyyy', 'MMMM d yyyy']) {
    const parsed = DateTime.fromFormat(answer.trim().replace(',', ''), format, { zone, locale: 'en' });
    if (parsed.isValid) return parsed.toISODate();
  }
  return null;
}

export function checkAnswer(config: AskConfig, answer: string, now: Date, timezone: string | undefined): AnswerCheck {
  const text = answer.trim();
  switch (config.answer_type ?? 'text') {
    case 'text':
      return text ? { ok: true, value: text } : { ok: false, hint: 'Please type your answer.' };
    case 'number': {
      const n = Number(text.replace(/\s/g, '').replace(',', '.'));
      return text && Number.isFinite(n) ? { ok: true, value: n } : { ok: false, hint: 'Please answer with a number.' };
    }
    case 'email':
      return EMAIL.test(text) ? { ok: true, value: text.toLowerCase() } : { ok: false, hint: 'Please send a valid email address, like name@example.com.' };
    case 'phone': {
      const digits = text.replace(/[\s\-().]/g, '');
      return /^\+?\d{7,15}$/.test(digits) ? { ok: true, value: digits } : { ok: false, hint: 'Please send a valid phone number, like +44 7700 900123.' };
    }
    case 'date': {
      const iso = parseDate(text, now, timezone);
      return iso ? { ok: true, value: iso } : { ok: false, hint: 'Please send a date, like 24/11/2026.' };
    }
    case 'choice': {
      const picked = pickChoice(text, config.choices ?? []);
      return picked !== undefined ? { ok: true, value: picked } : { ok: false, hint: 'Please reply with the number of one of the options.' };
    }
  }
}
