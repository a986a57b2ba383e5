// The runtime's only way to conversations: a per-process cache of records (safe because every
// write is conditional on the revision: a stale record fails its write, is dropped and reloaded)
// and the step's journal entries written in the same write as the step.
import type { Effect, EngineEvent, StepResult } from '../engine/types';
import type { ConversationChange, ConversationRecord, ConversationStore, JournalEntry } from '../ports/conversation-store';
import { ConflictError, NotFoundError } from '../ports/errors';
import { BoundedCache } from '../util/bounded-cache';
import type { JournalWriter } from './journal-writer';
import { armedTimers, sameTimers } from './timers';

/** Effects whose results come back as events (kept pending until then), as opposed to fire-and-forget ones. */
export function isAwaitedEffect(effect: Effect): effect is Extract<Effect, { type: 'http_request' | 'booking' | 'ai_request' }> {
  return effect.type === 'http_request' || effect.type === 'booking' || effect.type === 'ai_request';
}

/** Effects never journal header values or bodies of webhooks: they may carry secrets. */
function journalEffect(effect: Effect): Record<string, unknown> {
  if (effect.type === 'http_request') return { type: effect.type, nodeId: effect.nodeId, token: effect.token, method: effect.request.method, url: effect.request.url };
  // a model call is journaled by what it asks, not with the builder's whole knowledge text
  if (effect.type === 'ai_request') return { type: effect.type, nodeId: effect.nodeId, token: effect.token, op: effect.request.op, ...(effect.request.op === 'classify' ? { text: effect.request.text } : { message: effect.request.message }) };
  return { ...effect };
}

function journalEvent(event: EngineEvent): Record<string, unknown> {
  if (event.type === 'effect_result') return { type: event.type, token: event.token, ok: event.result.ok, error: event.result.error };
  return { ...event };
}

export function stepEntries(record: ConversationRecord, event: EngineEvent, result: StepResult, at: Date): JournalEntry[] {
  const raw = [
    { type: `event.${event.type}`, nodeId: undefined as string | undefined, data: journalEvent(event) },
    ...result.trace.map((t) => ({ type: t.type, nodeId: 'nodeId' in t ? (t.nodeId ?? undefined) : undefined, data: { ...t } as Record<string, unknown> })),
    ...result.effects.map((e) => ({ type: `effect.${e.type}`, nodeId: 'nodeId' in e ? e.nodeId : undefined, data: journalEffect(e) })),
  ];
  return raw.map((e, i) => ({ conversationId: record.id, botId: record.botId, flowVersionId: record.flowVersionId, seq: record.journalSeq + i + 1, type: e.type, ...(e.nodeId ? { nodeId: e.nodeId } : {}), data: e.data, at }));
}

export interface ConversationHooks {
  /** A write disarmed these timers (an end, a takeover, a step past them): the timer wheel lets them go. */
  disarmed?(conversationId: string, tokens: string[]): void;
}

export function createConversations(store: ConversationStore, journal: JournalWriter, hooks: ConversationHooks = {}) {
  const cache = new BoundedCache<string, ConversationRecord>(10_000);
  /** Marks of carried-out effects waiting for the next group commit, and the one under way. */
  let marks: Array<{ mark: { id: string; rev: number; pendingEffects: Effect[] }; done(err?: unknown): void }> = [];
  let marking: Promise<void> | null = null;

  function commitMarks(): void {
    marking ??= (async () => {
      // one write at a time; marks made while it is under way share the next one
      while (marks.length > 0) {
        const batch = marks;
        marks = [];
        try {
          await store.markApplied(batch.map((m) => m.mark));
          batch.forEach((m) => m.done());
        } catch (err) {
          batch.forEach((m) => m.done(err));
        }
      }
      marking = null;
    })();
  }

  function renumber(entries: JournalEntry[], journalSeq: number): void {
    const base = journalSeq - entries.length;
    entries.forEach((e, i) => (e.seq = base + i + 1));
  }

  return {
    async load(id: string, fresh = false): Promise<ConversationRecord> {
      const hit = fresh ? undefined : cache.get(id);
      if (hit) return hit;
      const record = await store.get(id);
      if (!record) throw new NotFoundError(`conversation ${id} not found`);
      cache.set(id, record);
      return record;
    },

    forget(id: string): void {
      cache.delete(id);
    },

    /** The revision this process last wrote or read, if it still has the conversation. */
    cachedRev(id: string): number | undefined {
      return cache.get(id)?.rev;
    },

    /** Creates a conversation already stepped once; ConflictError if another worker started it for the same message. */
    async create(record: ConversationRecord, startKey: string, entries: JournalEntry[], at: Date): Promise<ConversationRecord> {
      const created = await store.create(record, startKey, entries, at);
      if (!created) throw new ConflictError('the conversation was started by another worker', { startKey });
      cache.set(created.id, created);
      journal.add(entries);
      return created;
    },

    /** A record read elsewhere (the timer wheel's batch read): kept unless this process has a newer one. */
    prime(record: ConversationRecord): void {
      const cached = cache.get(record.id);
      if (!cached || cached.rev < record.rev) cache.set(record.id, record);
    },

    /**
     * One conditional write; ConflictError (and the cached record dropped) when someone else wrote first.
     * A write that changes the state and says nothing of timers keeps only those the new state still
     * waits on: a takeover or an end disarms them in this same write.
     */
    async write(record: ConversationRecord, change: ConversationChange, at: Date): Promise<ConversationRecord> {
      if (change.state && !change.timers) {
        const timers = armedTimers(record.timers, [], change.state);
        if (!sameTimers(timers, record.timers)) change = { ...change, timers };
      }
      const next = await store.update(record, { ...change, carriedJournal: journal.unflushed(record.id) }, at);
      if (!next) {
        cache.delete(record.id);
        throw new ConflictError('conversation changed while it was being processed', { conversationId: record.id });
      }
      renumber(change.journal, next.journalSeq);
      cache.set(next.id, next);
      journal.add(change.journal);
      if (change.timers && record.timers?.length) {
        const gone = record.timers.filter((t) => !change.timers!.some((n) => n.token === t.token)).map((t) => t.token);
        if (gone.length > 0) hooks.disarmed?.(record.id, gone);
      }
      return next;
    },

    /**
     * Records that the record's fire-and-forget effects were carried out (its pending effects become
     * `pendingEffects`). Resolves once stored; concurrent conversations share one write. The revision
     * stays: the mark only applies while the conversation is still at it, and a write made since
     * carries its own pending effects, so nobody needs to notice this one.
     */
    async markApplied(record: ConversationRecord, pendingEffects: Effect[]): Promise<ConversationRecord> {
      await new Promise<void>((resolve, reject) => {
        marks.push({ mark: { id: record.id, rev: record.rev, pendingEffects }, done: (err) => (err ? reject(err as Error) : resolve()) });
        commitMarks();
      });
      const next = { ...record, pendingEffects };
      if (cache.get(record.id)?.rev === record.rev) cache.set(record.id, next);
      return next;
    },

    /** A journal entry outside a step (takeover, an agent's message, consent): its own number, no revision change. */
    async appendOutside(conversationId: string, type: string, data: Record<string, unknown>, at: Date): Promise<void> {
      const reserved = await store.reserveJournalSeq(conversationId);
      if (!reserved) throw new NotFoundError(`conversation ${conversationId} not found`);
      const cached = cache.get(conversationId);
      if (cached && cached.journalSeq < reserved.seq) cache.set(conversationId, { ...cached, journalSeq: reserved.seq });
      journal.add([{ conversationId, botId: reserved.botId, flowVersionId: reserved.flowVersionId, seq: reserved.seq, type, data, at }]);
      await journal.flush();
    },

    /** What an interrupted writer left in the conversation's tail is copied to the journal (duplicates skipped). */
    async reflushTail(conversationId: string): Promise<void> {
      journal.add(await store.journalTail(conversationId));
      await journal.flush();
    },
  };
}

export type Conversations = ReturnType<typeof createConversations>;
