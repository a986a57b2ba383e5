import { Router } from 'express';
import { importChatBoost, ChatBoostImportError } from '@botloom/shared';
import { BotModel } from '../../adapters/mongo/models';
import { FlowValidationError, ValidationError } from '../../ports/errors';
import { requirePermission } from '../auth/middleware';
import { param } from '../http/params';
import { parseBody } from '../http/validate-body';
import { audit } from '../services/audit';
import { checkTimezone, createBot, deleteBot, duplicateBot, getBot, listBots, loadBot } from '../services/bot-service';
import { publish, rollback, saveDraft } from '../services/flow-service';
import { getVersion, listVersions } from '../services/version-views';
import { listTemplates } from '../services/templates';
import { checkQuietHours, DEFAULT_QUIET_HOURS, QuietHoursError, type QuietHours } from '../../domain/outreach/quiet-hours';
import type { AppContext } from '../app-context';

/** Quiet hours that leave no minute to send in are refused, naming the field. */
function checkQuietHoursField(quiet: QuietHours): void {
  try {
    checkQuietHours(quiet);
  } catch (err) {
    if (err instanceof QuietHoursError) throw new ValidationError(`Quiet hours not valid: ${err.message}`, [{ path: err.path, message: err.message }]);
    throw err;
  }
}

function versionNumber(text: string | undefined): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new ValidationError(`"${text}" is not a version number`, [{ path: '/number', message: 'must be a whole number from 1' }]);
  return n;
}

export function botRoutes(ctx: AppContext): Router {
  const router = Router();
  const read = requirePermission('bots:read');
  const write = requirePermission('bots:write');

  router.get('/templates', read, (_req, res) => {
    res.json(listTemplates().map(({ id, name, description, requires }) => ({ id, name, description, requires })));
  });

  router.get('/bots', read, async (_req, res) => void res.json(await listBots()));

  router.post('/bots', write, async (req, res) => {
    const bot = await createBot(parseBody('create-bot', req.body), req.user?.id);
    await audit(req, 'bot.created', { type: 'bot', id: bot.id }, { name: bot.name });
    res.status(201).json(bot);
  });

  router.get('/bots/:id', read, async (req, res) => void res.json(await getBot(param(req, 'id'))));

  router.patch('/bots/:id', write, async (req, res) => {
    const body = parseBody('update-bot', req.body);
    if (body.timezone) checkTimezone(body.timezone, '/timezone');
    if (body.quietHours) checkQuietHoursField(body.quietHours);
    const bot = await loadBot(param(req, 'id'));
    await BotModel.updateOne({ _id: bot._id }, { $set: body });
    await audit(req, 'bot.updated', { type: 'bot', id: bot._id.toString() }, { fields: Object.keys(body) });
    // reminders are placed by the quiet hours in the contact's zone, else the bot's: plan them again
    const quietChanged = body.quietHours && (body.quietHours.start !== (bot.quietHours?.start ?? DEFAULT_QUIET_HOURS.start) || body.quietHours.end !== (bot.quietHours?.end ?? DEFAULT_QUIET_HOURS.end));
    if (quietChanged || (body.timezone && body.timezone !== bot.timezone)) {
      await ctx.reminders?.replanBot(bot._id.toString()).catch((err: unknown) => ctx.logError('could not plan reminders again (the sweep will)', { botId: bot._id.toString(), error: String(err) }));
    }
    res.json(await getBot(param(req, 'id')));
  });

  router.post('/bots/:id/duplicate', write, async (req, res) => {
    const copy = await duplicateBot(param(req, 'id'), req.user?.id);
    await audit(req, 'bot.duplicated', { type: 'bot', id: copy.id }, { from: param(req, 'id') });
    res.status(201).json(copy);
  });

  router.delete('/bots/:id', write, async (req, res) => {
    await deleteBot(param(req, 'id'));
    await audit(req, 'bot.deleted', { type: 'bot', id: param(req, 'id') });
    res.status(204).end();
  });

  router.put('/bots/:id/flow', write, async (req, res) => {
    await loadBot(param(req, 'id'));
    const body = parseBody('save-flow', req.body);
    res.json(await saveDraft(param(req, 'id'), body, ctx.now()));
  });

  router.post('/bots/:id/flow/import', write, async (req, res) => {
    await loadBot(param(req, 'id'));
    let converted;
    try {
      converted = importChatBoost(req.body);
    } catch (err) {
      if (err instanceof ChatBoostImportError) throw new FlowValidationError('This file is not a flow Botloom can import', err.errors);
      throw err;
    }
    const saved = await saveDraft(param(req, 'id'), converted.flow, ctx.now());
    await audit(req, 'flow.imported', { type: 'bot', id: param(req, 'id') }, { format: 'chatboost', nodes: converted.flow.nodes.length });
    res.json({ ...saved, warnings: converted.warnings });
  });

  router.post('/bots/:id/publish', write, async (req, res) => {
    await loadBot(param(req, 'id'));
    const version = await publish(param(req, 'id'), req.user?.id);
    // nothing changed since the live version: no new version, the live one again (idempotent)
    if (version.unchanged) return void res.status(200).json(version);
    await audit(req, 'flow.published', { type: 'bot', id: param(req, 'id') }, { version: version.version });
    res.status(201).json(version);
  });

  router.get('/bots/:id/versions', read, async (req, res) => {
    await loadBot(param(req, 'id'));
    res.json(await listVersions(param(req, 'id')));
  });

  router.get('/bots/:id/versions/:number', read, async (req, res) => {
    await loadBot(param(req, 'id'));
    res.json(await getVersion(param(req, 'id'), versionNumber(param(req, 'number'))));
  });

  router.post('/bots/:id/versions/:number/rollback', write, async (req, res) => {
    await loadBot(param(req, 'id'));
    const version = await rollback(param(req, 'id'), versionNumber(param(req, 'number')), req.user?.id, ctx.now());
    await audit(req, 'flow.rolled_back', { type: 'bot', id: param(req, 'id') }, { to: version.rolledBackTo, version: version.version });
    res.status(201).json(version);
  });
  return router;
}
