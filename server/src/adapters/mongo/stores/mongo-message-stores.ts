// The inbox and the outbox on MongoDB (one collection, `messages`), through the driver.
import type { InboundMessageRecord, InboxStore, OutboundMessageRecord, OutboxStore } from '../../../ports/message-store';
import { MessageModel } from '../models';
import { oid, optOid, str } from './ids';
import type { MessageWrites } from './message-writes';

type Doc = Record<string, unknown> & { _id: { toString(): string } };

function toInbound(doc: Doc): InboundMessageRecord {
  return {
    id: doc._id.toString(),
    botId: String(doc.botId),
    contactId: String(doc.contactId),
    conversationId: str(doc.conversationId as { toString(): string } | undefined),
    channel: doc.channel as InboundMessageRecord['channel'],
    text: (doc.text as string) ?? '',
    mediaUrl: (doc.mediaUrl as string | undefined) ?? undefined,
    providerId: (doc.providerId as string | undefined) ?? undefined,
    dedupeKey: doc.dedupeKey as string,
    seq: (doc.seq as number | undefined) ?? 0,
    flowSource: doc.flowSource as InboundMessageRecord['flowSource'],
    createdAt: doc.createdAt as Date,
  };
}

function toOutbound(doc: Doc): OutboundMessageRecord {
  return {
    ...(doc as unknown as OutboundMessageRecord),
    id: doc._id.toString(),
    botId: String(doc.botId),
    contactId: String(doc.contactId),
    conversationId: str(doc.conversationId as { toString(): string } | undefined),
    inReplyTo: str(doc.inReplyTo as { toString(): string } | undefined) ?? undefined,
    attempts: (doc.attempts as number | undefined) ?? 0,
    providerId: (doc.providerId as string | undefined) ?? null,
  };
}

function outboundDoc(row: OutboundMessageRecord): Record<string, unknown> {
  const { id, botId, contactId, conversationId, inReplyTo, ...rest } = row;
  const doc: Record<string, unknown> = { _id: oid(id), botId: oid(botId), contactId: oid(contactId), direction: 'out', ...rest };
  if (conversationId) doc.conversationId = oid(conversationId);
  if (inReplyTo) doc.inReplyTo = oid(inReplyTo);
  for (const [k, v] of Object.entries(doc)) if (v === undefined) delete doc[k];
  return doc;
}

export function createMongoInboxStore(writes: MessageWrites): InboxStore {
  const messages = () => MessageModel.collection;
  return {
    async insert(message) {
      const { id, botId, contactId, conversationId, ...rest } = message;
      const doc: Record<string, unknown> = { _id: oid(id), botId: oid(botId), contactId: oid(contactId), direction: 'in', sentBy: 'contact', status: 'received', attempts: 0, updatedAt: message.createdAt, ...rest };
      if (conversationId) doc.conversationId = oid(conversationId);
      for (const [k, v] of Object.entries(doc)) if (v === undefined) delete doc[k];
      const refused = await writes.insert([doc]);
      if (refused.length === 0) return message;
      // refused as a duplicate (a provider's retry), or possibly: is the stored one this very row?
      const stored = await messages().findOne({ dedupeKey: message.dedupeKey }, { projection: { _id: 1 } });
      return stored && stored._id.toString() === id ? message : null;
    },
    async findByKey(dedupeKey) {
      const doc = await messages().findOne({ dedupeKey });
      return doc ? toInbound(doc as Doc) : null;
    },
    async get(id) {
      const doc = await messages().findOne({ _id: oid(id) });
      return doc ? toInbound(doc as Doc) : null;
    },
    async after(contactId, afterSeq, limit) {
      const docs = await messages().find({ contactId: oid(contactId), direction: 'in', seq: { $gt: afterSeq } }).sort({ seq: 1 }).limit(limit).toArray();
      return docs.map((d) => toInbound(d as Doc));
    },
    async setConversation(id, conversationId) {
      await messages().updateOne({ _id: oid(id) }, conversationId ? { $set: { conversationId: oid(conversationId) } } : { $unset: { conversationId: 1 } });
    },
  };
}

export function createMongoOutboxStore(writes: MessageWrites): OutboxStore {
  const messages = () => MessageModel.collection;
  return {
    async insertMany(rows) {
      if (rows.length === 0) return [];
      const refused = await writes.insert(rows.map(outboundDoc));
      if (refused.length === 0) return rows.map((row) => ({ row, created: true }));
      const keys = refused.map((i) => rows[i]!.dedupeKey);
      const existing = await messages().find({ dedupeKey: { $in: keys } }).toArray();
      const byKey = new Map(existing.map((d) => [d.dedupeKey as string, toOutbound(d as Doc)]));
      return rows.map((row, i) => {
        const stored = refused.includes(i) ? byKey.get(row.dedupeKey) : undefined;
        return stored && stored.id !== row.id ? { row: stored, created: false } : { row, created: true };
      });
    },
    async get(id) {
      const doc = await messages().findOne({ _id: oid(id) });
      return doc ? toOutbound(doc as Doc) : null;
    },
    async claim(id, at, staleSendingBefore) {
      const claimable = staleSendingBefore ? { $or: [{ status: 'queued' }, { status: 'sending', updatedAt: { $lt: staleSendingBefore } }] } : { status: 'queued' };
      const doc = await messages().findOneAndUpdate(
        { _id: oid(id), providerId: null, ...claimable },
        { $set: { status: 'sending', updatedAt: at }, $inc: { attempts: 1 } },
        { returnDocument: 'before' }, // "before" + the change: see mongo-contact-store.ts
      );
      if (!doc) return null;
      const before = toOutbound(doc as Doc);
      return { ...before, status: 'sending', attempts: before.attempts + 1, updatedAt: at };
    },
    markSent: (id, status, providerId, at) => writes.markSent(id, status, providerId, at),
    async setStatus(id, status, errorCode, at, onlyFrom) {
      const result = await messages().updateOne(
        { _id: oid(id), ...(onlyFrom ? { status: onlyFrom } : {}) },
        { $set: { status, updatedAt: at, ...(errorCode ? { errorCode } : {}) } },
      );
      return result.modifiedCount === 1;
    },
    async earlierRetrying(row, maxAttempts, sendingSince) {
      const doc = await messages().findOne({
        contactId: oid(row.contactId),
        direction: 'out',
        providerId: null,
        attempts: { $gte: 1, $lt: maxAttempts },
        $and: [
          { $or: [{ status: 'queued' }, { status: 'sending', updatedAt: { $gt: sendingSince } }] },
          { $or: [{ createdAt: { $lt: row.createdAt } }, { createdAt: row.createdAt, _id: { $lt: optOid(row.id) } }] },
        ],
      });
      return doc ? toOutbound(doc as Doc) : null;
    },
  };
}
