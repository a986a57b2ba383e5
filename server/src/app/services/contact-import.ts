// Imports a contacts CSV into a bot. Two kinds of trouble, kept apart:
// - the FILE is broken (it cannot be read as CSV, e.g. a quote never closed, which swallows every
//   line after it; no header row or no address/channel column; a column name that cannot be a
//   field; empty; over 50,000 rows): 422 naming the line, and nothing is imported;
// - a LINE cannot be used (not a phone number, unknown channel or time zone, wrong number of
//   values, a number already earlier in the file...): that line is skipped and reported with its
//   number; every other line is imported.
// A dry run answers the same summary (and a preview of each line's outcome) without writing: the
// studio shows it before the person commits. No duplicates: contacts are unique per bot, channel and
// E.164 number, so a re-import (or a number already known from a message) updates the contact.
import { Types, type AnyBulkWriteOperation } from 'mongoose';
import { ContactModel } from '../../adapters/mongo/models';
import { CsvFileError, parseContactsCsv, type ContactRow, type LineError } from '../../domain/contacts/contact-csv';
import { HttpError } from '../http/errors';
import { OPTED_OUT_BY_CONTACT, optOutByStaff, type ContactLike } from './contact-service';
import type { CountryCode } from 'libphonenumber-js';

export type LineAction = 'create' | 'update' | 'unchanged';

export interface ImportSummary {
  dryRun: boolean;
  created: number;
  updated: number;
  /** Lines whose contact already holds exactly what the file says. */
  unchanged: number;
  /** Lines not imported (each has an entry in `errors`). */
  skipped: number;
  errors: LineError[];
  /** Lines imported with a part left as it was (a contact's own opt-out is never undone by a file). */
  warnings: LineError[];
  /** The first lines' outcomes (dry runs only): what the preview shows. */
  preview?: Array<{ line: number; action: LineAction; address: string; channel: string; tags: string[]; attributes: Record<string, string>; timezone?: string; consent?: string }>;
}

const CHUNK = 500;
const PREVIEW_LINES = 200;

type Existing = ContactLike & { _id: Types.ObjectId };

interface Planned {
  row: ContactRow;
  action: LineAction;
  ops: AnyBulkWriteOperation[];
  warning?: string;
}

function sameTags(a: readonly string[] | null | undefined, b: readonly string[]): boolean {
  return (a ?? []).length === b.length && (a ?? []).every((t, i) => t === b[i]);
}

function planRow(botId: Types.ObjectId, row: ContactRow, existing: Existing | undefined, now: Date): Planned {
  if (!existing) {
    const doc = {
      _id: new Types.ObjectId(),
      botId,
      channel: row.channel,
      address: row.address,
      attributes: row.attributes,
      tags: row.tags,
      ...(row.timezone ? { timezone: row.timezone } : {}),
      optedOut: row.consent === 'opted_out',
      ...(row.consent ? { consentChangedAt: now, consentByStaffAt: now } : {}),
      registered: true,
      registeredAt: now,
      messageSeq: 0,
      processedSeq: 0,
      createdAt: now,
      updatedAt: now,
    };
    return { row, action: 'create', ops: [{ insertOne: { document: doc } }] };
  }
  // an empty cell leaves the contact's value as it was; a tags cell replaces the contact's tags
  const $set: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row.attributes)) if (existing.attributes?.[k] !== v) $set[`attributes.${k}`] = v;
  if (row.tags.length > 0 && !sameTags(existing.tags, row.tags)) $set.tags = row.tags;
  if (row.timezone && row.timezone !== existing.timezone) $set.timezone = row.timezone;
  if (!existing.registered) Object.assign($set, { registered: true, registeredAt: now });
  const ops: AnyBulkWriteOperation[] = [];
  let warning: string | undefined;
  if (row.consent === 'opted_out' && !existing.optedOut) Object.assign($set, { optedOut: true, consentChangedAt: now, consentByStaffAt: now });
  if (row.consent === 'opted_in' && existing.optedOut) {
    if (optOutByStaff(existing)) {
      // conditional on the opt-out staff saw: a STOP arriving meanwhile wins
      ops.push({ updateOne: { filter: { _id: existing._id, optedOut: true, consentChangedAt: existing.consentChangedAt ?? null }, update: { $set: { optedOut: false, consentChangedAt: now, consentByStaffAt: now } } } });
    } else warning = `consent kept as opted out: ${OPTED_OUT_BY_CONTACT.charAt(0).toLowerCase()}${OPTED_OUT_BY_CONTACT.slice(1)}`;
  }
  if (Object.keys($set).length > 0) ops.unshift({ updateOne: { filter: { _id: existing._id }, update: { $set: { ...$set, updatedAt: now } } } });
  return { row, action: ops.length > 0 ? 'update' : 'unchanged', ops, warning };
}

async function findExisting(botId: Types.ObjectId, rows: ContactRow[]): Promise<Map<string, Existing>> {
  const found = await ContactModel.find(
    { botId, address: { $in: [...new Set(rows.map((r) => r.address))] } },
    { channel: 1, address: 1, attributes: 1, tags: 1, timezone: 1, optedOut: 1, registered: 1, consentChangedAt: 1, consentByStaffAt: 1, botId: 1 },
  ).lean<Existing[]>();
  return new Map(found.map((c) => [`${c.channel}:${c.address}`, c]));
}

/**
 * Writes one chunk. A contact created meanwhile (its first message arrived between the lookup and
 * the insert) makes its insert fail on the unique index: that line is planned again as an update.
 */
async function write(botId: Types.ObjectId, planned: Planned[], now: Date): Promise<void> {
  const ops = planned.flatMap((p) => p.ops);
  if (ops.length === 0) return;
  try {
    await ContactModel.bulkWrite(ops, { ordered: false });
  } catch (err) {
    const writeErrors = (err as { writeErrors?: Array<{ code?: number; index?: number; err?: { code?: number; index?: number } }> }).writeErrors;
    if (!writeErrors || writeErrors.some((e) => (e.code ?? e.err?.code) !== 11000)) throw err;
    const failed = new Set(writeErrors.map((e) => e.index ?? e.err?.index));
    const racedRows = planned.filter((p) => p.action === 'create' && failed.has(ops.indexOf(p.ops[0]!))).map((p) => p.row);
    const existing = await findExisting(botId, racedRows);
    const again = racedRows.map((row) => planRow(botId, row, existing.get(`${row.channel}:${row.address}`), now)).flatMap((p) => p.ops);
    if (again.length > 0) await ContactModel.bulkWrite(again, { ordered: false });
  }
}

export async function importContacts(botId: Types.ObjectId, csv: string, options: { dryRun: boolean; country?: CountryCode; now: Date }): Promise<ImportSummary> {
  let parsed: ReturnType<typeof parseContactsCsv>;
  try {
    parsed = parseContactsCsv(csv, { defaultCountry: options.country });
  } catch (err) {
    if (!(err instanceof CsvFileError)) throw err;
    throw new HttpError(422, `Nothing was imported: ${err.message}`, { errors: [{ path: '/', ...(err.line ? { line: err.line } : {}), message: err.message }] });
  }
  const summary: ImportSummary = { dryRun: options.dryRun, created: 0, updated: 0, unchanged: 0, skipped: parsed.errors.length, errors: parsed.errors, warnings: [], ...(options.dryRun ? { preview: [] } : {}) };
  for (let i = 0; i < parsed.rows.length; i += CHUNK) {
    const rows = parsed.rows.slice(i, i + CHUNK);
    const existing = await findExisting(botId, rows);
    const planned = rows.map((row) => planRow(botId, row, existing.get(`${row.channel}:${row.address}`), options.now));
    for (const p of planned) {
      summary[p.action === 'create' ? 'created' : p.action === 'update' ? 'updated' : 'unchanged'] += 1;
      if (p.warning) summary.warnings.push({ line: p.row.line, message: p.warning });
      if (summary.preview && summary.preview.length < PREVIEW_LINES) {
        const { line, address, channel, tags, attributes, timezone, consent } = p.row;
        summary.preview.push({ line, action: p.action, address, channel, tags, attributes, ...(timezone ? { timezone } : {}), ...(consent ? { consent } : {}) });
      }
    }
    if (!options.dryRun) await write(botId, planned, options.now);
  }
  return summary;
}
