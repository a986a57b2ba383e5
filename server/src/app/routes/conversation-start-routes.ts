// The bot writes first (`POST /api/bots/:id/conversations`), and a conversation is cancelled from
// outside (`POST /api/conversations/:id/cancel`). Both go through the runtime (the conversation's one
// writer), are journaled there and audited here.
import { Router } from 'express';
import { ConversationModel, FlowModel } from '../../adapters/mongo/models';
import { normalisePhone } from '../../domain/contacts/contact-csv';
import { NotFoundError, ValidationError } from '../../ports/errors';
import { requirePermission } from '../auth/middleware';
import { param } from '../http/params';
import { parseBody } from '../http/validate-body';
import { audit } from '../services/audit';
import { loadBot, parseObjectId } from '../services/bot-service';
import type { AppContext } from '../app-context';

type BotDoc = NonNullable<Awaited<ReturnType<typeof loadBot>>>;

/** Why the bot cannot write on this channel, or null when it can. */
function channelProblem(bot: BotDoc, channel: 'sms' | 'whatsapp'): string | null {
  const channels = (bot as unknown as { channels?: { twilio?: { from?: string | null; whatsappFrom?: string | null }; whatsapp?: unknown } }).channels;
  if (channel === 'sms') return channels?.twilio?.from ? null : 'the bot has no SMS number connected (Channels: Twilio)';
  return channels?.twilio?.whatsappFrom || channels?.whatsapp ? null : 'the bot has no WhatsApp number connected (Channels)';
}

export function conversationStartRoutes(ctx: AppContext): Router {
  const router = Router();

  router.post('/bots/:id/conversations', requirePermission('conversations:act'), async (req, res) => {
    const body = parseBody('start-conversation', req.body);
    const bot = await loadBot(param(req, 'id'));
    const problems: Array<{ path: string; message: string }> = [];
    const address = normalisePhone(body.contact.address);
    if (!address) problems.push({ path: '/contact/address', message: `“${body.contact.address}” is not a phone number (write it with its + country code, e.g. +14155550100)` });
    const channelIssue = channelProblem(bot, body.contact.channel);
    if (channelIssue) problems.push({ path: '/contact/channel', message: channelIssue });
    if (body.flowId && !(await FlowModel.exists({ _id: body.flowId, botId: bot._id }))) problems.push({ path: '/flowId', message: 'is not a flow of this bot' });
    if (problems.length > 0) throw new ValidationError(`The conversation cannot start: ${problems.map((p) => `${p.path} ${p.message}`).join('; ')}`, problems);

    const by = req.user?.apiKey ? `the API key “${req.user.apiKey.name}”` : (req.user?.email ?? 'the API');
    const result = await ctx.runner.start(
      { botId: bot._id.toString(), channel: body.contact.channel, address: address! },
      { flowId: body.flowId, vars: body.vars, force: body.force, origin: { kind: 'api', by } },
    );
    await audit(req, 'conversation.started', { type: 'conversation', id: result.conversationId }, { botId: bot._id.toString(), contact: address, channel: body.contact.channel, flowId: body.flowId ?? null, forced: body.force === true, contactCreated: result.contactCreated });
    res.status(201).json({ conversationId: result.conversationId, contactId: result.contactId, contactCreated: result.contactCreated, status: result.record.state.status });
  });

  router.post('/conversations/:id/cancel', requirePermission('conversations:act'), async (req, res) => {
    const body = parseBody('cancel-conversation', req.body ?? {});
    const id = parseObjectId(param(req, 'id'), 'conversation');
    const exists = await ConversationModel.exists({ _id: id });
    if (!exists) throw new NotFoundError(`conversation ${param(req, 'id')} not found`);
    const by = req.user?.apiKey ? `the API key “${req.user.apiKey.name}”` : (req.user?.email ?? 'staff');
    const record = await ctx.runner.cancel(id.toString(), body.reason ? `${by} (${body.reason})` : by);
    await audit(req, 'conversation.cancelled', { type: 'conversation', id: id.toString() }, { botId: record.botId, ...(body.reason ? { reason: body.reason } : {}) });
    res.json({ conversationId: record.id, status: record.state.status, endReason: record.state.endReason ?? null });
  });

  return router;
}
