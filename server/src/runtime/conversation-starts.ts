// The bot writes first: a conversation started by the API, a trigger or a campaign, and the ways a
// live conversation ends from outside (cancelled, replaced by a forced start, interrupted by a
// keyword trigger). Everything here runs in the contact's turn (the runner queues it), so nothing
// else of this process touches the contact meanwhile; across processes the conversation store's
// start key and one-live-conversation rule decide.
import type { InboundMessage } from '../engine/types';
import type { ContactRecord } from '../ports/contact-store';
import type { ConversationOrigin, ConversationRecord } from '../ports/conversation-store';
import { ConflictError, ValidationError } from '../ports/errors';
import type { LivePort } from '../ports/live';
import type { SchedulerPort } from '../ports/scheduler';
import type { Stores } from '../ports/stores';
import type { Conversations } from './conversations';
import { newObjectId } from './object-id';
import type { Stepper } from './steps';

export interface StartRequest {
  flowId?: string;
  vars?: Record<string, unknown>;
  /** End the contact's live conversation instead of refusing (409). */
  force?: boolean;
  origin: ConversationOrigin;
  /**
   * Makes the start idempotent: a second start with the same key answers the first conversation (a
   * campaign's or a schedule's run for one contact). Absent: every call starts its own.
   */
  startKey?: string;
  /** The inbound message that set it off (a keyword trigger): it is the conversation's first message. */
  message?: InboundMessage & { seq: number };
  source?: ConversationRecord['source'];
}

export interface StartResult {
  conversationId: string;
  /** False when the start key had started it already (nothing new happened). */
  started: boolean;
  record: ConversationRecord;
}

export const ended = (r: ConversationRecord) => r.state.status === 'completed' || r.state.status === 'failed';

interface StartDeps {
  stores: Stores;
  conversations: Conversations;
  stepper: Stepper;
  scheduler: SchedulerPort;
  live: LivePort;
  now(): Date;
}

export function createConversationStarts(deps: StartDeps) {
  const { stores, conversations } = deps;

  /**
   * Ends a live conversation from outside the flow: its timers are cancelled, the reason journaled,
   * the contact freed. A webhook or calendar answer still on its way finds it ended and is ignored.
   */
  async function endFromOutside(record: ConversationRecord, reason: string, data: Record<string, unknown>): Promise<ConversationRecord> {
    const wait = record.state.wait;
    for (const token of [wait?.token, wait?.timeoutToken]) if (token) await deps.scheduler.cancelTimer({ conversationId: record.id, token });
    const at = deps.now();
    const entry = { conversationId: record.id, botId: record.botId, flowVersionId: record.flowVersionId, seq: record.journalSeq + 1, type: 'ended', nodeId: record.state.nodeId ?? undefined, data: { status: 'completed', nodeId: record.state.nodeId, reason, ...data }, at };
    const after = await conversations.write(record, { state: { ...record.state, status: 'completed', wait: null, endReason: reason }, pendingEffects: [], endedAt: at, journal: [entry] }, at);
    await stores.contacts.setActiveConversation(record.contactId, null, record.id);
    deps.live.publish({ type: 'conversation.updated', botId: after.botId, conversationId: after.id, contactId: after.contactId, status: after.state.status, nodeId: after.state.nodeId, updatedAt: at.toISOString() });
    return after;
  }

  /**
   * Starts a conversation for the contact. `live` is the contact's live conversation as the caller
   * found it (settled), if any: refused (409) unless `force`, which ends it first.
   */
  async function start(contact: ContactRecord, live: ConversationRecord | null, req: StartRequest): Promise<StartResult> {
    if (req.startKey) {
      const earlier = await stores.conversations.findByStartKey(req.startKey);
      if (earlier) return { conversationId: earlier.id, started: false, record: earlier };
    }
    if (contact.optedOut) throw new ValidationError('The contact has opted out of messages on this channel: the bot cannot write to them until they opt in again', [{ path: '/contact', message: 'has opted out' }]);
    if (live && !ended(live)) {
      if (!req.force) throw new ConflictError('The contact is in a conversation already; set "force" to end it and start this one', { conversationId: live.id });
      await endFromOutside(live, `replaced by a conversation started by ${describeOrigin(req.origin)}`, { replacedBy: req.origin.kind });
    }
    const source = req.source ?? 'published';
    const version = await stores.catalog.resolveVersion(contact.botId, source);
    if (!version) throw new ConflictError(source === 'published' ? 'The bot has no published version yet: publish it first' : 'The draft cannot run yet: fix its problems first', {});
    const id = newObjectId();
    const startKey = req.startKey ?? (req.message ? `${contact.id}:${req.message.seq}` : `start:${id}`);
    try {
      const record = await deps.stepper.advance(
        { id, botId: contact.botId, contactId: contact.id, flowId: version.flowId, flowVersionId: version.versionId, channel: contact.channel, source, startKey, origin: req.origin, initialVars: req.vars },
        { type: 'start', ...(req.flowId ? { flowId: req.flowId } : {}), ...(req.message ? { message: { id: req.message.id, text: req.message.text, mediaUrl: req.message.mediaUrl } } : {}) },
        contact,
        req.message ? { id: req.message.id, seq: req.message.seq } : undefined,
      );
      await stores.contacts.setActiveConversation(contact.id, ended(record) ? null : record.id);
      contact.activeConversationId = ended(record) ? null : record.id;
      return { conversationId: record.id, started: true, record };
    } catch (err) {
      if (!(err instanceof ConflictError) || !('startKey' in err.details)) throw err;
      // the key started one meanwhile (another process), or the contact has a live one after all
      const byKey = await stores.conversations.findByStartKey(startKey);
      if (byKey) return { conversationId: byKey.id, started: false, record: byKey };
      const other = await stores.conversations.findLive(contact.id);
      throw new ConflictError('The contact is in a conversation already; set "force" to end it and start this one', { conversationId: other?.id ?? null });
    }
  }

  /** Cancels a live conversation (staff or the API): 409 when it has ended already. */
  async function cancel(record: ConversationRecord, by: string): Promise<ConversationRecord> {
    if (ended(record)) throw new ConflictError(`The conversation has ${record.state.status === 'failed' ? 'failed' : 'ended'} already; there is nothing to cancel`, { conversationId: record.id });
    return endFromOutside(record, `cancelled by ${by}`, { cancelledBy: by });
  }

  return { start, cancel, endFromOutside };
}

export function describeOrigin(origin: ConversationOrigin): string {
  if (origin.kind === 'trigger') return `the “${origin.by ?? 'unnamed'}” trigger`;
  if (origin.kind === 'campaign') return `the “${origin.by ?? 'unnamed'}” campaign`;
  if (origin.kind === 'api') return origin.by ?? 'the API';
  return 'the contact';
}
