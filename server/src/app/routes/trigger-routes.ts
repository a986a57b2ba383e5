// Triggers of a bot: create, list, read, change (including on/off), delete; try a text against the
// keyword triggers; read a trigger's log and its counts per day. Firing is the runtime's job.
import { Router, type Request } from 'express';
import type { CreateTriggerRequest } from '@botloom/shared';
import { FlowModel } from '../../adapters/mongo/models';
import { classifyConsent } from '../../domain/consent/classify-consent';
import { decideKeywordTrigger, judgeKeywordTrigger, type KeywordTrigger } from '../../domain/triggers/keyword-match';
import { nextRuns } from '../../domain/triggers/schedule-plan';
import { triggerFieldsFrom, withoutOtherKinds } from '../../domain/triggers/trigger-rules';
import { NotFoundError, ValidationError } from '../../ports/errors';
import type { TriggerRecord } from '../../ports/trigger-store';
import { requirePermission } from '../auth/middleware';
import { param } from '../http/params';
import { parseBody, parseQuery } from '../http/validate-body';
import { audit } from '../services/audit';
import { loadBot, parseObjectId } from '../services/bot-service';
import type { AppContext } from '../app-context';

const DAY_MS = 86_400_000;

function asKeywordTrigger(t: TriggerRecord): KeywordTrigger {
  return { id: t.id, name: t.name, active: t.active, priority: t.priority, keywords: t.keywords ?? [], match: t.match ?? 'exact', caseSensitive: t.caseSensitive ?? false, createdAt: t.createdAt };
}

/** What the API answers for a trigger: the stored fields, plus the next runs of a schedule. */
function triggerView(t: TriggerRecord, now: Date) {
  const view: Record<string, unknown> = { ...t };
  if (t.type === 'schedule' && t.schedule && t.active) view.upcoming = nextRuns(t.schedule, now, 3).map((d) => d.toISOString());
  return view;
}

export function triggerRoutes(ctx: AppContext): Router {
  const router = Router();
  const read = requirePermission('bots:read');
  const write = requirePermission('bots:write');
  const store = ctx.triggers;

  /** The bot's id, checked: a trigger route for a bot that does not exist is a 404. */
  async function botOf(req: Request): Promise<string> {
    return (await loadBot(param(req, 'id')))._id.toString();
  }

  async function triggerOf(req: Request, botId: string): Promise<TriggerRecord> {
    const id = param(req, 'triggerId');
    parseObjectId(id, 'trigger');
    const trigger = await store.get(botId, id);
    if (!trigger) throw new NotFoundError(`trigger ${id} not found`);
    return trigger;
  }

  /** Validates a whole trigger (schema, rules, its flow in this bot); throws a 422 naming each field. */
  async function checked(botId: string, input: unknown) {
    const body = parseBody('create-trigger', input);
    const result = triggerFieldsFrom(body, ctx.now());
    const problems = 'problems' in result ? [...result.problems] : [];
    const flow = await FlowModel.exists({ _id: body.flowId, botId });
    if (!flow) problems.unshift({ path: '/flowId', message: 'is not a flow of this bot' });
    if ('problems' in result || problems.length) throw new ValidationError(`The trigger is not valid: ${problems.map((p) => `${p.path} ${p.message}`).join('; ')}`, problems);
    return result.fields;
  }

  router.get('/bots/:id/triggers', read, async (req, res) => {
    const botId = await botOf(req);
    res.json((await store.list(botId)).map((t) => triggerView(t, ctx.now())));
  });

  router.post('/bots/:id/triggers', write, async (req, res) => {
    const botId = await botOf(req);
    const fields = await checked(botId, req.body);
    const created = await store.create(botId, fields, ctx.now());
    await audit(req, 'trigger.create', { type: 'trigger', id: created.id }, { botId, name: created.name, type: created.type });
    res.status(201).json(triggerView(created, ctx.now()));
  });

  // a bot-wide test: which keyword trigger would this text fire, and why
  router.post('/bots/:id/triggers/test', read, async (req, res) => {
    const botId = await botOf(req);
    const { text } = parseBody('trigger-test', req.body);
    const consent = classifyConsent(text, { optedOut: false });
    const keywordTriggers = (await store.list(botId)).filter((t) => t.type === 'keyword').map(asKeywordTrigger);
    if (consent?.kind === 'opt_out') {
      res.json({ matched: false, reason: `“${text}” unsubscribes the contact: consent is handled before any trigger`, verdicts: [] });
      return;
    }
    const decision = decideKeywordTrigger(keywordTriggers, text);
    res.json({ matched: decision.winner !== null, trigger: decision.winner, reason: decision.winner?.reason ?? 'no keyword trigger matches this message', verdicts: decision.verdicts });
  });

  router.get('/bots/:id/triggers/:triggerId', read, async (req, res) => {
    const botId = await botOf(req);
    res.json(triggerView(await triggerOf(req, botId), ctx.now()));
  });

  router.patch('/bots/:id/triggers/:triggerId', write, async (req, res) => {
    const botId = await botOf(req);
    const existing = await triggerOf(req, botId);
    const patch = parseBody('update-trigger', req.body);
    const type = patch.type ?? existing.type;
    // the merged trigger is checked as a whole; a change of kind leaves the old kind's fields behind
    const { id: _id, botId: _bot, createdAt: _c, updatedAt: _u, nextRunAt: _n, ...stored } = existing;
    const merged = withoutOtherKinds({ ...withoutOtherKinds(stored, type), ...patch }, type) as CreateTriggerRequest;
    const fields = await checked(botId, merged);
    const updated = await store.replace(botId, existing.id, fields, ctx.now());
    if (!updated) throw new NotFoundError(`trigger ${existing.id} not found`);
    await audit(req, 'trigger.update', { type: 'trigger', id: updated.id }, { botId, changed: Object.keys(patch) });
    res.json(triggerView(updated, ctx.now()));
  });

  router.delete('/bots/:id/triggers/:triggerId', write, async (req, res) => {
    const botId = await botOf(req);
    const existing = await triggerOf(req, botId);
    await store.remove(botId, existing.id);
    await audit(req, 'trigger.delete', { type: 'trigger', id: existing.id }, { botId, name: existing.name });
    res.status(204).end();
  });

  // one trigger's test: would this text fire it, and would it win against the bot's others
  router.post('/bots/:id/triggers/:triggerId/test', read, async (req, res) => {
    const botId = await botOf(req);
    const trigger = await triggerOf(req, botId);
    const { text } = parseBody('trigger-test', req.body);
    if (trigger.type !== 'keyword') {
      const what = trigger.type === 'event' ? `the ${trigger.event} event` : 'its schedule';
      res.json({ matched: false, reason: `a ${trigger.type} trigger fires on ${what}, not on a message`, fires: false });
      return;
    }
    if (classifyConsent(text, { optedOut: false })?.kind === 'opt_out') {
      res.json({ matched: false, fires: false, reason: `“${text}” unsubscribes the contact: consent is handled before any trigger` });
      return;
    }
    const verdict = judgeKeywordTrigger(asKeywordTrigger(trigger), text);
    const decision = decideKeywordTrigger((await store.list(botId)).filter((t) => t.type === 'keyword').map(asKeywordTrigger), text);
    const fires = decision.winner?.triggerId === trigger.id;
    const reason = verdict.matched && !fires && decision.winner ? `${verdict.reason}, but “${decision.winner.name}” comes first` : verdict.reason;
    res.json({ matched: verdict.matched, fires, keyword: verdict.keyword, reason, winner: decision.winner });
  });

  router.get('/bots/:id/triggers/:triggerId/logs', read, async (req, res) => {
    const botId = await botOf(req);
    const trigger = await triggerOf(req, botId);
    const query = parseQuery('trigger-logs-query', req.query);
    res.json(await store.logs(botId, trigger.id, Number(query.limit ?? 100)));
  });

  router.get('/bots/:id/triggers/:triggerId/stats', read, async (req, res) => {
    const botId = await botOf(req);
    const trigger = await triggerOf(req, botId);
    const query = parseQuery('trigger-stats-query', req.query);
    const days = Number(query.days ?? 30);
    const today = new Date(Math.floor(ctx.now().getTime() / DAY_MS) * DAY_MS);
    const since = new Date(today.getTime() - (days - 1) * DAY_MS);
    const counts = new Map((await store.countsPerDay(botId, trigger.id, since)).map((c) => [c.day, c]));
    // every day of the span, zeros included, so a chart needs no gaps filled
    const perDay = Array.from({ length: days }, (_, i) => {
      const day = new Date(since.getTime() + i * DAY_MS).toISOString().slice(0, 10);
      return counts.get(day) ?? { day, fired: 0, skipped: 0, failed: 0 };
    });
    res.json({ days: perDay, total: perDay.reduce((t, d) => ({ fired: t.fired + d.fired, skipped: t.skipped + d.skipped, failed: t.failed + d.failed }), { fired: 0, skipped: 0, failed: 0 }) });
  });

  return router;
}
