import { Router } from 'express';
import { AppointmentModel, ContactModel, ResourceModel } from '../../adapters/mongo/models';
import { formatSlot, nextFreeSlots, validateWeeklyHours, type WeeklyHours } from '../../domain/booking/slots';
import { NotFoundError, ValidationError } from '../../ports/errors';
import { requirePermission } from '../auth/middleware';
import { param } from '../http/params';
import { parseBody } from '../http/validate-body';
import { audit } from '../services/audit';
import { checkTimezone, loadBot, parseObjectId } from '../services/bot-service';
import type { ResourceRequest } from '@botloom/shared';
import type { AppContext } from '../app-context';

type ResourceLike = { _id: { toString(): string }; name: string; timezone: string; slotMinutes: number; weeklyHours: unknown; minNoticeMinutes?: number | null; horizonDays?: number | null };

const resourceView = (r: ResourceLike) => ({
  id: r._id.toString(),
  name: r.name,
  timezone: r.timezone,
  slotMinutes: r.slotMinutes,
  weeklyHours: r.weeklyHours,
  minNoticeMinutes: r.minNoticeMinutes ?? 0,
  horizonDays: r.horizonDays ?? 60,
});

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

export function bookingRoutes(ctx: AppContext): Router {
  const router = Router();
  const read = requirePermission('bots:read');
  const write = requirePermission('bots:write');

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
    const resource = await ResourceModel.create({ ...body, botId: bot._id });
    await audit(req, 'resource.created', { type: 'resource', id: resource._id.toString() }, { name: body.name });
    res.status(201).json(resourceView(resource.toObject()));
  });

  router.put('/bots/:id/resources/:resourceId', write, async (req, res) => {
    const bot = await loadBot(param(req, 'id'));
    const resource = await loadResource(bot._id.toString(), param(req, 'resourceId'));
    const body = parseBody('resource', req.body);
    checkResource(body);
    await ResourceModel.updateOne({ _id: resource._id }, { $set: body });
    await audit(req, 'resource.updated', { type: 'resource', id: resource._id.toString() });
    res.json(resourceView({ ...resource, ...body }));
  });

  router.delete('/bots/:id/resources/:resourceId', write, async (req, res) => {
    const bot = await loadBot(param(req, 'id'));
    const resource = await loadResource(bot._id.toString(), param(req, 'resourceId'));
    await ResourceModel.deleteOne({ _id: resource._id });
    await audit(req, 'resource.deleted', { type: 'resource', id: resource._id.toString() });
    res.status(204).end();
  });

  router.get('/bots/:id/resources/:resourceId/slots', read, async (req, res) => {
    const bot = await loadBot(param(req, 'id'));
    const resource = await loadResource(bot._id.toString(), param(req, 'resourceId'));
    const count = Math.min(Math.max(Number(req.query.count) || 5, 1), 50);
    const now = ctx.now();
    const taken = await AppointmentModel.find({ resourceId: resource._id, status: 'confirmed', start: { $gte: now } }, { start: 1 }).lean();
    const slots = nextFreeSlots(
      { timezone: resource.timezone, slotMinutes: resource.slotMinutes, weeklyHours: resource.weeklyHours as WeeklyHours, minNoticeMinutes: resource.minNoticeMinutes ?? 0, horizonDays: resource.horizonDays ?? 60 },
      now,
      taken.map((t) => t.start),
      count,
    );
    res.json(slots.map((s) => ({ start: s.start.toISOString(), end: s.end.toISOString(), label: formatSlot(s, resource.timezone) })));
  });

  router.get('/bots/:id/appointments', read, async (req, res) => {
    const bot = await loadBot(param(req, 'id'));
    const filter: Record<string, unknown> = { botId: bot._id };
    if (req.query.status === 'confirmed' || req.query.status === 'cancelled') filter.status = req.query.status;
    const appointments = await AppointmentModel.find(filter).sort({ start: 1 }).limit(1000).lean();
    const contacts = await ContactModel.find({ _id: { $in: appointments.map((a) => a.contactId) } }, { address: 1, attributes: 1 }).lean();
    const byId = new Map(contacts.map((c) => [c._id.toString(), c]));
    res.json(
      appointments.map((a) => ({
        id: a._id.toString(),
        resourceId: a.resourceId.toString(),
        start: a.start.toISOString(),
        end: a.end.toISOString(),
        status: a.status,
        contact: byId.get(a.contactId.toString())?.address ?? null,
        contactId: a.contactId.toString(),
        conversationId: a.conversationId?.toString() ?? null,
      })),
    );
  });
  return router;
}
