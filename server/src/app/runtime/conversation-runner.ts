// Runs conversations: feeds events to the pure engine, saves what it decided (conditionally on
// the revision), then carries out its effects. Results of effects (webhook answers, calendar
// answers) come back as new events, in a loop, until the conversation waits or ends.
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Types } from 'mongoose';
import { nodeHandlers } from '../../nodes/registry';
import { initialState, step } from '../../engine/step';
import { channelContext } from '../../engine/channel-window';
import type { ContactView, Effect, EffectResult, EngineEvent } from '../../engine/types';
import { BotModel, ContactModel, ConversationModel, MessageModel } from '../../adapters/mongo/models';
import type { SafeHttp } from '../../adapters/safe-http/safe-http';
import type { BookingPort } from '../../ports/booking';
import type { LivePort } from '../../ports/live';
import type { SchedulerPort } from '../../ports/scheduler';
import { ConflictError, TransientError } from '../../ports/errors';
import { createConsentGate } from './consent';
import { withContactLease } from './contact-lease';
import { isAwaitedEffect, loadConversation, markEffectsApplied, saveStep, toRecord, type ConversationRecord } from './conversation-store';
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

type ContactDoc = { _id: Types.ObjectId; botId: Types.ObjectId; channel: 'simulator' | 'sms' | 'whatsapp'; address: string; attributes?: Record<string, unknown>; timezone?: string | null; activeConversationId?: Types.ObjectId | null; optedOut?: boolean | null; lastInboundAt?: Date | null };

type InboundDoc = { _id: Types.ObjectId; text: string; mediaUrl?: string; flowSource?: 'draft' | 'published'; seq?: number | null; createdAt: Date };

const MAX_CHAINED_EVENTS = 50;
/** How long a message waits for the one its contact sent just before it (stored a moment later by
 * another request) before that one is given up as never stored (a crash, a raced duplicate). */
const GAP_WAIT_MS = 2_000;

function contactView(contact: ContactDoc): ContactView {
  const attributes = contact.attributes ?? {};
  return { ...attributes, id: contact._id.toString(), address: contact.address, phone: contact.address, channel: contact.channel, timezone: contact.timezone ?? (attributes.timezone as string | undefined) };
}

export function createConversationRunner(deps: RunnerDeps) {
  const newId = () => randomUUID();
  const consent = createConsentGate({ outbox: deps.outbox, now: deps.now, log: deps.log });

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
      const result = step(nodeHandlers, flow, record.state, event, { now: deps.now(), newId, contact: contactView(contact), channel: channelContext(contact.channel, contact.lastInboundAt, deps.now()) });
      record = await saveStep(record, event, result, deps.now());
      publishState(record);
      for (const entry of result.trace) {
        if (entry.type !== 'handoff') continue;
        deps.live.publish({ type: 'handoff.requested', botId: record.botId, conversationId: record.id, contactId: record.contactId, nodeId: entry.nodeId, note: entry.note, at: deps.now().toISOString() });
      }
      event = await applyEffects(record, result.effects, contact, inReplyTo);
    }
    record = await markEffectsApplied(record);
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
    let record = contact.activeConversationId ? await loadSettled(contact.activeConversationId.toString()).catch(() => null) : null;
    if (record && (record.state.status === 'completed' || record.state.status === 'failed')) record = null;
    if (record && record.source !== source) {
      // the simulator switched between draft and published: start afresh on the other one
      await ConversationModel.updateOne({ _id: record.id, rev: record.rev }, { $set: { status: 'completed', endReason: 'restarted on another version', endedAt: deps.now() }, $inc: { rev: 1 } });
      record = null;
    }
    const inbound = { id: message._id.toString(), text: message.text, mediaUrl: message.mediaUrl };
    const attach = async (conversationId: string) => {
      await MessageModel.updateOne({ _id: message._id }, { $set: { conversationId } });
      deps.live.publish({ type: 'message.created', botId: contact.botId.toString(), conversationId, messageId: inbound.id, direction: 'in', text: message.text, sentBy: 'contact', status: 'received', createdAt: message.createdAt.toISOString() });
    };
    // STOP, START, HELP (and anything an opted-out contact writes) are answered here, never by the flow
    if ((await consent.screen(contact, message)).handled) return record ? attach(record.id) : undefined;
    if (record?.state.status === 'handoff') return attach(record.id); // an agent has the conversation: the bot stays silent
    // rev 0: created, but its process died before the first step; this message starts it instead
    let event: EngineEvent = record?.rev === 0 ? { type: 'start', message: inbound } : { type: 'message', message: inbound };
    if (!record) {
      record = await startConversation(contact, source);
      if (!record) return deps.log('no flow version to answer with', { botId: contact.botId.toString(), source });
      event = { type: 'start', message: inbound };
    }
    await attach(record.id);
    await advance(record, event, contact, message._id.toString());
  }

  /**
   * The contact's oldest unprocessed message. Its number was taken before it was stored, so the
   * message numbered just before it may still be on its way (another request, a moment behind):
   * wait for that one briefly rather than answer the two out of order.
   */
  async function nextInbound(contactId: string): Promise<InboundDoc | null> {
    const since = Date.now();
    for (;;) {
      const message = await MessageModel.findOne({ contactId, direction: 'in', processedAt: null }).sort({ seq: 1 }).lean<InboundDoc>();
      if (!message || !message.seq || message.seq <= 1) return message;
      if (await MessageModel.exists({ contactId, direction: 'in', seq: message.seq - 1 })) return message;
      // long enough: that number was taken by a request that died or lost a duplicate race (timed
      // locally too, so another process's clock running ahead cannot stretch the wait)
      if (Date.now() - message.createdAt.getTime() > GAP_WAIT_MS || Date.now() - since > GAP_WAIT_MS) return message;
      await sleep(5);
    }
  }

  /** Processes every waiting inbound message of the contact, oldest first. Caller holds the lease. */
  async function drain(contactId: string): Promise<void> {
    for (;;) {
      const message = await nextInbound(contactId);
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

  /** Finishes what a dead process left half-done in one conversation. Caller holds the lease. */
  async function recoverConversation(conversationId: string): Promise<void> {
    let record = await loadConversation(conversationId);
    const contact = await ContactModel.findById(record.contactId).lean<ContactDoc>();
    if (!contact) return;
    // the step was saved but its sends, timers or contact updates may not have happened: do them
    // again (the outbox key, timer tokens and plain $set make a second time harmless)
    const unapplied = record.pendingEffects.filter((e) => !isAwaitedEffect(e));
    if (unapplied.length > 0) {
      deps.log('carrying out the effects of an interrupted step', { conversationId, effects: unapplied.map((e) => e.type) });
      await applyEffects(record, unapplied, contact);
      record = await markEffectsApplied(record);
    }
    // the result of a webhook or calendar call never came back: ask again
    const wait = record.state.wait;
    const effect = record.pendingEffects.filter(isAwaitedEffect).find((e) => e.token === wait?.token);
    if (!effect || record.state.status !== 'waiting' || wait?.for !== 'effect') return;
    deps.log('re-running an interrupted effect', { conversationId, effect: effect.type });
    await advance(record, { type: 'effect_result', token: effect.token, result: await runEffect(effect, record, contact) }, contact);
  }

  /**
   * Loads a conversation to step it, first finishing what an interrupted step left pending. Only
   * called under the contact's lease, where pending effects mean the process running them died.
   */
  async function loadSettled(conversationId: string): Promise<ConversationRecord> {
    const record = await loadConversation(conversationId);
    if (record.pendingEffects.length === 0) return record;
    await recoverConversation(conversationId);
    return loadConversation(conversationId);
  }

  /** Recovers conversations whose process died between saving a step and carrying out its effects, or
   * before an awaited effect's result came back. A conversation whose lease is held is alive: skipped. */
  async function recoverPendingEffects(olderThanMs: number): Promise<number> {
    const cutoff = new Date(deps.now().getTime() - olderThanMs);
    const stalled = await ConversationModel.find(
      { updatedAt: { $lt: cutoff }, $or: [{ status: 'waiting', 'wait.for': 'effect' }, { 'pendingEffects.type': { $in: ['send', 'schedule_timer', 'cancel_timer', 'update_contact'] } }] },
      { _id: 1, contactId: 1 },
    )
      .limit(100)
      .lean();
    for (const { _id, contactId } of stalled) {
      await withContactLease(contactId.toString(), deps.now, () => recoverConversation(_id.toString()), 200).catch((err: unknown) => {
        if (err instanceof TransientError) return;
        deps.log('recovering a conversation failed', { conversationId: _id.toString(), error: err instanceof Error ? err.message : String(err) });
      });
    }
    return stalled.length;
  }

  /** Processes inbound messages left unprocessed by a process that died (or a busy lease) after storing them. */
  async function recoverUnprocessedInbound(olderThanMs: number): Promise<number> {
    const cutoff = new Date(deps.now().getTime() - olderThanMs);
    const waiting = await MessageModel.find({ direction: 'in', processedAt: null, createdAt: { $lt: cutoff } }, { contactId: 1 }).limit(500).lean();
    const contactIds = [...new Set(waiting.map((m) => m.contactId.toString()))];
    for (const contactId of contactIds) {
      // a contact whose lease is held is being drained right now: its holder takes these too
      await withContactLease(contactId, deps.now, () => drain(contactId), 200).catch((err: unknown) => {
        if (!(err instanceof TransientError || err instanceof ConflictError)) throw err;
      });
    }
    return contactIds.length;
  }

  return {
    advance,
    recoverPendingEffects,
    recoverUnprocessedInbound,

    /** Processes the contact's queue until the given message is done (or the wait times out). */
    async processUntil(contactId: string, messageId: string, maxWaitMs = 30_000): Promise<void> {
      const deadline = Date.now() + maxWaitMs;
      while (Date.now() < deadline) {
        try {
          await withContactLease(contactId, deps.now, () => drain(contactId), maxWaitMs);
        } catch (err) {
          // someone changed the conversation outside the lease: the message is still queued, try again
          if (!(err instanceof ConflictError)) throw err;
        }
        const done = await MessageModel.exists({ _id: messageId, processedAt: { $ne: null } });
        if (done) return;
        await sleep(10);
      }
    },

    /** Delivers an event that is not a message (timer, effect result, hand-back) to a conversation. */
    async deliver(conversationId: string, event: EngineEvent, guard?: (record: ConversationRecord) => boolean): Promise<ConversationRecord | null> {
      const first = await loadConversation(conversationId);
      return withContactLease(first.contactId, deps.now, async () => {
        const record = await loadSettled(conversationId);
        if (guard && !guard(record)) return null;
        const contact = await ContactModel.findById(record.contactId).lean<ContactDoc>();
        if (!contact) return null;
        return advance(record, event, contact);
      });
    },
  };
}

export type ConversationRunner = ReturnType<typeof createConversationRunner>;
