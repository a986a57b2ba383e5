// Staff book, move and cancel appointments from the Appointments screen. The no-double-booking
// rule is the bot's: a confirmed appointment owns the unique slotKey "<resource>:<start>", so of
// any number of concurrent bookings (or moves) onto one slot exactly one wins and the others get
// E11000, answered as 409 with nothing changed.
import type { AppointmentsQuery, CreateAppointmentRequest } from '@botloom/shared';
import type { Types } from 'mongoose';
import { slotKey } from '../../adapters/mongo/booking-service';
import { isDuplicateKeyError } from '../../adapters/mongo/errors';
import { AppointmentModel, ContactModel, ResourceModel } from '../../adapters/mongo/models';
import { formatSlot, type WeeklyHours } from '../../domain/booking/slots';
import { normalizeContactAddress, parseInstant, slotProblem } from '../../domain/booking/staff-booking';
import { ConflictError, NotFoundError, ValidationError } from '../../ports/errors';
import { parseObjectId } from './bot-service';

export const SLOT_TAKEN = 'That time was just taken: pick another free slot';

type ResourceDoc = {
  _id: Types.ObjectId;
  name: string;
  timezone: string;
  slotMinutes: number;
  weeklyHours: unknown;
  minNoticeMinutes?: number | null;
  horizonDays?: number | null;
};
type AppointmentDoc = {
  _id: Types.ObjectId;
  botId: Types.ObjectId;
  resourceId: Types.ObjectId;
  contactId: Types.ObjectId;
  conversationId?: Types.ObjectId | null;
  start: Date;
  end: Date;
  status: string;
  reminderLog?: Record<string, { start: string; outcome: string; at: string; reason?: string }> | null;
};
type ContactDoc = { _id: Types.ObjectId; address: string; channel: string; attributes?: Record<string, unknown> | null; registered?: boolean | null; timezone?: string | null };
type Channel = CreateAppointmentRequest['contact']['channel'];

const bookable = (r: ResourceDoc) => ({
  timezone: r.timezone,
  slotMinutes: r.slotMinutes,
  weeklyHours: r.weeklyHours as WeeklyHours,
  minNoticeMinutes: r.minNoticeMinutes ?? 0,
  horizonDays: r.horizonDays ?? 60,
});

function instant(value: string, path: string): Date {
  const date = parseInstant(value);
  if (!date)
    throw new ValidationError(`${path.slice(1)} "${value}" is not a date and time`, [
      { path, message: 'must be an ISO 8601 date-time with its offset, e.g. 2026-12-03T09:30:00Z' },
    ]);
  return date;
}

function checkSlot(resource: ResourceDoc, now: Date, start: Date): void {
  const problem = slotProblem(bookable(resource), now, start);
  if (problem) throw new ValidationError(`That time ${problem}`, [{ path: '/start', message: problem }]);
}

export function appointmentView(a: AppointmentDoc, contact: ContactDoc | undefined, timezone?: string) {
  return {
    id: a._id.toString(),
    resourceId: a.resourceId.toString(),
    start: a.start.toISOString(),
    end: a.end.toISOString(),
    ...(timezone ? { label: formatSlot(a.start, timezone) } : {}),
    status: a.status,
    contact: contact?.address ?? null,
    contactId: a.contactId.toString(),
    contactName: (contact?.attributes?.name ?? contact?.attributes?.first_name ?? null) as string | null,
    channel: contact?.channel ?? null,
    conversationId: a.conversationId?.toString() ?? null,
    reminders: remindersView(a),
  };
}

/** Each reminder rule's outcome for the appointment's current time: planned (with when), sent or skipped (with why). */
export function remindersView(a: Pick<AppointmentDoc, 'start' | 'reminderLog'>) {
  return Object.entries(a.reminderLog ?? {})
    .filter(([, r]) => r.start === a.start.toISOString())
    .map(([ruleIndex, r]) => ({ ruleIndex: Number(ruleIndex), outcome: r.outcome, at: r.at, ...(r.reason ? { reason: r.reason } : {}) }))
    .sort((x, y) => x.at.localeCompare(y.at));
}

/** The appointment's reminders as planned now (after a booking or a move planned them). */
export async function currentReminders(id: string): Promise<ReturnType<typeof remindersView>> {
  const a = await AppointmentModel.findById(id, { start: 1, reminderLog: 1 }).lean<Pick<AppointmentDoc, 'start' | 'reminderLog'>>();
  return a ? remindersView(a) : [];
}

export async function listAppointments(botId: Types.ObjectId, query: AppointmentsQuery) {
  const filter: Record<string, unknown> = { botId };
  if (query.status) filter.status = query.status;
  if (query.resourceId) filter.resourceId = parseObjectId(query.resourceId, 'calendar');
  const range: Record<string, Date> = {};
  if (query.from) range.$gte = instant(query.from, '/from');
  if (query.to) range.$lt = instant(query.to, '/to');
  if (range.$gte && range.$lt && range.$gte > range.$lt)
    throw new ValidationError('"from" is after "to"', [{ path: '/to', message: 'must not be before from' }]);
  if (range.$gte || range.$lt) filter.start = range;
  const appointments = await AppointmentModel.find(filter).sort({ start: 1 }).limit(1000).lean<AppointmentDoc[]>();
  const contacts = await ContactModel.find(
    { _id: { $in: appointments.map((a) => a.contactId) } },
    { address: 1, channel: 1, attributes: 1 },
  ).lean<ContactDoc[]>();
  const byId = new Map(contacts.map((c) => [c._id.toString(), c]));
  return appointments.map((a) => appointmentView(a, byId.get(a.contactId.toString())));
}

async function loadResourceFor(botId: Types.ObjectId, resourceId: string, path?: string): Promise<ResourceDoc> {
  const resource = await ResourceModel.findOne({ _id: resourceId, botId }).lean<ResourceDoc>();
  if (resource) return resource;
  if (path) throw new ValidationError(`No calendar ${resourceId} in this bot`, [{ path, message: 'is not a calendar of this bot' }]);
  throw new NotFoundError(`calendar ${resourceId} not found`);
}

/** The contact staff typed in, created on first booking (staff may book numbers that never wrote). */
async function findOrCreateContact(botId: Types.ObjectId, input: CreateAppointmentRequest['contact'], now: Date): Promise<ContactDoc> {
  const normalized = normalizeContactAddress(input.channel, input.address);
  if (!normalized.ok)
    throw new ValidationError(`The contact's ${input.channel === 'simulator' ? 'name' : 'phone number'} ${normalized.message}`, [
      { path: '/contact/address', message: normalized.message },
    ]);
  const key = { botId, channel: input.channel, address: normalized.address };
  let contact = await ContactModel.findOne(key, { address: 1, channel: 1, attributes: 1, registered: 1, timezone: 1 }).lean<ContactDoc>();
  if (!contact) {
    try {
      contact = (
        // staff typed the number in: a registered contact (answered when the bot takes registered numbers only)
        await ContactModel.create({ ...key, attributes: input.name?.trim() ? { name: input.name.trim() } : {}, registered: true, registeredAt: now })
      ).toObject() as ContactDoc;
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err;
      contact = await ContactModel.findOne(key, { address: 1, channel: 1, attributes: 1, registered: 1, timezone: 1 }).lean<ContactDoc>();
      if (!contact) throw err;
    }
  }
  if (!contact.registered) await ContactModel.updateOne({ _id: contact._id }, { $set: { registered: true, registeredAt: now } });
  const name = input.name?.trim();
  if (name && contact.attributes?.name !== name) {
    await ContactModel.updateOne({ _id: contact._id }, { $set: { 'attributes.name': name } });
    contact = { ...contact, attributes: { ...contact.attributes, name } };
  }
  return contact;
}

export interface StaffChange {
  appointment: ReturnType<typeof appointmentView>;
  resource: ResourceDoc;
  contactId: string;
  /** The contact's own zone, when known (the message tells the time in it). */
  contactTimezone: string | null;
  channel: Channel;
  previousStart?: Date;
}

export async function bookByStaff(botId: Types.ObjectId, body: CreateAppointmentRequest, now: Date): Promise<StaffChange> {
  const resource = await loadResourceFor(botId, body.resourceId, '/resourceId');
  const start = instant(body.start, '/start');
  checkSlot(resource, now, start);
  const contact = await findOrCreateContact(botId, body.contact, now);
  try {
    const created = await AppointmentModel.create({
      botId,
      resourceId: resource._id,
      contactId: contact._id,
      start,
      end: new Date(start.getTime() + resource.slotMinutes * 60_000),
      status: 'confirmed',
      slotKey: slotKey(resource._id.toString(), start),
    });
    return {
      appointment: appointmentView(created.toObject() as AppointmentDoc, contact, resource.timezone),
      resource,
      contactId: contact._id.toString(),
      contactTimezone: contact.timezone ?? null,
      channel: body.contact.channel,
    };
  } catch (err) {
    if (isDuplicateKeyError(err)) throw new ConflictError(SLOT_TAKEN, { errors: [{ path: '/start', message: 'is already booked' }] });
    throw err;
  }
}

async function loadAppointment(botId: Types.ObjectId, id: string): Promise<AppointmentDoc> {
  const appointment = await AppointmentModel.findOne({ _id: parseObjectId(id, 'appointment'), botId }).lean<AppointmentDoc>();
  if (!appointment) throw new NotFoundError(`appointment ${id} not found`);
  return appointment;
}

async function contactOf(appointment: AppointmentDoc): Promise<ContactDoc> {
  const contact = await ContactModel.findById(appointment.contactId, { address: 1, channel: 1, attributes: 1, timezone: 1 }).lean<ContactDoc>();
  if (!contact) throw new NotFoundError(`the contact of appointment ${appointment._id.toString()} no longer exists`);
  return contact;
}

/** Moves a confirmed appointment to another free slot of its calendar; a taken slot changes nothing. */
export async function moveByStaff(botId: Types.ObjectId, id: string, startText: string, now: Date): Promise<StaffChange> {
  const appointment = await loadAppointment(botId, id);
  const start = instant(startText, '/start');
  if (appointment.status !== 'confirmed') throw new ConflictError('A cancelled appointment cannot be moved; book a new one');
  const resource = await loadResourceFor(botId, appointment.resourceId.toString());
  checkSlot(resource, now, start);
  const contact = await contactOf(appointment);
  let moved: AppointmentDoc | null;
  try {
    // conditional on the old start: two moves of one appointment cannot both apply
    moved = await AppointmentModel.findOneAndUpdate(
      { _id: appointment._id, status: 'confirmed', start: appointment.start },
      // its reminders are planned again for the new time (the old jobs, planned for the old start, do nothing)
      { $set: { start, end: new Date(start.getTime() + resource.slotMinutes * 60_000), slotKey: slotKey(resource._id.toString(), start) }, $unset: { remindersPlanned: 1 } },
      { returnDocument: 'after' },
    ).lean<AppointmentDoc>();
  } catch (err) {
    if (isDuplicateKeyError(err)) throw new ConflictError(SLOT_TAKEN, { errors: [{ path: '/start', message: 'is already booked' }] });
    throw err;
  }
  if (!moved) throw new ConflictError('The appointment changed meanwhile; reload and try again');
  return {
    appointment: appointmentView(moved, contact, resource.timezone),
    resource,
    contactId: contact._id.toString(),
    contactTimezone: contact.timezone ?? null,
    channel: contact.channel as Channel,
    previousStart: appointment.start,
  };
}

export async function cancelByStaff(botId: Types.ObjectId, id: string, now: Date): Promise<StaffChange & { changed: boolean }> {
  const appointment = await loadAppointment(botId, id);
  const resource = await loadResourceFor(botId, appointment.resourceId.toString());
  const contact = await contactOf(appointment);
  const cancelled = await AppointmentModel.findOneAndUpdate(
    { _id: appointment._id, status: 'confirmed' },
    { $set: { status: 'cancelled', slotKey: `cancelled:${id}`, cancelledAt: now } },
    { returnDocument: 'after' },
  ).lean<AppointmentDoc>();
  // cancelling twice is harmless: the second answer is the cancelled appointment, and no second message
  const current = cancelled ?? (await loadAppointment(botId, id));
  return {
    appointment: appointmentView(current, contact, resource.timezone),
    resource,
    contactId: contact._id.toString(),
    contactTimezone: contact.timezone ?? null,
    channel: contact.channel as Channel,
    changed: cancelled !== null,
  };
}
