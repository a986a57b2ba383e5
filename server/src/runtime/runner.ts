// Runs conversations. One contact's work (its inbound messages, timers, effect results, an agent's
// takeover) runs one task at a time in this process (KeyedQueue: in-process, no round trip, no
// polling). Across processes the conversation's revision decides: every write is conditional, the
// loser of a race reloads and runs again, and a message the conversation has already taken in
// (inboxSeq) is never applied twice. Waiting for a reply is waiting for the contact's task.
import { setTimeout as sleep } from 'node:timers/promises';
import type { EngineEvent } from '../engine/types';
import type { ContactRecord } from '../ports/contact-store';
import type { ConversationRecord } from '../ports/conversation-store';
import { ConflictError, NotFoundError } from '../ports/errors';
import type { InboundMessageRecord } from '../ports/message-store';
import type { Stores } from '../ports/stores';
import { BoundedCache } from '../util/bounded-cache';
import { createConsentGate } from './consent';
import { createRegistrationGate } from './registration-gate';
import { isAwaitedEffect, type Conversations } from './conversations';
import { createInbox, type Arrival, type InboundInput, type InboundReceipt } from './inbox';
import type { JournalWriter } from './journal-writer';
import { KeyedQueue } from './keyed-queue';
import { newObjectId } from './object-id';
import { createConversationStarts, type StartRequest, type StartResult } from './conversation-starts';
import { createStepper, type StepDeps } from './steps';
import { createTriggerFiring, createTriggerStarts } from './trigger-firing';
import type { TriggerEvent } from '../domain/triggers/event-match';

export interface RunnerDeps extends Omit<StepDeps, 'stores' | 'conversations'> {
  stores: Stores;
  conversations: Conversations;
  journal: JournalWriter;
  log(msg: string, extra?: Record<string, unknown>): void;
}

/** An awaited effect another process saved this recently may still be running there (webhooks time out sooner). */
const EFFECT_IN_FLIGHT_MS = 15_000;
/**
 * Sends, timers and contact updates another process saved this recently are most likely being carried
 * out there right now: carrying them out here as well would let this task's later replies overtake
 * them. Longer than the outbox's STALE_SENDING_MS, so a send claimed by a process that died is stale
 * (sent again from here) by the time this wait gives up.
 */
const SENDS_IN_FLIGHT_MS = 10_000;
/** How often a task that lost a race to another process reloads and runs again. */
const MAX_CONFLICT_RETRIES = 5;

/** Whether the conversation already took in the message with this number. */
function tookIn(record: ConversationRecord, seq: number): boolean {
  const recent = record.recentInbound;
  if (!recent) return record.inboxSeq >= seq; // written before the list existed
  return recent.includes(seq) || (recent.length >= 20 && seq < Math.min(...recent));
}

const ended = (r: ConversationRecord) => r.state.status === 'completed' || r.state.status === 'failed';

export function createRunner(deps: RunnerDeps) {
  const { stores, conversations } = deps;
  const queue = new KeyedQueue();
  const stepper = createStepper(deps);
  const inbox = createInbox(stores, deps.now);
  const journalOutside = (conversationId: string, type: string, data: Record<string, unknown>) => conversations.appendOutside(conversationId, type, data, deps.now());
  const consent = createConsentGate({ stores, outbox: deps.outbox, journal: journalOutside, now: deps.now, log: deps.log });
  const registration = createRegistrationGate({ stores, outbox: deps.outbox, journal: journalOutside, now: deps.now, log: deps.log });
  const starts = createConversationStarts({ stores, conversations, stepper, scheduler: deps.scheduler, live: deps.live, now: deps.now });
  const firing = createTriggerFiring({ triggers: stores.triggers, now: deps.now, log: deps.log });
  const { startByTrigger, fireEvent, afterEnded } = createTriggerStarts({ starts, firing, log: deps.log });
  /** Messages received here and not yet processed: the runner starts from them without reading them back. */
  const arrivals = new Map<string, Arrival>();
  /** Message numbers taken in this process and not yet stored, per contact: a later message waits for them. */
  const numbering = new Map<string, Map<number, Promise<void>>>();
  /** The highest message number of each contact this process has handled. */
  const handledSeq = new BoundedCache<string, number>(50_000);

  async function withRetries<T>(conversationId: string | null, task: (attempt: number) => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await task(attempt);
      } catch (err) {
        if (!(err instanceof ConflictError) || attempt >= MAX_CONFLICT_RETRIES) throw err;
        if (conversationId) conversations.forget(conversationId);
      }
    }
  }

  /** Finishes what a dead process left half-done in one conversation. Runs in the contact's turn. */
  async function recoverConversation(conversationId: string): Promise<void> {
    let record = await conversations.load(conversationId, true);
    const contact = await stores.contacts.get(record.contactId);
    if (!contact) return;
    await conversations.reflushTail(conversationId);
    // the step was saved but its sends, timers or contact updates may not have happened: do them
    // again (the outbox key, timer tokens and plain $set make a second time harmless)
    const unapplied = record.pendingEffects.filter((e) => !isAwaitedEffect(e));
    if (unapplied.length > 0) {
      deps.log('carrying out the effects of an interrupted step', { conversationId, effects: unapplied.map((e) => e.type) });
      await stepper.applyEffects(record, unapplied, contact);
      record = await stepper.markEffectsApplied(record);
    }
    // the result of a webhook or calendar call never came back: ask again
    const wait = record.state.wait;
    const effect = record.pendingEffects.filter(isAwaitedEffect).find((e) => e.token === wait?.token);
    if (!effect || record.state.status !== 'waiting' || wait?.for !== 'effect') return;
    deps.log('re-running an interrupted effect', { conversationId, effect: effect.type });
    await stepper.advance(record, { type: 'effect_result', token: effect.token, result: await stepper.runEffect(effect, record, contact) }, contact);
  }

  /**
   * Loads a conversation to step it, first finishing what an interrupted step left pending. In the
   * contact's turn nothing of this process is running on it, so pending effects this process wrote
   * mean a crash. Written by another process a moment ago, they may be in flight there (a webhook
   * call): only the database can tell across processes, so it is asked again, backing off, until
   * that process moves the conversation on or the effect's time is clearly up.
   */
  async function settled(conversationId: string, fresh: boolean): Promise<ConversationRecord> {
    const known = conversations.cachedRev(conversationId);
    let record = await conversations.load(conversationId, fresh);
    if (record.pendingEffects.length === 0) return record;
    if (known !== record.rev) {
      for (let delay = 25; inFlightElsewhere(record); delay = Math.min(delay * 2, 1_000)) {
        await sleep(delay);
        record = await conversations.load(conversationId, true);
      }
      if (record.pendingEffects.length === 0) return record;
    }
    await recoverConversation(conversationId);
    return conversations.load(conversationId);
  }

  function inFlightElsewhere(record: ConversationRecord): boolean {
    if (record.pendingEffects.length === 0 || record.updatedAt === undefined) return false;
    const age = deps.now().getTime() - record.updatedAt.getTime();
    return age < (record.pendingEffects.some(isAwaitedEffect) ? EFFECT_IN_FLIGHT_MS : SENDS_IN_FLIGHT_MS);
  }

  async function activeConversation(contact: ContactRecord, fresh: boolean): Promise<ConversationRecord | null> {
    if (!contact.activeConversationId) return null;
    try {
      return await settled(contact.activeConversationId, fresh);
    } catch (err) {
      if (err instanceof NotFoundError) return null;
      throw err;
    }
  }

  /** One inbound message, in its contact's turn. */
  async function handleMessage(contact: ContactRecord, message: InboundMessageRecord, fresh: boolean, depth = 0): Promise<void> {
    const source = message.flowSource ?? 'published';
    const previous = contact.activeConversationId ?? null;
    let record = await activeConversation(contact, fresh);
    // ended with this message or a later one: another worker took this one in already
    if (record && ended(record) && record.inboxSeq >= message.seq) return;
    if (record && ended(record)) record = null;
    if (!record && message.seq > 1 && depth === 0) {
      // about to start a conversation with a message that is not the contact's first: the pointer
      // may be missing or behind (its writer died, or is still at it), so the contact's latest
      // conversation is asked whether it is live or already took this message in
      const latest = await stores.conversations.latestOf(contact.id);
      if (latest && ended(latest) && latest.inboxSeq >= message.seq) return;
      if (latest && !ended(latest)) {
        contact.activeConversationId = latest.id;
        return handleMessage(contact, message, true, depth + 1);
      }
    }
    if (record && tookIn(record, message.seq)) {
      // another worker took it in already
      if ((message.conversationId ?? null) !== record.id) await stores.inbox.setConversation(message.id, record.id);
      return;
    }
    if (record && record.source !== source) {
      // the simulator switched between draft and published: start afresh on the other one
      await conversations.write(record, { state: { ...record.state, status: 'completed', endReason: 'restarted on another version' }, endedAt: deps.now(), journal: [] }, deps.now());
      record = null;
    }
    contact.activeConversationId = record?.id ?? null;
    const attach = async (conversationId: string | null) => {
      if ((message.conversationId ?? null) !== conversationId) await stores.inbox.setConversation(message.id, conversationId);
      message.conversationId = conversationId;
      if (conversationId) deps.live.publish({ type: 'message.created', botId: contact.botId, conversationId, messageId: message.id, direction: 'in', text: message.text, sentBy: 'contact', status: 'received', createdAt: message.createdAt.toISOString() });
    };
    // STOP, START, HELP (and anything an opted-out contact writes) are answered here, never by the flow
    const verdict = await consent.screen(contact, message);
    if (verdict.handled) {
      await attach(record?.id ?? null);
      const kind = verdict.intent?.kind;
      if (kind === 'opt_in' || kind === 'opt_out') await fireEvent(contact, kind, record && !ended(record) ? record : null, `${kind}:${message.id}`);
      return;
    }
    // a bot answering registered numbers only: anyone else gets one polite refusal, never a flow (nor a trigger's)
    if (await registration.refuses(contact, message)) return attach(record?.id ?? null);
    if (record?.state.status === 'handoff') return attach(record.id); // an agent has the conversation: the bot stays silent
    const inbound = { id: message.id, text: message.text, mediaUrl: message.mediaUrl };
    // a keyword trigger wins over the conversation in progress: it ends (journaled) and the trigger's flow starts with this message
    const keyword = await firing.keyword(contact, message.text);
    // with no conversation in progress, an event trigger for a first or any message may start its flow instead of the main one
    const event = !record && !keyword ? await firing.event(contact, message.seq === 1 ? 'new_contact' : 'message_received', []).then((f) => f ?? (message.seq === 1 ? firing.event(contact, 'message_received', []) : null)) : null;
    const fired = keyword ?? event;
    if (fired) {
      if (record) await starts.endFromOutside(record, `interrupted by the “${fired.trigger.name}” trigger`, { triggerId: fired.trigger.id });
      const result = await startByTrigger(contact, fired, { message: { ...inbound, seq: message.seq }, source, cause: keyword ? message.text : message.seq === 1 ? 'new_contact' : 'message_received' });
      if (result) await attach(result.conversationId);
      else await attach(null);
      return;
    }
    if (record) {
      await attach(record.id);
      // rev 0: created, but its process died before the first step; this message starts it instead
      const event: EngineEvent = record.rev === 0 ? { type: 'start', message: inbound } : { type: 'message', message: inbound };
      record = await stepper.advance(record, event, contact, { id: message.id, seq: message.seq });
    } else {
      const version = await stores.catalog.resolveVersion(contact.botId, source);
      if (!version) {
        deps.log('no flow version to answer with', { botId: contact.botId, source });
        return attach(null);
      }
      const startKey = `${contact.id}:${message.seq}`;
      // the id the message was stored with, unless that names a conversation that is over
      const id = message.conversationId && message.conversationId !== previous ? message.conversationId : newObjectId();
      await attach(id);
      try {
        record = await stepper.advance({ id, botId: contact.botId, contactId: contact.id, flowId: version.flowId, flowVersionId: version.versionId, channel: contact.channel, source, startKey }, { type: 'start', message: inbound }, contact, { id: message.id, seq: message.seq });
      } catch (err) {
        if (!(err instanceof ConflictError) || !('startKey' in err.details) || depth >= 3) throw err;
        // the contact has a live conversation already: another worker started it for this very
        // message, or the contact's pointer to it was not written yet (its process died first, or
        // is still busy). The message goes to that conversation, which tells whether it took it in.
        const live = (await stores.conversations.findLive(contact.id)) ?? (await stores.conversations.findByStartKey(startKey));
        if (!live) {
          message.conversationId = null; // the id was taken by a conversation that has ended meanwhile
          return handleMessage(contact, message, true, depth + 1);
        }
        contact.activeConversationId = live.id;
        return handleMessage(contact, message, true, depth + 1);
      }
    }
    contact.activeConversationId = ended(record) ? null : record.id;
    if (ended(record)) await afterEnded(record, contact);
  }

  function numbered(contactId: string, seq: number): () => void {
    let done!: () => void;
    const stored = new Promise<void>((resolve) => (done = resolve));
    const forContact = numbering.get(contactId) ?? new Map<number, Promise<void>>();
    numbering.set(contactId, forContact);
    forContact.set(seq, stored);
    return () => {
      forContact.delete(seq);
      if (forContact.size === 0 && numbering.get(contactId) === forContact) numbering.delete(contactId);
      done();
    };
  }

  /** Waits (in process, no polling) for the earlier messages this process numbered and is still storing. */
  async function earlierStored(contactId: string, seq: number): Promise<void> {
    const forContact = numbering.get(contactId);
    if (!forContact) return;
    await Promise.all([...forContact].filter(([s]) => s < seq).map(([, stored]) => stored));
  }

  /** Handles the contact's messages up to (and including) `arrival`, or every waiting one. In the contact's turn. */
  async function drain(contactId: string, arrival?: Arrival, quietBefore?: Date): Promise<void> {
    await earlierStored(contactId, arrival?.message.seq ?? Infinity);
    const handled = handledSeq.get(contactId) ?? 0;
    if (arrival && Math.max(handled, arrival.contact.processedSeq) >= arrival.message.seq) return;
    // a snapshot taken before this process handled an earlier message misses what that changed
    let contact = arrival && handled <= arrival.contact.processedSeq ? { ...arrival.contact } : await stores.contacts.get(contactId);
    if (!contact) return;
    const known = Math.max(handled, contact.processedSeq);
    let messages: InboundMessageRecord[];
    if (arrival && known >= arrival.message.seq - 1) messages = [arrival.message];
    else {
      // earlier messages another process, or a crash, left: handled first, in order
      const waiting = await stores.inbox.after(contactId, known, 100);
      messages = arrival ? waiting.filter((m) => m.seq <= arrival.message.seq) : waiting;
      if (arrival && !messages.some((m) => m.id === arrival.message.id)) messages.push(arrival.message);
    }
    // numbers taken and never used (a provider's retry takes one) would leave the contact looking
    // unprocessed forever: when nothing arrived since `quietBefore` and all stored ones are handled,
    // every number up to the contact's count is settled
    const settleTo = quietBefore && !arrival && messages.length < 100 && contact.lastInboundAt && contact.lastInboundAt < quietBefore ? contact.messageSeq : 0;
    if (messages.length === 0 && settleTo <= known) return;
    let last = known;
    for (const message of messages) {
      try {
        await withRetries(contact.activeConversationId ?? null, async (attempt) => {
          if (attempt > 0) contact = (await stores.contacts.get(contactId)) ?? contact!;
          await handleMessage(contact!, message, attempt > 0);
        });
      } catch (err) {
        deps.log('inbound message failed', { messageId: message.id, error: err instanceof Error ? err.message : String(err) });
      }
      last = Math.max(last, message.seq);
      handledSeq.set(contactId, last);
    }
    await stores.contacts.finishInbound(contactId, Math.max(last, settleTo), contact.activeConversationId ?? null);
    await deps.journal.flush();
  }

  /** Runs a task on one conversation in its contact's turn, reloading and running again after a lost race. */
  async function onConversation<T>(conversationId: string, task: (record: ConversationRecord) => Promise<T>): Promise<T> {
    const first = await conversations.load(conversationId);
    return queue.run(first.contactId, async () => {
      const result = await withRetries(conversationId, async (attempt) => task(await settled(conversationId, attempt > 0)));
      await deps.journal.flush();
      return result;
    });
  }

  return {
    /** Stores an inbound message (idempotent by provider id); `process` then handles it. */
    async receive(input: InboundInput): Promise<InboundReceipt> {
      const { arrival, ...receipt } = await inbox.receive(input, deps.now(), numbered);
      if (arrival) arrivals.set(receipt.messageId, arrival);
      return receipt;
    },

    /** Handles the contact's messages up to this one; resolves when it has been answered (no polling). */
    async processUntil(contactId: string, messageId: string): Promise<void> {
      const arrival = arrivals.get(messageId);
      try {
        await queue.run(contactId, () => drain(contactId, arrival));
      } finally {
        arrivals.delete(messageId);
      }
    },

    /** Delivers an event that is not a message (timer, effect result) to a conversation. */
    async deliver(conversationId: string, event: EngineEvent, guard?: (record: ConversationRecord) => boolean): Promise<ConversationRecord | null> {
      return onConversation(conversationId, async (record) => {
        if (guard && !guard(record)) return null;
        const contact = await stores.contacts.get(record.contactId);
        if (!contact) return null;
        const after = await stepper.advance(record, event, contact);
        if (ended(after)) {
          await stores.contacts.setActiveConversation(contact.id, null, after.id);
          await afterEnded(after, contact);
        }
        return after;
      });
    },

    /** An agent takes the conversation over: its timers are cancelled, the bot stays silent until hand-back. */
    async takeover(conversationId: string, agent: { id?: string; email?: string }): Promise<ConversationRecord> {
      return onConversation(conversationId, async (record) => {
        if (ended(record)) throw new ConflictError(`The conversation has ${record.state.status === 'failed' ? 'failed' : 'ended'}; there is nothing to take over`);
        const wait = record.state.wait;
        for (const token of [wait?.token, wait?.timeoutToken]) if (token) await deps.scheduler.cancelTimer({ conversationId, token });
        // the wait is kept: a pending reply or timer no longer reaches the engine while an agent has it
        const at = deps.now();
        const entry = { conversationId, botId: record.botId, flowVersionId: record.flowVersionId, seq: record.journalSeq + 1, type: 'takeover', data: { agentId: agent.id, agentEmail: agent.email }, at };
        const after = await conversations.write(record, { state: { ...record.state, status: 'handoff' }, agentId: agent.id ?? null, journal: [entry] }, at);
        deps.live.publish({ type: 'conversation.updated', botId: after.botId, conversationId, contactId: after.contactId, status: after.state.status, nodeId: after.state.nodeId, updatedAt: at.toISOString() });
        return after;
      });
    },

    /** The agent hands the conversation back to the bot at a node; null when no agent has it any more. */
    async handBack(conversationId: string, nodeId: string): Promise<ConversationRecord | null> {
      return onConversation(conversationId, async (record) => {
        if (record.state.status !== 'handoff') return null;
        const contact = await stores.contacts.get(record.contactId);
        if (!contact) return null;
        let after = await stepper.advance(record, { type: 'resume_at', nodeId }, contact);
        after = await conversations.write(after, { agentId: null, journal: [] }, deps.now());
        if (ended(after)) {
          await stores.contacts.setActiveConversation(contact.id, null, after.id);
          await afterEnded(after, contact);
        }
        return after;
      });
    },

    /**
     * The bot writes first: starts a conversation for a contact (found or created by address), in the
     * flow asked for. 409 when the contact is in a conversation and `force` is not set, 422 when it opted out.
     */
    async start(target: { botId: string; channel: ContactRecord['channel']; address: string }, req: StartRequest): Promise<StartResult & { contactId: string; contactCreated: boolean }> {
      const { contact: found, created } = await stores.contacts.findOrCreate({ ...target, at: deps.now() });
      return queue.run(found.id, async () => {
        const result = await withRetries(null, async () => {
          const contact = (await stores.contacts.get(found.id)) ?? found;
          const live = (await activeConversation(contact, true)) ?? (await stores.conversations.findLive(contact.id));
          const settledLive = live && !ended(live) ? await settled(live.id, true) : null;
          const started = await starts.start(contact, settledLive, req);
          if (started.started && ended(started.record)) await afterEnded(started.record, contact);
          return started;
        });
        await deps.journal.flush();
        return { ...result, contactId: found.id, contactCreated: created };
      });
    },

    /** Cancels a live conversation: it ends at once, its timers are cancelled (409 when it has ended). */
    async cancel(conversationId: string, by: string): Promise<ConversationRecord> {
      return onConversation(conversationId, (record) => starts.cancel(record, by));
    },

    /** An event from outside a conversation (a staff booking) may start an event trigger's flow. */
    async fireEvent(contactId: string, event: TriggerEvent, key: string): Promise<void> {
      await queue.run(contactId, async () => {
        const contact = await stores.contacts.get(contactId);
        if (!contact) return;
        const live = (await activeConversation(contact, true)) ?? null;
        await fireEvent(contact, event, live && !ended(live) ? live : null, key);
        await deps.journal.flush();
      });
    },

    /** Ends a conversation that is not over (the simulator's restart). */
    async end(conversationId: string, reason: string): Promise<void> {
      await onConversation(conversationId, async (record) => {
        if (ended(record)) return;
        await conversations.write(record, { state: { ...record.state, status: 'completed', endReason: reason }, endedAt: deps.now(), journal: [] }, deps.now());
        await stores.contacts.setActiveConversation(record.contactId, null, record.id);
      });
    },

    /** Journals outside a step, e.g. a delivery failure reported by the provider. */
    journal: journalOutside,

    /** Recovers conversations whose process died between saving a step and carrying out its effects,
     * or before an awaited effect's result came back. */
    async recoverPendingEffects(olderThanMs: number): Promise<number> {
      const stalled = await stores.conversations.stalled(new Date(deps.now().getTime() - olderThanMs), 100);
      for (const { id, contactId } of stalled) {
        await queue.run(contactId, () => withRetries(id, () => recoverConversation(id))).catch((err: unknown) => {
          deps.log('recovering a conversation failed', { conversationId: id, error: err instanceof Error ? err.message : String(err) });
        });
      }
      await deps.journal.flush();
      return stalled.length;
    },

    /** Handles inbound messages a process that died left unhandled after storing them. */
    async recoverUnprocessedInbound(olderThanMs: number): Promise<number> {
      const quietBefore = new Date(deps.now().getTime() - olderThanMs);
      const contactIds = await stores.contacts.withUnprocessedInbound(quietBefore, 500);
      for (const contactId of contactIds) await queue.run(contactId, () => drain(contactId, undefined, quietBefore));
      return contactIds.length;
    },
  };
}

export type ConversationRunner = ReturnType<typeof createRunner>;
