// Watching and steering conversations: transcripts, the journal, takeover, agent replies, hand-back.
import { Router } from 'express';
import { ContactModel, ConversationEventModel, ConversationModel, MessageModel } from '../../adapters/mongo/models';
import { ConflictError, NotFoundError, ValidationError } from '../../ports/errors';
import { requirePermission } from '../auth/middleware';
import { param } from '../http/params';
import { parseBody } from '../http/validate-body';
import { audit } from '../services/audit';
import { loadBot, parseObjectId } from '../services/bot-service';
import { conversationEndings, conversationNotices } from '../services/conversation-notices';
import { conversationView, messageView } from '../services/conversation-views';
import type { AppContext } from '../app-context';

const STATUSES = ['active', 'waiting', 'completed', 'failed', 'handoff'];

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function conversationRoutes(ctx: AppContext): Router {
  const router = Router();
  const read = requirePermission('conversations:read');
  const act = requirePermission('conversations:act');

  async function loadConversationDoc(id: string) {
    const conversation = await ConversationModel.findById(parseObjectId(id, 'conversation'), { journalTail: 0 }).lean();
    if (!conversation) throw new NotFoundError(`conversation ${id} not found`);
    return conversation;
  }

  router.get('/bots/:id/conversations', read, async (req, res) => {
    const bot = await loadBot(param(req, 'id'));
    const filter: Record<string, unknown> = { botId: bot._id };
    const status = typeof req.query.status === 'string' ? req.query.status : undefined;
    if (status) {
      if (!STATUSES.includes(status)) throw new ValidationError(`Unknown status "${status}"`, [{ path: '/status', message: `must be one of ${STATUSES.join(', ')}` }]);
      filter.status = status;
    }
    if (typeof req.query.channel === 'string') filter.channel = req.query.channel;
    if (typeof req.query.q === 'string' && req.query.q.trim()) {
      const contacts = await ContactModel.find({ botId: bot._id, address: { $regex: escapeRegex(req.query.q.trim().slice(0, 100)), $options: 'i' } }, { _id: 1 }).limit(200).lean();
      filter.contactId = { $in: contacts.map((c) => c._id) };
    }
    // the runtime's working fields (journal tail, pending effects) are not part of the answer
    const conversations = await ConversationModel.find(filter, { journalTail: 0, pendingEffects: 0 }).sort({ updatedAt: -1 }).limit(200).lean();
    const contacts = await ContactModel.find({ _id: { $in: conversations.map((c) => c.contactId) } }, { address: 1 }).lean();
    const byId = new Map(contacts.map((c) => [c._id.toString(), c]));
    const endings = await conversationEndings(ctx.catalog, conversations);
    res.json(conversations.map((c) => conversationView(c, byId.get(c.contactId.toString()), endings.get(c._id.toString()) ?? null)));
  });

  router.get('/bots/:id/conversations/:contact/messages', read, async (req, res) => {
    const bot = await loadBot(param(req, 'id'));
    const contacts = await ContactModel.find({ botId: bot._id, address: param(req, 'contact') }, { _id: 1 }).lean();
    if (contacts.length === 0) throw new NotFoundError(`no contact ${param(req, 'contact')} on this bot`);
    const messages = await MessageModel.find({ contactId: { $in: contacts.map((c) => c._id) } }).sort({ createdAt: 1, _id: 1 }).limit(2000).lean();
    res.json(messages.map(messageView));
  });

  router.get('/conversations/:id', read, async (req, res) => {
    const conversation = await loadConversationDoc(param(req, 'id'));
    const [contact, endings] = await Promise.all([ContactModel.findById(conversation.contactId, { address: 1 }).lean(), conversationEndings(ctx.catalog, [conversation])]);
    res.json(conversationView(conversation, contact, endings.get(conversation._id.toString()) ?? null));
  });

  // what went wrong, in plain words, placed by journal number and time among the messages and steps
  router.get('/conversations/:id/notices', read, async (req, res) => {
    const conversation = await loadConversationDoc(param(req, 'id'));
    res.json(await conversationNotices(ctx.catalog, conversation));
  });

  router.get('/conversations/:id/messages', read, async (req, res) => {
    const conversation = await loadConversationDoc(param(req, 'id'));
    const messages = await MessageModel.find({ conversationId: conversation._id }).sort({ createdAt: 1, _id: 1 }).limit(2000).lean();
    res.json(messages.map(messageView));
  });

  router.get('/conversations/:id/journal', read, async (req, res) => {
    const conversation = await loadConversationDoc(param(req, 'id'));
    const events = await ConversationEventModel.find({ conversationId: conversation._id }).sort({ seq: 1 }).limit(5000).lean();
    res.json(events.map((e) => ({ seq: e.seq, type: e.type, nodeId: e.nodeId, data: e.data, at: e.at })));
  });

  router.post('/conversations/:id/takeover', act, async (req, res) => {
    const conversation = await loadConversationDoc(param(req, 'id'));
    if (conversation.status === 'completed' || conversation.status === 'failed') throw new ConflictError(`The conversation has ${conversation.status === 'failed' ? 'failed' : 'ended'}; there is nothing to take over`);
    // the runtime is the conversation's one writer: it takes it over in the contact's turn
    await ctx.runner.takeover(conversation._id.toString(), { id: req.user?.id, email: req.user?.email });
    await audit(req, 'conversation.takeover', { type: 'conversation', id: conversation._id.toString() });
    res.json(conversationView(await loadConversationDoc(param(req, 'id'))));
  });

  router.post('/conversations/:id/messages', act, async (req, res) => {
    const body = parseBody('agent-message', req.body);
    const conversation = await loadConversationDoc(param(req, 'id'));
    if (conversation.status !== 'handoff') throw new ConflictError('Take the conversation over before writing to the contact');
    const messageId = await ctx.outbox.send({
      key: `agent:${conversation._id.toString()}:${ctx.newId()}`,
      botId: conversation.botId.toString(),
      contactId: conversation.contactId.toString(),
      conversationId: conversation._id.toString(),
      channel: conversation.channel,
      message: { text: body.text },
      sentBy: 'agent',
    });
    await ctx.journal(conversation._id.toString(), 'agent_message', { agentId: req.user?.id, messageId });
    const message = await MessageModel.findById(messageId).lean();
    res.status(201).json(message ? messageView(message) : { id: messageId });
  });

  router.post('/conversations/:id/handback', act, async (req, res) => {
    const body = parseBody('handback', req.body);
    const conversation = await loadConversationDoc(param(req, 'id'));
    if (conversation.status !== 'handoff') throw new ConflictError('Only a conversation an agent has taken over can be handed back');
    const flow = await ctx.catalog.flowVersion(conversation.flowVersionId.toString());
    if (!flow.nodes.some((n) => n.id === body.nodeId)) {
      throw new ValidationError(`Node "${body.nodeId}" is not in the version this conversation runs`, [{ path: '/nodeId', message: `must be one of: ${flow.nodes.map((n) => n.id).join(', ')}` }]);
    }
    const record = await ctx.runner.handBack(conversation._id.toString(), body.nodeId);
    if (!record) throw new ConflictError('The conversation is no longer with an agent');
    await audit(req, 'conversation.handback', { type: 'conversation', id: conversation._id.toString() }, { nodeId: body.nodeId });
    const after = await loadConversationDoc(param(req, 'id'));
    res.json(conversationView(after));
  });
  return router;
}
