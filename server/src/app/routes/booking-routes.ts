import { Router } from 'express';
import type { Types } from 'mongoose';
import { AppointmentModel, FlowModel, ResourceModel } from '../../adapters/mongo/models';
import { formatSlot, nextFreeSlots, validateWeeklyHours, type WeeklyHours } from '../../domain/booking/slots';
import { NotFoundError, ValidationError } from '../../ports/errors';
import { requirePermission } from '../auth/middleware';
import { param } from '../http/params';
import { parseBody, parseQuery } from '../http/validate-body';
import { notifyAppointmentChange } from '../services/appointment-notice';
import { bookByStaff, cancelByStaff, currentReminders, listAppointments, moveByStaff, type StaffChange } from '../services/appointment-service';
import { parseInstant, type AppointmentChange } from '../../domain/booking/staff-booking';
import { audit } from '../services/audit';
import { checkTimezone, loadBot, parseObjectId } from '../services/bot-service';
import type { ResourceRequest } from '@botloom/shared';
import type { AppContext } from '../app-context';

type ResourceLike = {
  _id: { toString(): string };
  name: string;
  timezone: string;
  slotMinutes: number;
  weeklyHours: unknown;
  minNoticeMinutes?: number | null;
  horizonDays?: number | null;
  reminders?: unknown;
  replyFlowId?: { toString(): string } | string | null;
};

const resourceView = (r: ResourceLike) => ({
  id: r._id.toString(),
  name: r.name,
  timezone: r.timezone,
  slotMinutes: r.slotMinutes,
  weeklyHours: r.weeklyHours,
  minNoticeMinutes: r.minNoticeMinutes ?? 0,
  horizonDays: r.horizonDays ?? 60,
  reminders: (r.reminders as ResourceRequest['reminders']) ?? [],
  replyFlowId: r.replyFlowId ? r.replyFlowId.toString() : null,
});

/** A reply flow must be a flow of this bot. */
async function checkReplyFlow(botId: Types.ObjectId, replyFlowId: string | null | undefined): Promise<void> {
  if (!replyFlowId) return;
  if (!(await FlowModel.exists({ _id: replyFlowId, botId }))) throw new ValidationError('The reply flow is not a flow of this bot', [{ path: '/replyFlowId', message: 'is not a flow of this bot' }]);
}

const sameReminders = (a: unknown, b: unknown) => JSON.stringify(a ?? []) === JSON.stringify(b ?? []);

const pointerToken = (key: string) => key.replace(/~/g, '~0').replace(/\//g, '~1');

/**
 * Turns one of validateWeeklyHours' "/<day>[/<i>[/<j>]]: message" lines into a JSON pointer under
 * /weeklyHours and its message. The day is matched against the keys actually sent (longest first),
 * because a key may itself hold "/" or ":"; it is then escaped as a pointer token.
 */
function weeklyHoursIssue(problem: string, keys: string[]): { path: string; message: string } {
  for (const key of [...keys].sort((a, b) => b.length - a.length)) {
    if (!problem.startsWith(`/${key}`)) continue;
    const rest = /^((?:\/\d+){0,2}): (.*)$/s.exec(problem.slice(key.length + 1));
    if (rest) return { path: `/weeklyHours/${pointerToken(key)}${rest[1]}`, message: rest[2]! };
  }
  const colon = problem.indexOf(': ');
  return { path: '/weeklyHours', message: colon >= 0 ? problem.slice(colon + 2) : problem };
}

function checkResource(body: ResourceRequest): void {
  checkTimezone(body.timezone, '/timezone');
  const problems = validateWeeklyHours(body.weeklyHours);
  if (problems.length > 0) {
    const keys = Object.keys(body.weeklyHours);
    throw new ValidationError(`The opening hours are not valid: ${problems.join('; ')}`, problems.map((p) => weeklyHoursIssue(p, keys)));
  }
}

const MAX_SPAN_SLOTS = 500;

function queryInstant(value: string | undefined, path: string): Date | undefined {
  if (value === undefined) return undefined;
  const date = parseInstant(value);
  if (!date) throw new ValidationError(`The query is not valid: ${path} is not a date`, [{ path, message: 'must be an ISO 8601 date or date-time with its offset' }]);
  return date;
}

export function bookingRoutes(ctx: AppContext): Router {
  const router = Router();
  const read = requirePermission('bots:read');
  const write = requirePermission('bots:write');
  const manage = requirePermission('appointments:manage');

  async function loadResource(botId: string, id: string) {
    const resource = await ResourceModel.findOne({ _id: parseObjectId(id, 'calendar'), botId }).lean();
    if (!resource) throw new NotFoundError(`calendar ${id} not found`);
    return resource;
  }

  router.get('/bots/:id/resources', read, async (req, res) => {
    const bot = await loadBot(param(req, 'id'));
    res.json((await ResourceModel.find({ botId: bot._id }).sort({ createdAt: 1 }).lean()).map(resourceView));
  });

  router.post('/bots/:id/resources', write, async (req, res) => {
    const bot = await loadBot(param(req, 'id'));
    const body = parseBody('resource', req.body);
    checkResource(body);
    await checkReplyFlow(bot._id, body.replyFlowId);
    const resource = await ResourceModel.create({ ...body, botId: bot._id });
    await audit(req, 'resource.created', { type: 'resource', id: resource._id.toString() }, { name: body.name });
    res.status(201).json(resourceView(resource.toObject()));
  });

  router.put('/bots/:id/resources/:resourceId', write, async (req, res) => {
    const bot = await loadBot(param(req, 'id'));
    const resource = await loadResource(bot._id.toString(), param(req, 'resourceId'));
    const body = parseBody('resource', req.body);
    checkResource(body);
    await checkReplyFlow(bot._id, body.replyFlowId);
    // new reminder rules make every job planned under the old ones stale: they are planned again
    const remindersChanged = body.reminders !== undefined && !sameReminders(body.reminders, resource.reminders);
    const { replyFlowId, ...fields } = body;
    await ResourceModel.updateOne(
      { _id: resource._id },
      { $set: { ...fields, ...(replyFlowId ? { replyFlowId } : {}) }, ...(replyFlowId === null ? { $unset: { replyFlowId: 1 } } : {}), ...(remindersChanged ? { $inc: { remindersRev: 1 } } : {}) },
    );
    await audit(req, 'resource.updated', { type: 'resource', id: resource._id.toString() }, remindersChanged ? { reminders: body.reminders?.length } : undefined);
    if (remindersChanged) await ctx.reminders?.replanResource(resource._id.toString()).catch((err: unknown) => ctx.logError('could not plan reminders again (the sweep will)', { resourceId: resource._id.toString(), error: String(err) }));
    res.json(resourceView({ ...resource, ...fields, ...(replyFlowId !== undefined ? { replyFlowId } : {}) }));
  });

  router.delete('/bots/:id/resources/:resourceId', write, async (req, res) => {
    const bot = await loadBot(param(req, 'id'));
    const resource = await loadResource(bot._id.toString(), param(req, 'resourceId'));
    await ResourceModel.deleteOne({ _id: resource._id });
    await audit(req, 'resource.deleted', { type: 'resource', id: resource._id.toString() });
    res.status(204).end();
  });

  /** The next `count` free slots (default 5, at most 50), or with `from`/`to` every free slot in that span (at most 500). */
  router.get('/bots/:id/resources/:resourceId/slots', read, async (req, res) => {
    const bot = await loadBot(param(req, 'id'));
    const resource = await loadResource(bot._id.toString(), param(req, 'resourceId'));
    const query = parseQuery('slots-query', req.query);
    const span = query.from || query.to ? { from: queryInstant(query.from, '/from'), to: queryInstant(query.to, '/to') } : null;
    const count = span ? MAX_SPAN_SLOTS : Math.min(Math.max(Number(query.count) || 5, 1), 50);
    const now = ctx.now();
    const bookable = { timezone: resource.timezone, slotMinutes: resource.slotMinutes, weeklyHours: resource.weeklyHours as WeeklyHours, minNoticeMinutes: resource.minNoticeMinutes ?? 0, horizonDays: resource.horizonDays ?? 60 };
    const taken = await AppointmentModel.find({ resourceId: resource._id, status: 'confirmed', start: { $gte: span?.from && span.from > now ? span.from : now } }, { start: 1 }).lean();
    // slots are counted from now (notice and horizon are relative to it), then cut to the span
    let slots = nextFreeSlots(bookable, now, taken.map((t) => t.start), span ? Number.MAX_SAFE_INTEGER : count);
    if (span) slots = slots.filter((s) => (!span.from || s.start >= span.from) && (!span.to || s.start < span.to)).slice(0, MAX_SPAN_SLOTS);
    res.json(slots.map((s) => ({ start: s.start.toISOString(), end: s.end.toISOString(), label: formatSlot(s, resource.timezone) })));
  });

  router.get('/bots/:id/appointments', read, async (req, res) => {
    const bot = await loadBot(param(req, 'id'));
    res.json(await listAppointments(bot._id, parseQuery('appointments-query', req.query)));
  });

  router.post('/bots/:id/appointments', manage, async (req, res) => {
    const bot = await loadBot(param(req, 'id'));
    const body = parseBody('create-appointment', req.body);
    const booked = await bookByStaff(bot._id, body, ctx.now());
    await audit(req, 'appointment.booked', { type: 'appointment', id: booked.appointment.id }, { resourceId: body.resourceId, start: booked.appointment.start });
    await tellContact(bot._id.toString(), 'booked', booked);
    await planReminders(booked.appointment.id);
    await fireTriggers(booked, 'appointment_booked');
    res.status(201).json({ ...booked.appointment, reminders: await currentReminders(booked.appointment.id) });
  });

  router.patch('/bots/:id/appointments/:appointmentId', manage, async (req, res) => {
    const bot = await loadBot(param(req, 'id'));
    const body = parseBody('update-appointment', req.body);
    const id = param(req, 'appointmentId');
    if (body.start !== undefined) {
      const moved = await moveByStaff(bot._id, id, body.start, ctx.now());
      await audit(req, 'appointment.moved', { type: 'appointment', id }, { from: moved.previousStart?.toISOString(), to: moved.appointment.start });
      await tellContact(bot._id.toString(), 'moved', moved);
      await planReminders(id);
      return void res.json({ ...moved.appointment, reminders: await currentReminders(id) });
    }
    const cancelled = await cancelByStaff(bot._id, id, ctx.now());
    if (cancelled.changed) {
      await audit(req, 'appointment.cancelled', { type: 'appointment', id });
      await tellContact(bot._id.toString(), 'cancelled', cancelled);
      await ctx.reminders?.cancelFor(id).catch((err: unknown) => ctx.logError('could not remove a cancelled appointment\'s reminder jobs (they do nothing when they run)', { appointmentId: id, error: String(err) }));
      await fireTriggers(cancelled, 'appointment_cancelled');
    }
    res.json(cancelled.appointment);
  });

  /** Plans the appointment's reminders; a failure is logged (the reminders sweep plans what is missing). */
  async function planReminders(appointmentId: string): Promise<void> {
    await ctx.reminders?.planFor(appointmentId).catch((err: unknown) => ctx.logError('could not plan reminders (the sweep will)', { appointmentId, error: String(err) }));
  }

  /** An appointment_booked / appointment_cancelled trigger may start its flow (logged as skipped while the contact is in a conversation). */
  async function fireTriggers(done: StaffChange, event: 'appointment_booked' | 'appointment_cancelled'): Promise<void> {
    try {
      await ctx.runner.fireEvent(done.contactId, event, `${event}:${done.appointment.id}`);
    } catch (err) {
      ctx.log('an appointment trigger failed', { appointmentId: done.appointment.id, event, error: err instanceof Error ? err.message : String(err) });
    }
  }

  /** The change is made whatever happens to the message; a failed notice is logged, not answered as an error. */
  async function tellContact(botId: string, change: AppointmentChange, done: StaffChange): Promise<void> {
    try {
      await notifyAppointmentChange(ctx.outbox, {
        change,
        botId,
        contactId: done.contactId,
        channel: done.channel,
        appointmentId: done.appointment.id,
        calendar: { name: done.resource.name, timezone: done.resource.timezone },
        contactTimezone: done.contactTimezone,
        start: new Date(done.appointment.start),
        previousStart: done.previousStart,
      });
    } catch (err) {
      ctx.logError('could not tell the contact about an appointment change', { appointmentId: done.appointment.id, error: err instanceof Error ? err.message : String(err) });
    }
  }
  return router;
}
