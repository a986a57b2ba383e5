// The simulator is a channel like any other: the message goes through the same inbox, runtime and
// engine as an SMS would. It answers with what the bot sent before it next waits.
import { Router } from 'express';
import { validateFlowSetForPublish } from '@botloom/shared';
import { ContactModel, ConversationModel, MessageModel } from '../../adapters/mongo/models';
import { FlowValidationError, ValidationError } from '../../ports/errors';
import { requirePermission } from '../auth/middleware';
import { param } from '../http/params';
import { parseBody } from '../http/validate-body';
import { checkTimezone, loadBot } from '../services/bot-service';
import { conversationNotices } from '../services/conversation-notices';
import { mainFlow } from '../services/flow-service';
import { draftFlowsOf } from '../services/version-content';
import type { AppContext } from '../app-context';

export function simulatorRoutes(ctx: AppContext): Router {
  const router = Router();

  router.post('/bots/:id/simulator/messages', requirePermission('simulator:use'), async (req, res) => {
    const bot = await loadBot(param(req, 'id'));
    const body = parseBody('simulator-message', req.body);
    const source = body.version ?? 'draft';
    const flow = await mainFlow(bot._id.toString());
    if (source === 'draft') {
      // the simulator runs every flow's draft, linked as publishing would link them
      const checked = validateFlowSetForPublish(await draftFlowsOf(bot._id));
      if (checked.errors.length > 0) throw new FlowValidationError('Fix the problems in the flow before trying it in the simulator', checked.errors);
    } else if (!flow.publishedVersionId) {
      throw new ValidationError('This bot has not been published yet', [{ path: '/version', message: 'there is no published version' }]);
    }
    const contact = typeof body.contact === 'string' ? { id: body.contact } : body.contact;
    if (contact.timezone) checkTimezone(contact.timezone, '/contact/timezone');
    if (body.restart) {
      const existing = await ContactModel.findOne({ botId: bot._id, channel: 'simulator', address: contact.id }, { activeConversationId: 1 }).lean();
      if (existing?.activeConversationId) await ctx.runner.end(existing.activeConversationId.toString(), 'restarted in the simulator');
    }
    const attributes = contact.attributes as Record<string, unknown> | undefined;
    const receipt = await ctx.runner.receive({ botId: bot._id.toString(), channel: 'simulator', address: contact.id, text: body.text, flowSource: source, profile: attributes, attributes, timezone: contact.timezone });
    await ctx.runner.processUntil(receipt.contactId, receipt.messageId);
    const [inbound, replies] = await Promise.all([
      MessageModel.findById(receipt.messageId, { conversationId: 1 }).lean(),
      MessageModel.find({ inReplyTo: receipt.messageId, direction: 'out' }).sort({ createdAt: 1, _id: 1 }).lean(),
    ]);
    const conversation = inbound?.conversationId ? await ConversationModel.findById(inbound.conversationId).lean() : null;
    // what went wrong while this message was answered is told with the replies
    const notices = conversation ? await conversationNotices(ctx.catalog, conversation, receipt.messageId) : [];
    res.json({
      notices: notices.map(({ nodeId, kind, message }) => ({ nodeId, kind, message })),
      replies: replies.map((m) => ({ text: m.text, nodeId: m.nodeId, ...(m.choices?.length ? { choices: m.choices } : {}), ...(m.mediaUrl ? { mediaUrl: m.mediaUrl } : {}) })),
      conversation: conversation
        ? { id: conversation._id.toString(), status: conversation.status, nodeId: conversation.nodeId, state: conversation.vars, endReason: conversation.endReason }
        : null,
    });
  });
  return router;
}
