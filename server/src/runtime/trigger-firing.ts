// Which trigger an inbound message or an event sets off, for the runner to start, and the trigger
// log. The deciding is pure (domain/triggers); this reads the bot's switched-on triggers (cached by
// the store: no round trip per message) and writes a log line only when a trigger fires or one that
// listens for this very thing is held back (its conditions, a loop, a busy contact), never for every
// message that matches nothing.
import { decideEventTriggers, type EventTrigger, type TriggerEvent } from '../domain/triggers/event-match';
import { decideKeywordTrigger, type KeywordTrigger } from '../domain/triggers/keyword-match';
import type { ContactRecord } from '../ports/contact-store';
import type { ConversationRecord } from '../ports/conversation-store';
import { ConflictError } from '../ports/errors';
import type { TriggerOutcome, TriggerRecord, TriggerStore } from '../ports/trigger-store';
import { ended, type StartRequest, type StartResult, type createConversationStarts } from './conversation-starts';

export interface FiredTrigger {
  trigger: TriggerRecord;
  /** Why it fired, in plain words (the trigger log's reason). */
  reason: string;
}

/** The contact's fields as a trigger's conditions read them. */
export function contactFields(contact: ContactRecord): Record<string, unknown> {
  return { ...(contact.attributes ?? {}), address: contact.address, phone: contact.address, channel: contact.channel, timezone: contact.timezone ?? undefined, opted_out: contact.optedOut };
}

function asKeyword(t: TriggerRecord): KeywordTrigger {
  return { id: t.id, name: t.name, active: t.active, priority: t.priority, keywords: t.keywords ?? [], match: t.match ?? 'exact', caseSensitive: t.caseSensitive ?? false, createdAt: t.createdAt };
}

function asEvent(t: TriggerRecord): EventTrigger {
  return { id: t.id, name: t.name, active: t.active, priority: t.priority, event: t.event!, conditions: t.conditions ?? [], createdAt: t.createdAt };
}

export function createTriggerFiring(deps: { triggers: TriggerStore; now(): Date; log(msg: string, extra?: Record<string, unknown>): void }) {
  async function record(trigger: TriggerRecord, contact: ContactRecord, outcome: TriggerOutcome, reason: string, cause: string, conversationId?: string): Promise<void> {
    await deps.triggers
      .log({ botId: trigger.botId, triggerId: trigger.id, at: deps.now(), outcome, reason, contactId: contact.id, contact: contact.address, cause, ...(conversationId ? { conversationId } : {}) })
      .catch((err: unknown) => deps.log('writing the trigger log failed', { triggerId: trigger.id, error: String(err) }));
  }

  return {
    record,

    /** The keyword trigger this text fires, if any (highest priority first). */
    async keyword(contact: ContactRecord, text: string): Promise<FiredTrigger | null> {
      const keywordTriggers = (await deps.triggers.active(contact.botId)).filter((t) => t.type === 'keyword');
      if (keywordTriggers.length === 0) return null;
      const { winner } = decideKeywordTrigger(keywordTriggers.map(asKeyword), text);
      if (!winner) return null;
      return { trigger: keywordTriggers.find((t) => t.id === winner.triggerId)!, reason: winner.reason };
    },

    /**
     * The event trigger an event fires, if any. Triggers listening for the event that do not fire
     * (conditions unmet, a loop) are logged as skipped with the reason.
     */
    async event(contact: ContactRecord, event: TriggerEvent, triggerChain: readonly string[]): Promise<FiredTrigger | null> {
      const listening = (await deps.triggers.active(contact.botId)).filter((t) => t.type === 'event' && t.event === event);
      if (listening.length === 0) return null;
      const { winner, verdicts } = decideEventTriggers(listening.map(asEvent), { event, contact: contactFields(contact), triggerChain });
      for (const verdict of verdicts) {
        if (verdict === winner) continue;
        await record(listening.find((t) => t.id === verdict.triggerId)!, contact, 'skipped', verdict.reason, event);
      }
      if (!winner) return null;
      return { trigger: listening.find((t) => t.id === winner.triggerId)!, reason: winner.reason };
    },
  };
}

export type TriggerFiring = ReturnType<typeof createTriggerFiring>;

/** Starting a trigger's flow, and the events that may start one. Everything runs in the contact's turn. */
export function createTriggerStarts(deps: { starts: ReturnType<typeof createConversationStarts>; firing: TriggerFiring; log(msg: string, extra?: Record<string, unknown>): void }) {
  const { starts, firing } = deps;

  /** Starts a trigger's flow for the contact (in its turn) and logs the firing; null when it could not start. */
  async function startByTrigger(contact: ContactRecord, fired: FiredTrigger, opts: { message?: StartRequest['message']; source?: StartRequest['source']; cause: string; chain?: readonly string[]; startKey?: string }): Promise<StartResult | null> {
    const { trigger } = fired;
    try {
      const result = await starts.start(contact, null, {
        flowId: trigger.flowId,
        origin: { kind: 'trigger', by: trigger.name, refId: trigger.id, triggerChain: [...(opts.chain ?? []), trigger.id] },
        message: opts.message,
        source: opts.source,
        startKey: opts.startKey,
      });
      await firing.record(trigger, contact, 'fired', fired.reason, opts.cause, result.conversationId);
      if (ended(result.record)) await afterEnded(result.record, contact);
      return result;
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      await firing.record(trigger, contact, err instanceof ConflictError ? 'skipped' : 'failed', reason, opts.cause);
      return null;
    }
  }

  /**
   * An event (opt-in, opt-out, a flow ending...) may start an event trigger's flow. A contact is in one
   * conversation at a time: while one is live, the trigger is logged as skipped.
   */
  async function fireEvent(contact: ContactRecord, event: TriggerEvent, live: ConversationRecord | null, key: string, chain: readonly string[] = []): Promise<void> {
    const fired = await firing.event(contact, event, chain);
    if (!fired) return;
    if (live) {
      await firing.record(fired.trigger, contact, 'skipped', `${fired.reason}, but the contact is in a conversation`, event);
      return;
    }
    await startByTrigger(contact, fired, { cause: event, chain, startKey: `event:${key}:${fired.trigger.id}` });
  }

  /** A conversation ended: flow_completed or flow_failed triggers may start a flow (never one already in its chain). */
  async function afterEnded(record: ConversationRecord, contact: ContactRecord): Promise<void> {
    const event: TriggerEvent = record.state.status === 'failed' ? 'flow_failed' : 'flow_completed';
    await fireEvent(contact, event, null, `${event}:${record.id}`, record.origin?.triggerChain ?? []).catch((err: unknown) => {
      deps.log('an event trigger failed', { conversationId: record.id, event, error: err instanceof Error ? err.message : String(err) });
    });
  }

  return { startByTrigger, fireEvent, afterEnded };
}
