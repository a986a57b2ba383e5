// Contacts: list (filter by tag, channel, consent, registration), add by hand, import a CSV (with a
// dry run for the studio's preview), profile (addresses, attributes, opt-in, bookings, every
// conversation), edit, tags, CSV export.
import express, { Router } from 'express';
import { stringify } from 'csv-stringify/sync';
import { isSupportedCountry, type CountryCode } from 'libphonenumber-js';
import { AppointmentModel, ContactModel, ConversationModel } from '../../adapters/mongo/models';
import { NotFoundError, ValidationError } from '../../ports/errors';
import { requirePermission } from '../auth/middleware';
import { HttpError } from '../http/errors';
import { param } from '../http/params';
import { parseBody, parseQuery } from '../http/validate-body';
import { audit } from '../services/audit';
import { loadBot, parseObjectId } from '../services/bot-service';
import { importContacts } from '../services/contact-import';
import { contactFilter, contactView, createContact, tagCounts, updateContact } from '../services/contact-service';
import { conversationView } from '../services/conversation-views';
import type { AppContext } from '../app-context';

/** A CSV of 50,000 contacts with a few attributes each fits well within this. */
const IMPORT_LIMIT = '20mb';

export function contactRoutes(ctx: AppContext): Router {
  const router = Router();
  const read = requirePermission('conversations:read');
  const act = requirePermission('conversations:act');

  router.get('/bots/:id/contacts', read, async (req, res) => {
    const bot = await loadBot(param(req, 'id'));
    const filter = contactFilter(bot._id, parseQuery('contacts-query', req.query));
    const contacts = await ContactModel.find(filter).sort({ lastInboundAt: -1, createdAt: -1 }).limit(500).lean();
    res.json(contacts.map(contactView));
  });

  router.post('/bots/:id/contacts', act, async (req, res) => {
    const bot = await loadBot(param(req, 'id'));
    const contact = await createContact(bot._id, parseBody('create-contact', req.body), ctx.now());
    await audit(req, 'contact.created', { type: 'contact', id: contact.id }, { channel: contact.channel, tags: contact.tags });
    res.status(201).json(contact);
  });

  router.get('/bots/:id/contacts/tags', read, async (req, res) => {
    const bot = await loadBot(param(req, 'id'));
    res.json(await tagCounts(bot._id));
  });

  router.post('/bots/:id/contacts/import', act, express.text({ type: ['text/csv', 'text/plain', 'application/csv'], limit: IMPORT_LIMIT }), async (req, res) => {
    const bot = await loadBot(param(req, 'id'));
    const query = parseQuery('contacts-import-query', req.query);
    if (query.country && !isSupportedCountry(query.country)) throw new ValidationError(`“${query.country}” is not a country code`, [{ path: '/country', message: 'is not a known ISO 3166 country code' }]);
    if (typeof req.body !== 'string') throw new HttpError(415, 'Send the file itself as the body, with Content-Type: text/csv');
    const dryRun = query.dryRun === 'true';
    const summary = await importContacts(bot._id, req.body, { dryRun, country: query.country as CountryCode | undefined, now: ctx.now() });
    if (!dryRun) await audit(req, 'contacts.imported', { type: 'bot', id: bot._id.toString() }, { created: summary.created, updated: summary.updated, skipped: summary.skipped });
    res.json(summary);
  });

  router.get('/bots/:id/contacts.csv', read, async (req, res) => {
    const bot = await loadBot(param(req, 'id'));
    const contacts = await ContactModel.find(contactFilter(bot._id, parseQuery('contacts-query', req.query))).sort({ createdAt: 1 }).limit(100_000).lean();
    const attributeKeys = [...new Set(contacts.flatMap((c) => Object.keys(c.attributes ?? {})))].sort();
    const rows = contacts.map((c) => {
      const view = contactView(c);
      const attrs = view.attributes as Record<string, unknown>;
      return [
        view.id,
        view.channel,
        view.address,
        view.tags.join(';'),
        view.timezone ?? '',
        view.optedOut ? 'opted_out' : 'opted_in',
        view.registered ? 'yes' : 'no',
        view.lastInboundAt?.toISOString() ?? '',
        ...attributeKeys.map((k) => (typeof attrs[k] === 'object' ? JSON.stringify(attrs[k]) : String(attrs[k] ?? ''))),
      ];
    });
    // the columns the import reads (it reads past id, registered and last_message_at): an export imports back
    // a leading =, +, - or @ would be read as a formula by spreadsheets: csv-stringify escapes it
    const csv = stringify([['id', 'channel', 'address', 'tags', 'timezone', 'consent', 'registered', 'last_message_at', ...attributeKeys], ...rows], { escape_formulas: true });
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

  router.patch('/contacts/:contactId', act, async (req, res) => {
    const body = parseBody('update-contact', req.body);
    const contact = await ContactModel.findById(parseObjectId(param(req, 'contactId'), 'contact')).lean();
    if (!contact) throw new NotFoundError(`contact ${param(req, 'contactId')} not found`);
    const changed = await updateContact(contact, body, ctx.now());
    await audit(req, 'contact.updated', { type: 'contact', id: contact._id.toString() }, { attributes: Object.keys(body.attributes ?? {}), timezone: body.timezone !== undefined, tags: body.tags, registered: body.registered, consent: body.consent });
    // reminders go by the contact's zone (quiet hours, the time they read): plan them again
    if (changed.timezoneChanged) await ctx.reminders?.replanContact(contact._id.toString()).catch((err: unknown) => ctx.logError('could not plan reminders again', { contactId: contact._id.toString(), error: String(err) }));
    res.json(contactView((await ContactModel.findById(contact._id).lean())!));
  });
  return router;
}
