// Conversations and their journal on MongoDB, through the driver. A step is one conditional
// updateOne (filter on the revision) carrying the state, the effects to carry out and the step's
// journal entries; the journal collection receives the entries later in batches (group commit).
import type { ConversationRecord, ConversationStore, JournalEntry, JournalStore } from '../../../ports/conversation-store';
import { isDuplicateKeyError } from '../errors';
import { ConversationEventModel, ConversationModel } from '../models';
import { duplicateIndexes, oid, str } from './ids';

type Doc = Record<string, unknown> & { _id: { toString(): string } };

const FIRE_AND_FORGET = ['send', 'schedule_timer', 'cancel_timer', 'update_contact'];

function toEntry(e: Record<string, unknown>): JournalEntry {
  return { ...(e as unknown as JournalEntry), conversationId: String(e.conversationId), botId: String(e.botId), flowVersionId: String(e.flowVersionId) };
}

function entryDoc(e: JournalEntry): Record<string, unknown> {
  const doc: Record<string, unknown> = { ...e, conversationId: oid(e.conversationId), botId: oid(e.botId), flowVersionId: oid(e.flowVersionId) };
  if (doc.nodeId === undefined) delete doc.nodeId;
  return doc;
}

export function toConversationRecord(doc: Doc): ConversationRecord {
  return {
    id: doc._id.toString(),
    botId: String(doc.botId),
    contactId: String(doc.contactId),
    flowId: String(doc.flowId),
    flowVersionId: String(doc.flowVersionId),
    channel: doc.channel as ConversationRecord['channel'],
    source: doc.source as ConversationRecord['source'],
    state: {
      status: doc.status as ConversationRecord['state']['status'],
      nodeId: (doc.nodeId as string | null) ?? null,
      vars: (doc.vars as Record<string, unknown>) ?? {},
      wait: (doc.wait as ConversationRecord['state']['wait']) ?? null,
      lastMessage: (doc.lastMessage as ConversationRecord['state']['lastMessage']) ?? null,
      endReason: (doc.endReason as string | undefined) ?? undefined,
    },
    pendingEffects: (doc.pendingEffects as ConversationRecord['pendingEffects']) ?? [],
    effectsRev: (doc.effectsRev as number | undefined) ?? (doc.rev as number),
    rev: doc.rev as number,
    journalSeq: (doc.journalSeq as number | undefined) ?? 0,
    inboxSeq: (doc.inboxSeq as number | undefined) ?? 0,
    recentInbound: (doc.recentInbound as number[] | undefined) ?? undefined,
    agentId: str(doc.agentId as { toString(): string } | undefined),
    ...(doc.origin ? { origin: doc.origin as ConversationRecord['origin'] } : {}),
    updatedAt: doc.updatedAt as Date | undefined,
  };
}

/** The last RECENT_INBOUND message numbers taken in, with this one. */
export function withInbound(recent: number[] | undefined, seq: number | undefined): number[] | undefined {
  if (seq === undefined) return recent;
  return [...(recent ?? []), seq].slice(-RECENT_INBOUND);
}

export const RECENT_INBOUND = 20;

function stateFields(record: ConversationRecord): Record<string, unknown> {
  const s = record.state;
  return { status: s.status, nodeId: s.nodeId, vars: s.vars, wait: s.wait, lastMessage: s.lastMessage ?? null };
}

export function createMongoConversationStore(): ConversationStore {
  const conversations = () => ConversationModel.collection;
  return {
    async create(record, startKey, journal, at) {
      const ended = record.state.status === 'completed' || record.state.status === 'failed';
      const doc: Record<string, unknown> = {
        _id: oid(record.id),
        botId: oid(record.botId),
        contactId: oid(record.contactId),
        flowId: oid(record.flowId),
        flowVersionId: oid(record.flowVersionId),
        source: record.source,
        channel: record.channel,
        ...stateFields(record),
        ...(record.state.endReason ? { endReason: record.state.endReason } : {}),
        pendingEffects: record.pendingEffects,
        effectsRev: record.effectsRev,
        rev: record.rev,
        journalSeq: record.journalSeq,
        inboxSeq: record.inboxSeq,
        recentInbound: record.recentInbound ?? (record.inboxSeq ? [record.inboxSeq] : []),
        journalTail: journal.map(entryDoc),
        ...(record.origin ? { origin: record.origin } : {}),
        startKey,
        // unique while the conversation lives (removed when it ends): a contact never has two live ones
        ...(ended ? {} : { liveKey: oid(record.contactId) }),
        createdAt: at,
        updatedAt: at,
        ...(ended ? { endedAt: at } : {}),
      };
      try {
        await conversations().insertOne(doc);
        return { ...record, updatedAt: at };
      } catch (err) {
        if (isDuplicateKeyError(err)) return null;
        throw err;
      }
    },
    async get(id) {
      const doc = await conversations().findOne({ _id: oid(id) }, { projection: { journalTail: 0 } });
      return doc ? toConversationRecord(doc as Doc) : null;
    },
    async findLive(contactId) {
      const doc = await conversations().findOne({ liveKey: oid(contactId) }, { projection: { journalTail: 0 } });
      return doc ? toConversationRecord(doc as Doc) : null;
    },
    async latestOf(contactId) {
      const [doc] = await conversations().find({ contactId: oid(contactId) }, { projection: { journalTail: 0 } }).sort({ createdAt: -1, _id: -1 }).limit(1).toArray();
      return doc ? toConversationRecord(doc as Doc) : null;
    },
    async findByStartKey(startKey) {
      const doc = await conversations().findOne({ startKey }, { projection: { journalTail: 0 } });
      return doc ? toConversationRecord(doc as Doc) : null;
    },
    async update(record, change, at) {
      const next: ConversationRecord = {
        ...record,
        state: change.state ?? record.state,
        pendingEffects: change.pendingEffects ?? record.pendingEffects,
        effectsRev: change.effectsRev ?? record.effectsRev,
        inboxSeq: Math.max(record.inboxSeq, change.inboxSeq ?? 0),
        recentInbound: withInbound(record.recentInbound, change.inboxSeq),
        agentId: change.agentId === undefined ? record.agentId : change.agentId,
        rev: record.rev + 1,
        updatedAt: at,
      };
      const $set: Record<string, unknown> = {
        journalTail: [...(change.carriedJournal ?? []), ...change.journal].map(entryDoc),
        pendingEffects: next.pendingEffects,
        effectsRev: next.effectsRev,
        inboxSeq: next.inboxSeq,
        ...(next.recentInbound ? { recentInbound: next.recentInbound } : {}),
        updatedAt: at,
      };
      const $unset: Record<string, 1> = {};
      if (change.state) {
        Object.assign($set, stateFields(next));
        if (next.state.endReason) $set.endReason = next.state.endReason;
        else $unset.endReason = 1;
        if (next.state.status === 'completed' || next.state.status === 'failed') $unset.liveKey = 1;
      }
      if (change.endedAt) $set.endedAt = change.endedAt;
      if (change.agentId) $set.agentId = oid(change.agentId);
      else if (change.agentId === null) $unset.agentId = 1;
      const after = await conversations().findOneAndUpdate(
        { _id: oid(record.id), rev: record.rev },
        { $set, $inc: { rev: 1, journalSeq: change.journal.length }, ...(Object.keys($unset).length ? { $unset } : {}) },
        // "before" + what was added: the local engine re-reads "after" documents (racy under concurrency)
        { returnDocument: 'before', projection: { journalSeq: 1 } },
      );
      return after ? { ...next, journalSeq: ((after.journalSeq as number | undefined) ?? 0) + change.journal.length } : null;
    },
    async reserveJournalSeq(id) {
      const doc = await conversations().findOneAndUpdate({ _id: oid(id) }, { $inc: { journalSeq: 1 } }, { returnDocument: 'before', projection: { journalSeq: 1, botId: 1, flowVersionId: 1 } });
      return doc ? { seq: ((doc.journalSeq as number | undefined) ?? 0) + 1, botId: String(doc.botId), flowVersionId: String(doc.flowVersionId) } : null;
    },
    async journalTail(id) {
      const doc = await conversations().findOne({ _id: oid(id) }, { projection: { journalTail: 1 } });
      return ((doc?.journalTail as Array<Record<string, unknown>> | undefined) ?? []).map(toEntry);
    },
    async stalled(before, limit) {
      const docs = await conversations()
        .find(
          { updatedAt: { $lt: before }, $or: [{ status: 'waiting', 'wait.for': 'effect' }, { 'pendingEffects.type': { $in: FIRE_AND_FORGET } }] },
          { projection: { _id: 1, contactId: 1 } },
        )
        .limit(limit)
        .toArray();
      return docs.map((d) => ({ id: d._id.toString(), contactId: String(d.contactId) }));
    },
  };
}

export function createMongoJournalStore(): JournalStore {
  const events = () => ConversationEventModel.collection;
  return {
    async append(entries) {
      if (entries.length === 0) return;
      try {
        await events().insertMany(entries.map(entryDoc), { ordered: false });
      } catch (err) {
        // an entry copied twice (a tail re-flushed after a crash) is already there: that is the point
        if (duplicateIndexes(err) === null) throw err;
      }
    },
    async list(conversationId, limit) {
      const docs = await events().find({ conversationId: oid(conversationId) }).sort({ seq: 1 }).limit(limit).toArray();
      return docs.map((d) => toEntry(d as Record<string, unknown>));
    },
  };
}
