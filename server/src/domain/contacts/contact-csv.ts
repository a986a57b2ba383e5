// Reads a contacts CSV into rows ready to upsert, with an error per line that cannot be used.
// Pure. The header row names the columns: `address` and `channel` are required, `tags` is split
// on `;`, `timezone` must be an IANA zone, `consent` is opted_in / opted_out; every other column
// becomes an attribute. Phone numbers are normalised to E.164 by libphonenumber-js, so
// "07700 900123" (with a default country GB) and "+44 7700 900123" are the same contact.
import { parse } from 'csv-parse/sync';
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import { IANAZone } from 'luxon';

export const IMPORT_CHANNELS = ['sms', 'whatsapp'] as const;
export type ImportChannel = (typeof IMPORT_CHANNELS)[number];

export interface ContactRow {
  /** 1-based line of the file (the header is line 1). */
  line: number;
  channel: ImportChannel;
  address: string;
  attributes: Record<string, string>;
  tags: string[];
  timezone?: string;
  consent?: 'opted_in' | 'opted_out';
}

export interface LineError {
  line: number;
  message: string;
}

/** The file itself cannot be read (broken quoting, no header...): nothing is imported. */
export class CsvFileError extends Error {
  constructor(
    readonly line: number | null,
    message: string,
  ) {
    super(message);
  }
}

export const MAX_IMPORT_ROWS = 50_000;
export const MAX_TAG_LENGTH = 50;
export const MAX_TAGS = 50;
export const MAX_ATTRIBUTE_LENGTH = 1000;

/** Trimmed, without blanks, and without a second copy differing only in case ("VIP" after "vip"). */
export function uniqueTags(tags: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of tags) {
    const tag = raw.trim();
    if (!tag || seen.has(tag.toLowerCase())) continue;
    seen.add(tag.toLowerCase());
    out.push(tag);
  }
  return out;
}
const RESERVED = new Set(['address', 'channel', 'tags', 'timezone', 'consent']);
/** Columns the Contacts screen's export adds that are not the contact's to set: read past, so an export imports back. */
const EXPORT_ONLY = new Set(['id', 'registered', 'last_message_at']);
const ATTRIBUTE_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
const CONSENT: Record<string, ContactRow['consent']> = {
  opted_in: 'opted_in', yes: 'opted_in', true: 'opted_in', in: 'opted_in', subscribed: 'opted_in',
  opted_out: 'opted_out', no: 'opted_out', false: 'opted_out', out: 'opted_out', unsubscribed: 'opted_out',
};

/**
 * "+44 7700 900123", "07700 900123" (with a default country) -> "+447700900123"; null when it
 * cannot be a phone number. "Possible" (the right length for its country), not "valid": the
 * ranges set aside for tests and fiction (+44 7700 900xxx, +1 555 01xx) must import too.
 */
export function normalisePhone(raw: string, defaultCountry?: CountryCode): string | null {
  const phone = parsePhoneNumberFromString(raw.trim().replace(/^whatsapp:/i, ''), defaultCountry);
  return phone?.isPossible() ? phone.number : null;
}

function headerOf(record: string[]): string[] {
  const header = record.map((h) => h.trim().replace(/^\uFEFF/, '').toLowerCase().replace(/[\s-]+/g, '_'));
  for (const required of ['address', 'channel']) {
    if (!header.includes(required)) throw new CsvFileError(1, `the header row has no “${required}” column (found: ${header.join(', ') || 'nothing'})`);
  }
  const bad = header.find((h) => !RESERVED.has(h) && !EXPORT_ONLY.has(h) && !ATTRIBUTE_NAME.test(h));
  if (bad !== undefined) throw new CsvFileError(1, `the column “${bad}” cannot be a contact field (letters, digits and _ only, starting with a letter)`);
  const twice = header.find((h, i) => header.indexOf(h) !== i);
  if (twice) throw new CsvFileError(1, `the column “${twice}” appears twice in the header row`);
  return header;
}

function rowOf(line: number, header: string[], record: string[], defaultCountry?: CountryCode): ContactRow | LineError {
  if (record.length !== header.length) return { line, message: `has ${record.length} values but the header has ${header.length} columns` };
  const cell = Object.fromEntries(header.map((h, i) => [h, (record[i] ?? '').trim()])) as Record<string, string>;
  const channel = cell.channel!.toLowerCase();
  if (!(IMPORT_CHANNELS as readonly string[]).includes(channel)) return { line, message: `channel “${cell.channel}” is not one of ${IMPORT_CHANNELS.join(', ')}` };
  if (!cell.address) return { line, message: 'address is empty' };
  const address = normalisePhone(cell.address, defaultCountry);
  if (!address) {
    const hint = cell.address.startsWith('+') || defaultCountry ? '' : ' (add the country code, e.g. +44…)';
    return { line, message: `address “${cell.address}” is not a valid phone number${hint}` };
  }
  const row: ContactRow = { line, channel: channel as ImportChannel, address, attributes: {}, tags: [] };
  if (cell.timezone) {
    if (!IANAZone.isValidZone(cell.timezone)) return { line, message: `timezone “${cell.timezone}” is not a known time zone (e.g. Europe/London)` };
    row.timezone = cell.timezone;
  }
  if (cell.consent) {
    const consent = CONSENT[cell.consent.toLowerCase()];
    if (!consent) return { line, message: `consent “${cell.consent}” is not opted_in or opted_out` };
    row.consent = consent;
  }
  const tags = uniqueTags((cell.tags ?? '').split(';'));
  const longTag = tags.find((t) => t.length > MAX_TAG_LENGTH || t.includes(','));
  if (longTag) return { line, message: `tag “${longTag.slice(0, 60)}” ${longTag.includes(',') ? 'holds a comma (separate tags with ;)' : `is longer than ${MAX_TAG_LENGTH} characters`}` };
  if (tags.length > MAX_TAGS) return { line, message: `has ${tags.length} tags; a contact can have at most ${MAX_TAGS}` };
  row.tags = tags;
  for (const h of header) {
    if (RESERVED.has(h) || EXPORT_ONLY.has(h) || !cell[h]) continue;
    if (cell[h]!.length > MAX_ATTRIBUTE_LENGTH) return { line, message: `${h} is longer than ${MAX_ATTRIBUTE_LENGTH} characters` };
    row.attributes[h] = cell[h]!;
  }
  return row;
}

/**
 * Parses the file. A file that cannot be read as CSV throws CsvFileError (with the line); a line
 * that can be read but not used is an error of its own, and the other lines still import.
 */
export function parseContactsCsv(text: string, options: { defaultCountry?: CountryCode } = {}): { rows: ContactRow[]; errors: LineError[] } {
  let records: Array<{ record: string[]; info: { lines: number } }>;
  try {
    records = parse(text, { info: true, skip_empty_lines: true, relax_column_count: true, trim: false, bom: true }) as unknown as typeof records;
  } catch (err) {
    const e = err as { lines?: number; message?: string; code?: string };
    const reason = e.code === 'CSV_QUOTE_NOT_CLOSED' ? 'a quote is opened and never closed' : (e.message ?? 'unreadable').replace(/^Invalid [^:]*: /, '');
    throw new CsvFileError(e.lines ?? null, `the file cannot be read as CSV${e.lines ? ` at line ${e.lines}` : ''}: ${reason}`);
  }
  if (records.length === 0) throw new CsvFileError(null, 'the file is empty: it needs a header row and at least one contact');
  if (records.length - 1 > MAX_IMPORT_ROWS) throw new CsvFileError(null, `the file has ${records.length - 1} contacts; import at most ${MAX_IMPORT_ROWS} at a time`);
  const header = headerOf(records[0]!.record);
  const rows: ContactRow[] = [];
  const errors: LineError[] = [];
  const seen = new Map<string, number>();
  for (const { record, info } of records.slice(1)) {
    const result = rowOf(info.lines, header, record, options.defaultCountry);
    if ('message' in result) {
      errors.push(result);
      continue;
    }
    const key = `${result.channel}:${result.address}`;
    const first = seen.get(key);
    if (first !== undefined) {
      errors.push({ line: result.line, message: `${result.address} on ${result.channel} is already on line ${first}` });
      continue;
    }
    seen.set(key, result.line);
    rows.push(result);
  }
  return { rows, errors };
}
