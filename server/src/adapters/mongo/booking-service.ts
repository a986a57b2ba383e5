// The calendar behind book_appointment. Double booking is impossible by construction: a
// confirmed appointment owns the unique slotKey "<resource>:<start>", so of any number of
// concurrent inserts for one slot exactly one succeeds and the others get E11000.
import { Types } from 'mongoose';
import { formatSlot, isValidSlot, nextFreeSlots, type BookableResource, type WeeklyHours } from '../../domain/booking/slots';
import type { BookingRequest, EffectResult } from '../../engine/types';
import type { BookingContext, BookingPort } from '../../ports/booking';
import { nearestFreeSlots } from '../../domain/booking/nearest-slots';
import { AppointmentModel, ResourceModel } from './models';
import { isDuplicateKeyError } from './errors';

export function slotKey(resourceId: string, start: Date): string {
  return `${resourceId}:${start.toISOString()}`;
}

type ResourceDoc = { _id: Types.ObjectId; timezone: string; slotMinutes: number; weeklyHours: unknown; minNoticeMinutes?: number | null; horizonDays?: number | null };

function toBookable(doc: ResourceDoc): BookableResource {
  return {
    timezone: doc.timezone,
    slotMinutes: doc.slotMinutes,
    weeklyHours: doc.weeklyHours as WeeklyHours,
    minNoticeMinutes: doc.minNoticeMinutes ?? 0,
    horizonDays: doc.horizonDays ?? 60,
  };
}

type AppointmentDoc = { _id: Types.ObjectId; resourceId: Types.ObjectId; start: Date; end: Date; status: string };

function describe(a: AppointmentDoc, timezone: string) {
  return {
    id: a._id.toString(),
    resourceId: a.resourceId.toString(),
    start: a.start.toISOString(),
    end: a.end.toISOString(),
    label: formatSlot({ start: a.start, end: a.end }, timezone),
    status: a.status,
  };
}

export function createBookingService(now: () => Date): BookingPort {
  async function loadResource(botId: string, resourceId: string): Promise<ResourceDoc | null> {
    if (!Types.ObjectId.isValid(resourceId)) return null;
    return ResourceModel.findOne({ _id: resourceId, botId }).lean<ResourceDoc>();
  }

  async function offer(resource: ResourceDoc, count: number, timezone: string, near?: string): Promise<EffectResult> {
    const bookable = toBookable(resource);
    const at = now();
    const horizonEnd = new Date(at.getTime() + (bookable.horizonDays ?? 60) * 86_400_000 + 86_400_000);
    const taken = await AppointmentModel.find({ resourceId: resource._id, status: 'confirmed', start: { $gte: at, $lte: horizonEnd } }, { start: 1 }).lean();
    const preferred = near ? new Date(near) : null;
    const takenStarts = taken.map((t) => t.start);
    // a time the contact asked for: the free slots nearest to it, else the next ones
    const slots = preferred && !Number.isNaN(preferred.getTime()) ? nearestFreeSlots(bookable, at, takenStarts, count, preferred) : nextFreeSlots(bookable, at, takenStarts, count);
    return {
      ok: true,
      data: { slots: slots.map((s) => ({ start: s.start.toISOString(), end: s.end.toISOString(), label: formatSlot(s, timezone) })) },
    };
  }

  async function book(resource: ResourceDoc, req: Extract<BookingRequest, { op: 'book' }>, ctx: BookingContext): Promise<EffectResult> {
    const start = new Date(req.start);
    const timezone = req.timezone ?? ctx.timezone;
    // a retried effect (after a crash) finds the booking it already made
    const existing = await AppointmentModel.findOne({ conversationId: ctx.conversationId, resourceId: resource._id, start, status: 'confirmed' }).lean<AppointmentDoc>();
    if (existing) {
      // the crash may have come between booking the new time and cancelling the old one
      if (req.replaceAppointmentId && req.replaceAppointmentId !== existing._id.toString()) await cancelById(req.replaceAppointmentId, ctx);
      return { ok: true, data: { appointment: describe(existing, timezone) } };
    }
    if (Number.isNaN(start.getTime()) || !isValidSlot(toBookable(resource), now(), start)) return { ok: false, error: 'taken' };
    const end = new Date(start.getTime() + resource.slotMinutes * 60_000);
    try {
      const created = await AppointmentModel.create({
        botId: ctx.botId,
        resourceId: resource._id,
        contactId: ctx.contactId,
        conversationId: ctx.conversationId,
        start,
        end,
        status: 'confirmed',
        slotKey: slotKey(resource._id.toString(), start),
      });
      if (req.replaceAppointmentId) await cancelById(req.replaceAppointmentId, ctx);
      return { ok: true, data: { appointment: describe(created.toObject() as AppointmentDoc, timezone) } };
    } catch (err) {
      if (isDuplicateKeyError(err)) return { ok: false, error: 'taken' };
      throw err;
    }
  }

  async function cancelById(appointmentId: string, ctx: BookingContext): Promise<AppointmentDoc | null> {
    if (!Types.ObjectId.isValid(appointmentId)) return null;
    return AppointmentModel.findOneAndUpdate(
      { _id: appointmentId, botId: ctx.botId, contactId: ctx.contactId, status: 'confirmed' },
      { $set: { status: 'cancelled', slotKey: `cancelled:${appointmentId}`, cancelledAt: now() } },
      { returnDocument: 'after' },
    ).lean<AppointmentDoc>();
  }

  return {
    async handle(req, ctx) {
      const timezone = ('timezone' in req && req.timezone) || ctx.timezone;
      if (req.op === 'cancel') {
        const cancelled = await cancelById(req.appointmentId, ctx);
        return cancelled ? { ok: true, data: { appointment: describe(cancelled, timezone) } } : { ok: false, error: 'no such booking' };
      }
      const resource = await loadResource(ctx.botId, req.resourceId);
      if (!resource) return { ok: false, error: `calendar ${req.resourceId} not found` };
      if (req.op === 'offer') return offer(resource, req.count, timezone, req.near);
      if (req.op === 'book') return book(resource, req, ctx);
      const next = await AppointmentModel.findOne({ resourceId: resource._id, contactId: ctx.contactId, status: 'confirmed', start: { $gte: now() } })
        .sort({ start: 1 })
        .lean<AppointmentDoc>();
      return { ok: true, data: { appointment: next ? describe(next, timezone) : null } };
    },
  };
}
