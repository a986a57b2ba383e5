// Contacts: list, profile (addresses, attributes, opt-in, bookings, every conversation), edit, CSV.
import { Router } from 'express';
import { stringify } from 'csv-stringify/sync';
import { AppointmentModel, ContactModel, ConversationModel } from '../../adapters/mongo/models';
import { NotFoundError, ValidationError } from '../../ports/errors';
import { requirePermission } from '../auth/middleware';
import { param } from '../http/params';
import { parseBody } from '../http/validate-body';
import { audit } from '../services/audit';
import { checkTimezone, loadBot, parseObjectId } from '../services/bot-service';
import { conversationView } from '../services/conversation-views';

type ContactLike = {
  _id: { toString(): string };
  botId: { toString(): string };
  channel: string;
  address: string;
  attributes?: Record<string, unknown> | null;
  timezone?: string | null;
  optedOut?: boolean | null;
  lastInboundAt?: Date | null;
  createdAt?: Date;
};

const contactView = (c: ContactLike) => ({
  id: c._id.toString(),
  botId: c.botId.toString(),
  channel: c.channel,
  address: c.address,
  attributes: c.attributes ?? {},
  timezone: c.timezone ?? null,
  optedOut: c.optedOut ?? false,
  lastInboundAt: c.lastInboundAt ?? null,
  createdAt: c.createdAt,
});

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function contactRoutes(): Router {
  const router = Router();
  const read = requirePermission('conversations:read');

  async function contactFilter(botIdParam: string, query: Record<string, unknown>) {
    const bot = await loadBot(botIdParam);
    const filter: Record<string, unknown> = { botId: bot._id };
    if (typeof query.channel === 'string') filter.channel = query.channel;
    if (query.optedOut === 'true' || query.optedOut === 'false') filter.optedOut = query.optedOut === 'true';
    if (typeof query.q === 'string' && query.q.trim()) filter.address = { $regex: escapeRegex(query.q.trim().slice(0, 100)), $options: 'i' };
    return filter;
  }

  router.get('/bots/:id/contacts', read, async (req, res) => {
    const contacts = await ContactModel.find(await contactFilter(param(req, 'id'), req.query)).sort({ lastInboundAt: -1 }).limit(500).lean();
    res.json(contacts.map(contactView));
  });

  router.get('/bots/:id/contacts.csv', read, async (req, res) => {
    const contacts = await ContactModel.find(await contactFilter(param(req, 'id'), req.query)).sort({ createdAt: 1 }).limit(100_000).lean();
    const attributeKeys = [...new Set(contacts.flatMap((c) => Object.keys(c.attributes ?? {})))].sort();
    const rows = contacts.map((c) => {
      const view = contactView(c);
      const attrs = view.attributes as Record<string, unknown>;
      return [view.id, view.channel, view.address, view.timezone ?? '', view.optedOut ? 'yes' : 'no', view.lastInboundAt?.toISOString() ?? '', ...attributeKeys.map((k) => (typeof attrs[k] === 'object' ? JSON.stringify(attrs[k]) : String(attrs[k] ?? '')))];
    });
    // a leading =, +, - or @ would be read as a formula by spreadsheets: csv-stringify escapes it
    const csv = stringify([['id', 'channel', 'address', 'timezone', 'opted_out', 'last_message_at', ...attributeKeys], ...rows], { escape_formulas: true });
    res.type('text/csv').attachment('contacts.csv').send(csv);
  });

  router.get('/contacts/:contactId', read, async (req, res) => {
    const contact = await ContactModel.findById(parseObjectId(param(req, 'contactId'), 'contact')).lean();
    if (!contact) throw new NotFoundError(`contact ${param(req, 'contactId')} not found`);
    const [conversations, appointments] = await Promise.all([
      ConversationModel.find({ contactId: contact._id }).sort({ createdAt: -1 }).limit(200).lean(),
      AppointmentModel.find({ contactId: contact._id }).sort({ start: -1 }).limit(200).lean(),
    ]);
    res.json({
      ...contactView(contact),
      conversations: conversations.map((c) => conversationView(c, contact)),
      appointments: appointments.map((a) => ({ id: a._id.toString(), resourceId: a.resourceId.toString(), start: a.start.toISOString(), end: a.end.toISOString(), status: a.status })),
    });
  });

  router.patch('/contacts/:contactId', requirePermission('conversations:act'), async (req, res) => {
    const body = parseBody('update-contact', req.body);
    const contact = await ContactModel.findById(parseObjectId(param(req, 'contactId'), 'contact')).lean();
    if (!contact) throw new NotFoundError(`contact ${param(req, 'contactId')} not found`);
    if (body.timezone) checkTimezone(body.timezone, '/timezone');
    const $set: Record<string, unknown> = {};
    const $unset: Record<string, 1> = {};
    for (const [key, value] of Object.entries(body.attributes ?? {})) {
      if (value === null) $unset[`attributes.${key}`] = 1;
      else $set[`attributes.${key}`] = value;
    }
    if (body.timezone !== undefined) $set.timezone = body.timezone;
    if (Object.keys($set).length === 0 && Object.keys($unset).length === 0) throw new ValidationError('Nothing to change', [{ path: '/', message: 'give attributes or timezone' }]);
    await ContactModel.updateOne({ _id: contact._id }, { ...(Object.keys($set).length ? { $set } : {}), ...(Object.keys($unset).length ? { $unset } : {}) });
    await audit(req, 'contact.updated', { type: 'contact', id: contact._id.toString() }, { attributes: Object.keys(body.attributes ?? {}), timezone: body.timezone !== undefined });
    res.json(contactView((await ContactModel.findById(contact._id).lean())!));
  });
  return router;
}
