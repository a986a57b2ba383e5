// In-memory twins of the conversation store and the journal: conditional on the revision, unique
// by start key, exactly like the MongoDB implementation.
import type { ConversationRecord, ConversationStore, DueTimers, JournalEntry, JournalStore } from '../../ports/conversation-store';

const FIRE_AND_FORGET = new Set(['send', 'schedule_timer', 'cancel_timer', 'update_contact']);

export function createMemoryConversationStore(): ConversationStore {
  const byId = new Map<string, { record: ConversationRecord; tail: JournalEntry[]; startKey: string }>();
  const byStartKey = new Map<string, string>();
  const copy = <T>(v: T): T => structuredClone(v);
  const isEnded = (r: ConversationRecord) => r.state.status === 'completed' || r.state.status === 'failed';
  const liveOf = (contactId: string) => [...byId.values()].map((f) => f.record).find((r) => r.contactId === contactId && !isEnded(r));

  return {
    async create(record, startKey, journal, at) {
      if (byId.has(record.id) || byStartKey.has(startKey)) return null;
      if (!isEnded(record) && liveOf(record.contactId)) return null; // one live conversation per contact
      const stored = { ...copy(record), recentInbound: record.recentInbound ?? (record.inboxSeq ? [record.inboxSeq] : []), updatedAt: at };
      byId.set(record.id, { record: stored, tail: copy(journal), startKey });
      byStartKey.set(startKey, record.id);
      return copy(stored);
    },
    async get(id) {
      const found = byId.get(id);
      return found ? copy(found.record) : null;
    },
    async findLive(contactId) {
      const live = liveOf(contactId);
      return live ? copy(live) : null;
    },
    async latestOf(contactId) {
      const mine = [...byId.values()].map((f) => f.record).filter((r) => r.contactId === contactId);
      return mine.length > 0 ? copy(mine[mine.length - 1]!) : null;
    },
    async findByStartKey(startKey) {
      const id = byStartKey.get(startKey);
      return id ? copy(byId.get(id)!.record) : null;
    },
    async update(record, change, at) {
      const found = byId.get(record.id);
      if (!found || found.record.rev !== record.rev) return null;
      const current = found.record;
      const next: ConversationRecord = {
        ...current,
        state: change.state ? copy(change.state) : current.state,
        pendingEffects: change.pendingEffects ? copy(change.pendingEffects) : current.pendingEffects,
        effectsRev: change.effectsRev ?? current.effectsRev,
        inboxSeq: Math.max(current.inboxSeq, change.inboxSeq ?? 0),
        recentInbound: change.inboxSeq === undefined ? current.recentInbound : [...(current.recentInbound ?? []), change.inboxSeq].slice(-20),
        agentId: change.agentId === undefined ? current.agentId : change.agentId,
        timers: change.timers ? copy(change.timers) : current.timers,
        rev: current.rev + 1,
        journalSeq: current.journalSeq + change.journal.length,
        updatedAt: at,
      };
      found.record = next;
      found.tail = copy([...(change.carriedJournal ?? []), ...change.journal]);
      return copy(next);
    },
    async markApplied(marks) {
      for (const m of marks) {
        const found = byId.get(m.id);
        if (found && found.record.rev === m.rev) found.record.pendingEffects = copy(m.pendingEffects);
      }
    },
    async reserveJournalSeq(id) {
      const found = byId.get(id);
      if (!found) return null;
      found.record.journalSeq += 1;
      return { seq: found.record.journalSeq, botId: found.record.botId, flowVersionId: found.record.flowVersionId };
    },
    async journalTail(id) {
      return copy(byId.get(id)?.tail ?? []);
    },
    async getMany(ids) {
      return ids.flatMap((id) => {
        const found = byId.get(id);
        return found ? [copy(found.record)] : [];
      });
    },
    async timersDue({ after, until, limit }) {
      const past = (row: DueTimers) => {
        if (!after) return true;
        const d = row.timerAt.getTime() - after.at.getTime();
        return d > 0 || (d === 0 && after.conversationId !== undefined && row.conversationId > after.conversationId);
      };
      return [...byId.values()]
        .map((f) => f.record)
        .filter((r) => (r.timers ?? []).length > 0)
        .map((r): DueTimers => ({ conversationId: r.id, contactId: r.contactId, rev: r.rev, timerAt: new Date(Math.min(...r.timers!.map((t) => t.at.getTime()))), timers: copy(r.timers!) }))
        .filter((row) => row.timerAt <= until && past(row))
        .sort((a, b) => a.timerAt.getTime() - b.timerAt.getTime() || (a.conversationId < b.conversationId ? -1 : 1))
        .slice(0, limit);
    },
    async stalled(before, limit) {
      return [...byId.values()]
        .map((f) => f.record)
        .filter((r) => (r.updatedAt ?? new Date(0)) < before && ((r.state.status === 'waiting' && r.state.wait?.for === 'effect') || r.pendingEffects.some((e) => FIRE_AND_FORGET.has(e.type))))
        .slice(0, limit)
        .map((r) => ({ id: r.id, contactId: r.contactId }));
    },
  };
}

export function createMemoryJournalStore(): JournalStore & { appends: number } {
  const entries = new Map<string, JournalEntry>();
  const store = {
    appends: 0,
    async append(batch: JournalEntry[]) {
      store.appends++;
      for (const e of batch) {
        const key = `${e.conversationId}:${e.seq}`;
        if (!entries.has(key)) entries.set(key, structuredClone(e));
      }
    },
    async list(conversationId: string, limit: number) {
      return [...entries.values()]
        .filter((e) => e.conversationId === conversationId)
        .sort((a, b) => a.seq - b.seq)
        .slice(0, limit)
        .map((e) => structuredClone(e));
    },
  };
  return store;
}
