// Steps a conversation: feeds an event to the pure engine, saves what it decided in one
// conditional write (state, effects to carry out, journal entries), then carries out the effects.
// Results of effects (webhook answers, calendar answers) come back as new events, in a loop, until
// the conversation waits or ends. Callers run this in the contact's turn (runner.ts).
import { channelContext } from '../engine/channel-window';
import { initialState, step } from '../engine/step';
import type { ContactView, Effect, EffectResult, EngineEvent, StepResult } from '../engine/types';
import { nodeHandlers } from '../nodes/registry';
import type { BookingPort } from '../ports/booking';
import type { ContactRecord } from '../ports/contact-store';
import type { ConversationRecord } from '../ports/conversation-store';
import type { HttpPort } from '../ports/outbound-http';
import type { LivePort } from '../ports/live';
import type { SchedulerPort } from '../ports/scheduler';
import type { Stores } from '../ports/stores';
import { isAwaitedEffect, stepEntries, type Conversations } from './conversations';
import type { Outbox } from './outbox';

const MAX_CHAINED_EVENTS = 50;

export interface StepDeps {
  stores: Pick<Stores, 'catalog' | 'contacts'>;
  conversations: Conversations;
  http: HttpPort;
  booking: BookingPort;
  scheduler: SchedulerPort;
  outbox: Outbox;
  live: LivePort;
  now(): Date;
  newId(): string;
}

export interface NewConversation {
  id: string;
  botId: string;
  contactId: string;
  flowId: string;
  flowVersionId: string;
  channel: ConversationRecord['channel'];
  source: ConversationRecord['source'];
  /** The inbound message that starts it: another worker starting it for the same message collides. */
  startKey: string;
  /** How it began, when the bot writes first (absent: the contact wrote). */
  origin?: ConversationRecord['origin'];
  /** Variables it starts with (a proactive start's `vars`). */
  initialVars?: Record<string, unknown>;
}

function contactView(contact: ContactRecord): ContactView {
  const attributes = contact.attributes ?? {};
  return { ...attributes, id: contact.id, address: contact.address, phone: contact.address, channel: contact.channel, timezone: contact.timezone ?? (attributes.timezone as string | undefined) };
}

export function createStepper(deps: StepDeps) {
  function publishState(record: ConversationRecord): void {
    deps.live.publish({ type: 'conversation.updated', botId: record.botId, conversationId: record.id, contactId: record.contactId, status: record.state.status, nodeId: record.state.nodeId, updatedAt: deps.now().toISOString() });
  }

  async function runEffect(effect: Effect, record: ConversationRecord, contact: ContactRecord): Promise<EffectResult> {
    try {
      if (effect.type === 'http_request') {
        const response = await deps.http.request(effect.request);
        return { ok: true, data: { status: response.status, body: response.body } };
      }
      if (effect.type === 'booking') {
        const bot = await deps.stores.catalog.bot(record.botId);
        const timezone = contact.timezone ?? bot?.timezone ?? 'UTC';
        return await deps.booking.handle(effect.request, { botId: record.botId, contactId: record.contactId, conversationId: record.id, timezone });
      }
    } catch (err) {
      return { ok: false, error: err instanceof Error ? err.message : String(err) };
    }
    return { ok: false, error: `unknown effect ${effect.type}` };
  }

  /** Applies one step's effects; returns the event an awaited effect produced, if any. */
  async function applyEffects(record: ConversationRecord, effects: Effect[], contact: ContactRecord, inReplyTo?: string): Promise<EngineEvent | null> {
    let followUp: EngineEvent | null = null;
    let sendIndex = 0;
    for (const effect of effects) {
      if (effect.type === 'send') {
        // the key is fixed by (conversation, revision that produced it, position): a re-run step reuses it
        const key = `${record.id}:${record.effectsRev}:${sendIndex++}`;
        const { type: _t, nodeId, ...message } = effect;
        await deps.outbox.send({ key, botId: record.botId, contactId: record.contactId, conversationId: record.id, channel: record.channel, message, nodeId, sentBy: 'bot', inReplyTo, contact });
      } else if (effect.type === 'schedule_timer') {
        await deps.scheduler.scheduleTimer({ conversationId: record.id, token: effect.token }, new Date(effect.at));
      } else if (effect.type === 'cancel_timer') {
        await deps.scheduler.cancelTimer({ conversationId: record.id, token: effect.token });
      } else if (effect.type === 'update_contact') {
        await deps.stores.contacts.setAttributes(record.contactId, effect.attributes);
        contact.attributes = { ...(contact.attributes ?? {}), ...effect.attributes };
      } else {
        followUp = { type: 'effect_result', token: effect.token, result: await runEffect(effect, record, contact) };
      }
    }
    return followUp;
  }

  /** Saves one step: creates the conversation (its first step) or writes it conditionally on its revision. */
  async function saveStep(target: ConversationRecord | NewConversation, event: EngineEvent, contact: ContactRecord, inboxSeq: number | undefined): Promise<{ record: ConversationRecord; effects: Effect[]; trace: StepResult['trace'] }> {
    const isNew = !('rev' in target);
    let current: ConversationRecord;
    if (isNew) {
      const { initialVars, startKey: _key, ...fields } = target as NewConversation;
      current = { ...fields, state: { ...initialState(), vars: { ...(initialVars ?? {}) } }, pendingEffects: [], effectsRev: 0, rev: 0, journalSeq: 0, inboxSeq: 0, agentId: null };
    } else current = target as ConversationRecord;
    const flow = await deps.stores.catalog.flowVersion(current.flowVersionId);
    const now = deps.now();
    const result = step(nodeHandlers, flow, current.state, event, { now, newId: deps.newId, contact: contactView(contact), channel: channelContext(contact.channel, contact.lastInboundAt, now) });
    const state = result.state;
    // every effect is kept until carried out: a process that dies in between leaves them here for
    // recovery, so a saved step is never half-applied. An awaited effect the new state still waits
    // for stays pending through a step that changed nothing (an ignored event).
    const stillAwaited = current.pendingEffects.filter((e) => isAwaitedEffect(e) && state.wait?.for === 'effect' && e.token === state.wait.token);
    const pendingEffects = [...stillAwaited, ...result.effects];
    const entries = stepEntries(current, event, result, now);
    const ended = state.status === 'completed' || state.status === 'failed';
    let record: ConversationRecord;
    if (isNew) {
      const first: ConversationRecord = { ...current, state, pendingEffects, effectsRev: 1, rev: 1, journalSeq: entries.length, inboxSeq: inboxSeq ?? 0, recentInbound: inboxSeq ? [inboxSeq] : [] };
      record = await deps.conversations.create(first, (target as NewConversation).startKey, entries, now);
    } else {
      record = await deps.conversations.write(current, { state, pendingEffects, effectsRev: current.rev + 1, inboxSeq, journal: entries, ...(ended ? { endedAt: now } : {}) }, now);
    }
    return { record, effects: result.effects, trace: result.trace };
  }

  return {
    runEffect,
    applyEffects,

    /** Steps with an event, then with every event its effects produce. Runs in the contact's turn. */
    async advance(start: ConversationRecord | NewConversation, firstEvent: EngineEvent, contact: ContactRecord, inbound?: { id: string; seq: number }): Promise<ConversationRecord> {
      let target: ConversationRecord | NewConversation = start;
      let event: EngineEvent | null = firstEvent;
      let inboxSeq = inbound?.seq;
      let record: ConversationRecord | null = null;
      for (let i = 0; event && i < MAX_CHAINED_EVENTS; i++) {
        const saved = await saveStep(target, event, contact, inboxSeq);
        record = saved.record;
        target = record;
        inboxSeq = undefined;
        publishState(record);
        for (const entry of saved.trace) {
          if (entry.type !== 'handoff') continue;
          deps.live.publish({ type: 'handoff.requested', botId: record.botId, conversationId: record.id, contactId: record.contactId, nodeId: entry.nodeId, note: entry.note, at: deps.now().toISOString() });
        }
        event = await applyEffects(record, saved.effects, contact, inbound?.id);
      }
      if (!record) throw new Error('advance ran no step');
      return this.markEffectsApplied(record);
    },

    /** Records that the last step's fire-and-forget effects (sends, timers, contact updates) were carried out. */
    async markEffectsApplied(record: ConversationRecord): Promise<ConversationRecord> {
      if (record.pendingEffects.every(isAwaitedEffect)) return record;
      return deps.conversations.write(record, { pendingEffects: record.pendingEffects.filter(isAwaitedEffect), journal: [] }, deps.now());
    },
  };
}

export type Stepper = ReturnType<typeof createStepper>;
