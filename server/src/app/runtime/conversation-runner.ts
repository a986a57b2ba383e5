// Runs conversations: feeds events to the pure engine, saves what it decided (conditionally on
// the revision), then carries out its effects. Results of effects (webhook answers, calendar
// answers) come back as new events, in a loop, until the conversation waits or ends.
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Types } from 'mongoose';
import { nodeHandlers } from '../../nodes/registry';
import { initialState, step } from '../../engine/step';
import type { ContactView, Effect, EffectResult, EngineEvent } from '../../engine/types';
import { BotModel, ContactModel, ConversationModel, MessageModel } from '../../adapters/mongo/models';
import type { SafeHttp } from '../../adapters/safe-http/safe-http';
import type { BookingPort } from '../../ports/booking';
import type { LivePort } from '../../ports/live';
import type { SchedulerPort } from '../../ports/scheduler';
import { ConflictError } from '../../ports/errors';
import { withContactLease } from './contact-lease';
import { loadConversation, saveStep, toRecord, type ConversationRecord } from './conversation-store';
import { loadRunnableFlow } from './flow-cache';
import type { Outbox } from './outbox';

export interface RunnerDeps {
  now(): Date;
  http: SafeHttp;
  booking: BookingPort;
  scheduler: SchedulerPort;
  outbox: Outbox;
  live: LivePort;
  /** Which flow version a new conversation starts on. */
  resolveVersion(botId: string, source: 'draft' | 'published'): Promise<{ flowId: string; versionId: string } | null>;
  log(msg: string, extra?: Record<string, unknown>): void;
}

type ContactDoc = { _id: Types.ObjectId; botId: Types.ObjectId; channel: 'simulator' | 'sms' | 'whatsapp'; address: string; attributes?: Record<string, unknown>; timezone?: string | null; activeConversationId?: Types.ObjectId | null };

type InboundDoc = { _id: Types.ObjectId; text: string; mediaUrl?: string; flowSource?: 'draft' | 'published'; createdAt: Date };

const MAX_CHAINED_EVENTS = 50;

function contactView(contact: ContactDoc): ContactView {
  const attributes = contact.attributes ?? {};
  return { ...attributes, id: contact._id.toString(), address: contact.address, phone: contact.address, channel: contact.channel, timezone: contact.timezone ?? (attributes.timezone as string | undefined) };
}

export function createConversationRunner(deps: RunnerDeps) {
  const newId = () => randomUUID();

  function publishState(record: ConversationRecord): void {
    deps.live.publish({ type: 'conversation.updated', botId: record.botId, conversationId: record.id, contactId: record.contactId, status: record.state.status, nodeId: record.state.nodeId, updatedAt: deps.now().toISOString() });
  }

  async function runEffect(effect: Effect, record: ConversationRecord, contact: ContactDoc): Promise<EffectResult> {
    try {
      if (effect.type === 'http_request') {
        const response = await deps.http.request(effect.request);
        return { ok: true, data: { status: response.status, body: response.body } };
      }
      if (effect.type === 'booking') {
        const bot = await BotModel.findById(record.botId, { timezone: 1 }).lean();
        const timezone = contact.timezone ?? bot?.timezone ?? 'UTC';
        return await deps.booking.handle(effect.request, { botId: record.botId, contactId: record.contactId, conversationId: record.id, timezone });
      }
    } catch (err) {
      return { ok: false, error: err instanceof Error ? err.message : String(err) };
    }
    return { ok: false, error: `unknown effect ${effect.type}` };
  }

  /** Applies one step's effects; returns the event an awaited effect produced, if any. */
  async function applyEffects(record: ConversationRecord, effects: Effect[], contact: ContactDoc, inReplyTo?: string): Promise<EngineEvent | null> {
    let followUp: EngineEvent | null = null;
    let sendIndex = 0;
    for (const effect of effects) {
      if (effect.type === 'send') {
        // the key is fixed by (conversation, revision that produced it, position): a re-run step reuses it
        const key = `${record.id}:${record.rev}:${sendIndex++}`;
        const { type: _t, nodeId, ...message } = effect;
        await deps.outbox.send({ key, botId: record.botId, contactId: record.contactId, conversationId: record.id, channel: record.channel, message, nodeId, sentBy: 'bot', inReplyTo });
      } else if (effect.type === 'schedule_timer') {
        await deps.scheduler.scheduleTimer({ conversationId: record.id, token: effect.token }, new Date(effect.at));
      } else if (effect.type === 'cancel_timer') {
        await deps.scheduler.cancelTimer({ conversationId: record.id, token: effect.token });
      } else if (effect.type === 'update_contact') {
        const $set = Object.fromEntries(Object.entries(effect.attributes).map(([k, v]) => [`attributes.${k}`, v]));
        await ContactModel.updateOne({ _id: record.contactId }, { $set });
        contact.attributes = { ...(contact.attributes ?? {}), ...effect.attributes };
      } else {
        const result = await runEffect(effect, record, contact);
        followUp = { type: 'effect_result', token: effect.token, result };
      }
    }
    return followUp;
  }

  /** Steps the conversation with an event, then with every event its effects produce. Caller holds the lease. */
  async function advance(start: ConversationRecord, firstEvent: EngineEvent, contact: ContactDoc, inReplyTo?: string): Promise<ConversationRecord> {
    let record = start;
    let event: EngineEvent | null = firstEvent;
    for (let i = 0; event && i < MAX_CHAINED_EVENTS; i++) {
      const flow = await loadRunnableFlow(record.flowVersionId);
      const result = step(nodeHandlers, flow, record.state, event, { now: deps.now(), newId, contact: contactView(contact) });
      record = await saveStep(record, event, result, deps.now());
      publishState(record);
      event = await applyEffects(record, result.effects, contact, inReplyTo);
    }
    if (record.state.status === 'completed' || record.state.status === 'failed') {
      await ContactModel.updateOne({ _id: record.contactId, activeConversationId: record.id }, { $unset: { activeConversationId: 1 } });
    }
    return record;
  }

  async function startConversation(contact: ContactDoc, source: 'draft' | 'published'): Promise<ConversationRecord | null> {
    const version = await deps.resolveVersion(contact.botId.toString(), source);
    if (!version) return null;
    const state = initialState();
    const doc = await ConversationModel.create({
      botId: contact.botId,
      contactId: contact._id,
      flowId: version.flowId,
      flowVersionId: version.versionId,
      source,
      channel: contact.channel,
      status: state.status,
      nodeId: null,
      vars: state.vars,
      wait: null,
      rev: 0,
    });
    await ContactModel.updateOne({ _id: contact._id }, { $set: { activeConversationId: doc._id } });
    contact.activeConversationId = doc._id;
    return toRecord(doc.toObject() as Parameters<typeof toRecord>[0]);
  }

  async function handleInbound(contact: ContactDoc, message: InboundDoc): Promise<void> {
    const source = message.flowSource ?? 'published';
    let record = contact.activeConversationId ? await loadConversation(contact.activeConversationId.toString()).catch(() => null) : null;
    if (record && (record.state.status === 'completed' || record.state.status === 'failed')) record = null;
    if (record && record.source !== source) {
      // the simulator switched between draft and published: start afresh on the other one
      await ConversationModel.updateOne({ _id: record.id }, { $set: { status: 'completed', endReason: 'restarted on another version', endedAt: deps.now() } });
      record = null;
    }
    const inbound = { id: message._id.toString(), text: message.text, mediaUrl: message.mediaUrl };
    const attach = async (conversationId: string) => {
      await MessageModel.updateOne({ _id: message._id }, { $set: { conversationId } });
      deps.live.publish({ type: 'message.created', botId: contact.botId.toString(), conversationId, messageId: inbound.id, direction: 'in', text: message.text, sentBy: 'contact', status: 'received', createdAt: message.createdAt.toISOString() });
    };
    if (record?.state.status === 'handoff') return attach(record.id); // an agent has the conversation: the bot stays silent
    let event: EngineEvent = { type: 'message', message: inbound };
    if (!record) {
      record = await startConversation(contact, source);
      if (!record) return deps.log('no flow version to answer with', { botId: contact.botId.toString(), source });
      event = { type: 'start', message: inbound };
    }
    await attach(record.id);
    await advance(record, event, contact, message._id.toString());
  }

  /** Processes every waiting inbound message of the contact, oldest first. Caller holds the lease. */
  async function drain(contactId: string): Promise<void> {
    for (;;) {
      const message = await MessageModel.findOne({ contactId, direction: 'in', processedAt: null }).sort({ seq: 1 }).lean<InboundDoc>();
      if (!message) return;
      const contact = await ContactModel.findById(contactId).lean<ContactDoc>();
      if (!contact) return;
      try {
        await handleInbound(contact, message);
      } catch (err) {
        if (err instanceof ConflictError) throw err; // leave it unprocessed: the next drain retries it
        deps.log('inbound message failed', { messageId: message._id.toString(), error: err instanceof Error ? err.message : String(err) });
      }
      await MessageModel.updateOne({ _id: message._id }, { $set: { processedAt: deps.now() } });
    }
  }

  /** Re-runs the awaited effect of conversations whose process died before the result came back. */
  async function recoverPendingEffects(olderThanMs: number): Promise<number> {
    const cutoff = new Date(deps.now().getTime() - olderThanMs);
    const stalled = await ConversationModel.find({ status: 'waiting', 'wait.for': 'effect', updatedAt: { $lt: cutoff } }, { _id: 1, contactId: 1 }).limit(100).lean();
    for (const { _id, contactId } of stalled) {
      await withContactLease(contactId.toString(), deps.now, async () => {
        const record = await loadConversation(_id.toString());
        const effect = record.pendingEffects.find((e) => 'token' in e && e.token === record.state.wait?.token);
        const contact = await ContactModel.findById(record.contactId).lean<ContactDoc>();
        if (!effect || !contact || record.state.status !== 'waiting' || !('token' in effect)) return;
        deps.log('re-running an interrupted effect', { conversationId: record.id, effect: effect.type });
        await advance(record, { type: 'effect_result', token: effect.token, result: await runEffect(effect, record, contact) }, contact);
      });
    }
    return stalled.length;
  }

  return {
    advance,
    recoverPendingEffects,

    /** Processes the contact's queue until the given message is done (or the wait times out). */
    async processUntil(contactId: string, messageId: string, maxWaitMs = 30_000): Promise<void> {
      const deadline = Date.now() + maxWaitMs;
      while (Date.now() < deadline) {
        await withContactLease(contactId, deps.now, () => drain(contactId), maxWaitMs);
        const done = await MessageModel.exists({ _id: messageId, processedAt: { $ne: null } });
        if (done) return;
        await sleep(10);
      }
    },

    /** Delivers an event that is not a message (timer, effect result, hand-back) to a conversation. */
    async deliver(conversationId: string, event: EngineEvent, guard?: (record: ConversationRecord) => boolean): Promise<ConversationRecord | null> {
      const first = await loadConversation(conversationId);
      return withContactLease(first.contactId, deps.now, async () => {
        const record = await loadConversation(conversationId);
        if (guard && !guard(record)) return null;
        const contact = await ContactModel.findById(record.contactId).lean<ContactDoc>();
        if (!contact) return null;
        return advance(record, event, contact);
      });
    },
  };
}

export type ConversationRunner = ReturnType<typeof createConversationRunner>;
