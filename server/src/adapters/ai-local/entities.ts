// Everything a message mentions that a flow may store: dates (date-entities.ts), e-mail
// addresses, phone numbers (libphonenumber-js, which knows every country's numbering plan) and
// plain numbers. Each span of text is claimed once: the digits of a phone number or of
// "tomorrow at 3" are not also reported as numbers.
import { findPhoneNumbersInText, type CountryCode } from 'libphonenumber-js';
import type { EmailEntity, Entities, NumberEntity, PhoneEntity } from '../../ports/ai';
import { extractDates } from './date-entities';

interface Span {
  start: number;
  end: number;
}

const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}/gu;
/** 1,250.50 or 1250.5 or 42; not the "2" of "2nd" nor digits glued to letters. */
const NUMBER = /(?<![\p{L}\p{N}.,])-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?![\p{L}\p{N}]|[.,]\d)/gu;
const NUMBER_WORDS: Record<string, number> = {
  zero: 0,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
  twenty: 20,
  thirty: 30,
  forty: 40,
  fifty: 50,
  hundred: 100,
};
const NUMBER_WORD = new RegExp(`\\b(?:${Object.keys(NUMBER_WORDS).join('|')})\\b`, 'giu');

function overlaps(span: Span, taken: Span[]): boolean {
  return taken.some((other) => span.start < other.end && other.start < span.end);
}

export function extractEmails(text: string, taken: Span[]): EmailEntity[] {
  const emails: EmailEntity[] = [];
  for (const match of text.matchAll(EMAIL)) {
    const span = { start: match.index, end: match.index + match[0].length };
    taken.push(span);
    emails.push({ text: match[0], value: match[0].toLowerCase() });
  }
  return emails;
}

/**
 * Phone numbers in international form (+44 …) are always found; national ones ("415 555 0100")
 * only when the contact's country is known.
 */
export function extractPhones(text: string, taken: Span[], country?: string): PhoneEntity[] {
  const options = country ? { defaultCountry: country.toUpperCase() as CountryCode } : {};
  const phones: PhoneEntity[] = [];
  for (const found of findPhoneNumbersInText(text, options)) {
    const span = { start: found.startsAt, end: found.endsAt };
    if (overlaps(span, taken)) continue;
    taken.push(span);
    phones.push({ text: text.slice(found.startsAt, found.endsAt), value: found.number.number });
  }
  return phones;
}

export function extractNumbers(text: string, taken: Span[]): NumberEntity[] {
  const numbers: (NumberEntity & { at: number })[] = [];
  for (const match of text.matchAll(NUMBER)) {
    const span = { start: match.index, end: match.index + match[0].length };
    if (overlaps(span, taken)) continue;
    numbers.push({ text: match[0], value: Number(match[0].replace(/,/g, '')), at: match.index });
  }
  for (const match of text.matchAll(NUMBER_WORD)) {
    const span = { start: match.index, end: match.index + match[0].length };
    if (overlaps(span, taken)) continue;
    numbers.push({ text: match[0], value: NUMBER_WORDS[match[0].toLowerCase()]!, at: match.index });
  }
  return numbers.sort((a, b) => a.at - b.at).map(({ text: words, value }) => ({ text: words, value }));
}

export interface EntityContext {
  timezone: string;
  now: Date;
  /** ISO 3166 country of the contact (e.g. `US`), for phone numbers written without +code. */
  country?: string;
}

export function extractEntities(text: string, context: EntityContext): Entities {
  const taken: Span[] = [];
  const emails = extractEmails(text, taken);
  const phones = extractPhones(text, taken, context.country);
  const dates = extractDates(text, context.timezone, context.now)
    .filter((date) => !overlaps({ start: date.index, end: date.index + date.length }, taken))
    .map(({ index, length, ...date }) => {
      taken.push({ start: index, end: index + length });
      return date;
    });
  const numbers = extractNumbers(text, taken);
  return { dates, numbers, emails, phones };
}
