// The bot's language model: its own key and model (sealed, masked, audited), "Try a sentence"
// for the AI steps' panels, and the tokens the AI steps used.
import { Router } from 'express';
import { BotModel } from '../../adapters/mongo/models';
import { mask } from '../../adapters/crypto/secret-box';
import { DEFAULT_OPENAI_MODEL, LOCAL_MODEL_NAME } from '../../adapters/ai/ai-gateway';
import { DEFAULT_INTENT_THRESHOLD, type NamedAiPort } from '../../ports/ai';
import { ValidationError } from '../../ports/errors';
import { requirePermission } from '../auth/middleware';
import { HttpError } from '../http/errors';
import { param } from '../http/params';
import { parseBody, parseQuery } from '../http/validate-body';
import { audit } from '../services/audit';
import { aiUsage } from '../services/ai-usage';
import { checkTimezone, loadBot } from '../services/bot-service';
import type { AppContext } from '../app-context';

type StoredAi = { model?: string | null; apiKeyEnc?: string | null; updatedAt?: Date | null } | null | undefined;
/** The studio's tries get the same time limit a step has by default. */
const TRY_TIMEOUT_MS = 10_000;

export function aiRoutes(ctx: AppContext): Router {
  const router = Router();

  function settingsView(stored: StoredAi) {
    const env = ctx.config.openai;
    const ownKey = stored?.apiKeyEnc ? ctx.secrets.open(stored.apiKeyEnc) : '';
    const keySource = ownKey ? 'bot' : env.apiKey ? 'environment' : 'none';
    return {
      provider: keySource === 'none' ? 'local' : 'openai',
      model: keySource === 'none' ? LOCAL_MODEL_NAME : stored?.model || env.model || DEFAULT_OPENAI_MODEL,
      keySource,
      apiKey: ownKey ? mask(ownKey) : null,
      botModel: stored?.model ?? '',
      baseUrl: env.baseUrl ?? null,
      updatedAt: stored?.updatedAt ?? null,
    };
  }

  async function portFor(botId: string, which: 'configured' | 'local' | undefined): Promise<NamedAiPort> {
    return which === 'local' ? ctx.ai.local() : ctx.ai.forBot(botId);
  }

  /** A failed try says why in a 502, as the step's failure way would: the studio shows it. */
  async function attempt<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (err) {
      throw new HttpError(502, `The AI model did not answer: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  router.get('/bots/:id/ai', requirePermission('bots:read'), async (req, res) => {
    const bot = await loadBot(param(req, 'id'));
    res.json(settingsView(bot.ai));
  });

  router.put('/bots/:id/ai', requirePermission('channels:write'), async (req, res) => {
    const bot = await loadBot(param(req, 'id'));
    const body = parseBody('ai-settings', req.body);
    const ai = {
      model: body.model ?? bot.ai?.model ?? '',
      apiKeyEnc: body.apiKey !== undefined ? ctx.secrets.seal(body.apiKey) : (bot.ai?.apiKeyEnc ?? ''),
      updatedAt: ctx.now(),
    };
    await BotModel.updateOne({ _id: bot._id }, { $set: { ai } });
    ctx.bots.forget(bot._id.toString());
    await audit(req, 'bot.ai.updated', { type: 'bot', id: bot._id.toString() }, { model: ai.model, apiKeyChanged: body.apiKey !== undefined });
    res.json(settingsView(ai));
  });

  router.delete('/bots/:id/ai', requirePermission('channels:write'), async (req, res) => {
    const bot = await loadBot(param(req, 'id'));
    await BotModel.updateOne({ _id: bot._id }, { $unset: { ai: 1 } });
    ctx.bots.forget(bot._id.toString());
    await audit(req, 'bot.ai.removed', { type: 'bot', id: bot._id.toString() });
    res.status(204).end();
  });

  router.post('/bots/:id/ai/try-intent', requirePermission('bots:write'), async (req, res) => {
    const bot = await loadBot(param(req, 'id'));
    const body = parseBody('ai-try-intent', req.body);
    const timezone = body.timezone ?? bot.timezone ?? 'UTC';
    if (body.timezone) checkTimezone(body.timezone, '/timezone');
    const names = body.intents.map((i) => i.name);
    const twice = names.find((name, i) => names.indexOf(name) !== i);
    if (twice) throw new ValidationError(`Two intents are called "${twice}"`, [{ path: `/intents/${names.lastIndexOf(twice)}/name`, message: 'is used by another intent' }]);
    const port = await portFor(bot._id.toString(), body.model);
    const intents = body.intents.map((i) => ({ name: i.name, examples: i.examples.filter((e) => e.trim() !== '') }));
    const result = await attempt(() =>
      port.classifyIntent({ text: body.text, intents, threshold: body.threshold ?? DEFAULT_INTENT_THRESHOLD, timezone, now: ctx.now(), timeoutMs: TRY_TIMEOUT_MS }),
    );
    res.json({ ...result, intent: result.intent ?? 'unknown', timezone, provider: port.info.provider, model: port.info.model });
  });

  router.post('/bots/:id/ai/try-reply', requirePermission('bots:write'), async (req, res) => {
    const bot = await loadBot(param(req, 'id'));
    const body = parseBody('ai-try-reply', req.body);
    const port = await portFor(bot._id.toString(), body.model);
    const result = await attempt(() =>
      port.reply({ instructions: body.instructions, knowledge: body.knowledge, history: [], message: body.message, fallback: body.fallback, timeoutMs: TRY_TIMEOUT_MS }),
    );
    res.json({ ...result, provider: port.info.provider, model: port.info.model });
  });

  router.get('/bots/:id/analytics/ai', requirePermission('conversations:read'), async (req, res) => {
    const bot = await loadBot(param(req, 'id'));
    const query = parseQuery('ai-usage-query', req.query);
    const days = Number(query.days ?? 30);
    const today = new Date(Date.UTC(ctx.now().getUTCFullYear(), ctx.now().getUTCMonth(), ctx.now().getUTCDate()));
    const since = new Date(today.getTime() - (days - 1) * 86_400_000);
    res.json({ days, since, ...(await aiUsage(bot._id, since)) });
  });

  return router;
}
