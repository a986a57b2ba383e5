// Contacts staff manage: the view every answer uses, adding one by hand, editing one (attributes,
// time zone, tags, registration, consent) and the list's filter. Contacts that write in are made by
// the runtime (ports/contact-store.ts); these are the ones staff add before they write.
import type { ContactsQuery, CreateContactRequest, UpdateContactRequest } from '@botloom/shared';
import type { Types } from 'mongoose';
import { isDuplicateKeyError } from '../../adapters/mongo/errors';
import { ContactModel } from '../../adapters/mongo/models';
import { normalisePhone, uniqueTags } from '../../domain/contacts/contact-csv';
import { ConflictError, ValidationError } from '../../ports/errors';
import { checkTimezone } from './bot-service';

export type ContactLike = {
  _id: { toString(): string };
  botId: { toString(): string };
  channel: string;
  address: string;
  attributes?: Record<string, unknown> | null;
  timezone?: string | null;
  optedOut?: boolean | null;
  lastInboundAt?: Date | null;
  createdAt?: Date;
  tags?: string[] | null;
  registered?: boolean | null;
  registeredAt?: Date | null;
  refusedAt?: Date | null;
  consentChangedAt?: Date | null;
  consentByStaffAt?: Date | null;
};

/** Whether the contact's opt-out is one staff recorded (which staff may undo), not one the contact sent. */
export function optOutByStaff(c: Pick<ContactLike, 'optedOut' | 'consentChangedAt' | 'consentByStaffAt'>): boolean {
  return c.optedOut === true && !!c.consentByStaffAt && (!c.consentChangedAt || c.consentByStaffAt.getTime() >= c.consentChangedAt.getTime());
}

export const contactView = (c: ContactLike) => ({
  id: c._id.toString(),
  botId: c.botId.toString(),
  channel: c.channel,
  address: c.address,
  attributes: c.attributes ?? {},
  timezone: c.timezone ?? null,
  optedOut: c.optedOut ?? false,
  /** Who recorded the opt-out: the contact (STOP) or staff. */
  optedOutBy: c.optedOut ? (optOutByStaff(c) ? 'staff' : 'contact') : null,
  tags: c.tags ?? [],
  registered: c.registered ?? false,
  /** When an unregistered contact was told the bot answers registered numbers only. */
  refusedAt: c.refusedAt ?? null,
  lastInboundAt: c.lastInboundAt ?? null,
  createdAt: c.createdAt,
});

export const OPTED_OUT_BY_CONTACT = 'The contact opted out themselves (by message); only they can opt back in, by writing START';

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function contactFilter(botId: Types.ObjectId, query: ContactsQuery): Record<string, unknown> {
  const filter: Record<string, unknown> = { botId };
  if (query.channel) filter.channel = query.channel;
  if (query.optedOut) filter.optedOut = query.optedOut === 'true';
  if (query.registered) filter.registered = query.registered === 'true' ? true : { $ne: true };
  if (query.tag) filter.tags = query.tag;
  if (query.q?.trim()) filter.address = { $regex: escapeRegex(query.q.trim()), $options: 'i' };
  return filter;
}

/** The bot's tags with how many contacts carry each, most used first. */
export async function tagCounts(botId: Types.ObjectId): Promise<Array<{ tag: string; count: number }>> {
  const rows = await ContactModel.aggregate<{ _id: string; count: number }>([
    { $match: { botId, tags: { $exists: true } } },
    { $unwind: '$tags' },
    { $group: { _id: '$tags', count: { $sum: 1 } } },
  ]);
  return rows.map((r) => ({ tag: r._id, count: r.count })).sort((a, b) => b.count - a.count || a.tag.localeCompare(b.tag));
}

function phoneOrThrow(address: string): string {
  const normalised = normalisePhone(address);
  if (!normalised)
    throw new ValidationError(`“${address}” is not a valid phone number`, [{ path: '/address', message: 'is not a valid phone number: write it in international form, e.g. +447700900123' }]);
  return normalised;
}

/**
 * Adds a contact by hand. A number already a contact on that channel is not changed: 409 names it
 * (with its id), so the person adding it can open it rather than overwrite it unknowingly. An
 * import, by contrast, updates contacts it finds (that is what re-importing a file is for).
 */
export async function createContact(botId: Types.ObjectId, body: CreateContactRequest, now: Date) {
  const address = phoneOrThrow(body.address);
  if (body.timezone) checkTimezone(body.timezone, '/timezone');
  const key = { botId, channel: body.channel, address };
  const existing = await ContactModel.findOne(key).lean();
  if (existing) throw duplicate(existing);
  const optedOut = body.consent === 'opted_out';
  try {
    const created = await ContactModel.create({
      ...key,
      attributes: body.attributes ?? {},
      ...(body.timezone ? { timezone: body.timezone } : {}),
      tags: uniqueTags(body.tags ?? []),
      optedOut,
      ...(body.consent ? { consentChangedAt: now, consentByStaffAt: now } : {}),
      registered: true,
      registeredAt: now,
      processedSeq: 0,
    });
    return contactView(created.toObject());
  } catch (err) {
    if (!isDuplicateKeyError(err)) throw err;
    const raced = await ContactModel.findOne(key).lean();
    throw raced ? duplicate(raced) : err;
  }
}

function duplicate(existing: ContactLike): ConflictError {
  const channel = existing.channel === 'whatsapp' ? 'WhatsApp' : existing.channel.toUpperCase();
  return new ConflictError(`${existing.address} is already a contact on ${channel}`, { contact: contactView(existing), errors: [{ path: '/address', message: 'is already a contact on this channel' }] });
}

/** Applies staff's changes; answers what changed that reminders care about. */
export async function updateContact(contact: ContactLike, body: UpdateContactRequest, now: Date): Promise<{ timezoneChanged: boolean }> {
  if (body.timezone) checkTimezone(body.timezone, '/timezone');
  const $set: Record<string, unknown> = {};
  const $unset: Record<string, 1> = {};
  for (const [key, value] of Object.entries(body.attributes ?? {})) {
    if (value === null) $unset[`attributes.${key}`] = 1;
    else $set[`attributes.${key}`] = value;
  }
  if (body.timezone !== undefined) $set.timezone = body.timezone;
  if (body.tags !== undefined) $set.tags = uniqueTags(body.tags);
  if (body.registered !== undefined) {
    $set.registered = body.registered;
    if (body.registered && !contact.registered) $set.registeredAt = now;
  }
  const filter: Record<string, unknown> = { _id: contact._id };
  if (body.consent === 'opted_out' && !contact.optedOut) Object.assign($set, { optedOut: true, consentChangedAt: now, consentByStaffAt: now });
  if (body.consent === 'opted_in' && contact.optedOut) {
    if (!optOutByStaff(contact)) throw new ConflictError(OPTED_OUT_BY_CONTACT, { errors: [{ path: '/consent', message: 'the contact opted out themselves' }] });
    Object.assign($set, { optedOut: false, consentChangedAt: now, consentByStaffAt: now });
    // a STOP arriving meanwhile wins: the change applies only to the opt-out staff saw
    filter.consentChangedAt = contact.consentChangedAt ?? null;
  }
  const update = { ...(Object.keys($set).length ? { $set } : {}), ...(Object.keys($unset).length ? { $unset } : {}) };
  if (Object.keys(update).length > 0) {
    const result = await ContactModel.updateOne(filter, update);
    if (result.matchedCount === 0) throw new ConflictError(OPTED_OUT_BY_CONTACT, { errors: [{ path: '/consent', message: 'the contact opted out themselves meanwhile' }] });
  }
  return { timezoneChanged: body.timezone !== undefined && body.timezone !== (contact.timezone ?? undefined) };
}
