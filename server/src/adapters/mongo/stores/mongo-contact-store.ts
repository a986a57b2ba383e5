// Contacts on MongoDB, through the driver (no mongoose documents on the hot path).
import type { ContactRecord, ContactStore } from '../../../ports/contact-store';
import { Types } from 'mongoose';
import { isDuplicateKeyError } from '../errors';
import { ContactModel } from '../models';
import { groupCommit } from '../../../util/group-commit';
import { oid, str } from './ids';

type ContactDoc = Record<string, unknown> & { _id: { toString(): string } };

export function toContactRecord(doc: ContactDoc): ContactRecord {
  const messageSeq = (doc.messageSeq as number | undefined) ?? 0;
  return {
    id: doc._id.toString(),
    botId: String(doc.botId),
    channel: doc.channel as ContactRecord['channel'],
    address: doc.address as string,
    provider: (doc.provider as ContactRecord['provider']) ?? null,
    attributes: (doc.attributes as Record<string, unknown>) ?? {},
    timezone: (doc.timezone as string | undefined) ?? null,
    optedOut: doc.optedOut === true,
    lastInboundAt: (doc.lastInboundAt as Date | undefined) ?? null,
    activeConversationId: str(doc.activeConversationId as { toString(): string } | undefined),
    messageSeq,
    // a contact from before processedSeq existed had every earlier message handled already
    processedSeq: (doc.processedSeq as number | undefined) ?? Math.max(0, messageSeq - 1),
    outboxHeldUntil: (doc.outboxHeldUntil as Date | undefined) ?? null,
    registered: doc.registered === true,
  };
}

export function createMongoContactStore(): ContactStore {
  const contacts = () => ContactModel.collection;
  // the last write of handling a message: contacts finishing at the same moment share one bulkWrite
  // (one contact's are never in one batch together: its messages are handled one at a time)
  const finishInbound = groupCommit(async (done: Array<{ id: string; seq: number; activeConversationId: string | null }>) => {
    await contacts().bulkWrite(
      done.map(({ id, seq, activeConversationId }) => ({
        updateOne: {
          filter: { _id: oid(id) },
          update: {
            $max: { processedSeq: seq },
            ...(activeConversationId ? { $set: { activeConversationId: oid(activeConversationId) } } : { $unset: { activeConversationId: 1 } }),
          },
        },
      })) as never,
      { ordered: true },
    );
    return done.map(() => undefined);
  });
  return {
    async arrive(input) {
      for (let attempt = 0; ; attempt++) {
        try {
          const attributes = input.attributes && Object.keys(input.attributes).length > 0 ? input.attributes : null;
          const key = { botId: oid(input.botId), channel: input.channel, address: input.address };
          const newId = new Types.ObjectId(); // its id if this creates it: then nothing needs reading back
          // the document BEFORE the update: the local engine re-reads "after" documents, so under
          // concurrent arrivals it can hand two callers the same number; "before" + 1 is exact
          const before = await contacts().findOneAndUpdate(
            key,
            {
              // attributes set on every arrival are set key by key (they would collide with a whole-object insert)
              $setOnInsert: { _id: newId, ...(attributes ? {} : { attributes: input.profile ?? {} }), ...(input.timezone ? { timezone: input.timezone } : {}), optedOut: false, processedSeq: 0, createdAt: input.at },
              // $max: a message from a process whose clock lags never moves the contact's time back
              $max: { lastInboundAt: input.at },
              $set: {
                updatedAt: input.at,
                ...(input.provider ? { provider: input.provider } : {}),
                ...Object.fromEntries(Object.entries(attributes ?? {}).map(([k, v]) => [`attributes.${k}`, v])),
              },
              $inc: { messageSeq: 1 },
            },
            { upsert: true, returnDocument: 'before' },
          );
          if (before) {
            // what the update changed, applied to what it answered (the rest is as it was)
            const record = toContactRecord(before as ContactDoc);
            return {
              ...record,
              messageSeq: record.messageSeq + 1,
              processedSeq: (before.processedSeq as number | undefined) ?? record.messageSeq,
              lastInboundAt: record.lastInboundAt && record.lastInboundAt > input.at ? record.lastInboundAt : input.at,
              provider: input.provider ?? record.provider,
              attributes: { ...record.attributes, ...(attributes ?? {}) },
            };
          }
          // created just now, exactly as written
          return toContactRecord({
            _id: newId,
            ...key,
            attributes: attributes ?? input.profile ?? {},
            timezone: input.timezone,
            optedOut: false,
            processedSeq: 0,
            messageSeq: 1,
            lastInboundAt: input.at,
            provider: input.provider,
          });
        } catch (err) {
          // two first messages raced to create the contact: it exists now
          if (!isDuplicateKeyError(err) || attempt >= 2) throw err;
        }
      }
    },
    async get(id) {
      const doc = await contacts().findOne({ _id: oid(id) });
      return doc ? toContactRecord(doc as ContactDoc) : null;
    },
    async findOrCreate({ botId, channel, address, at }) {
      const key = { botId: oid(botId), channel, address };
      for (let attempt = 0; ; attempt++) {
        const newId = new Types.ObjectId();
        try {
          const before = await contacts().findOneAndUpdate(
            key,
            { $setOnInsert: { _id: newId, attributes: {}, optedOut: false, messageSeq: 0, processedSeq: 0, createdAt: at, updatedAt: at } },
            { upsert: true, returnDocument: 'before' },
          );
          if (before) return { contact: toContactRecord(before as ContactDoc), created: false };
          return { contact: toContactRecord({ _id: newId, ...key, attributes: {}, optedOut: false, messageSeq: 0, processedSeq: 0 }), created: true };
        } catch (err) {
          // two callers raced to create it: it exists now
          if (!isDuplicateKeyError(err) || attempt >= 2) throw err;
        }
      }
    },
    finishInbound: (id, seq, activeConversationId) => finishInbound({ id, seq, activeConversationId }),
    async setActiveConversation(id, conversationId, onlyIf) {
      const filter = { _id: oid(id), ...(onlyIf ? { activeConversationId: oid(onlyIf) } : {}) };
      await contacts().updateOne(filter, conversationId ? { $set: { activeConversationId: oid(conversationId) } } : { $unset: { activeConversationId: 1 } });
    },
    async setOptedOut(id, optedOut, at) {
      const result = await contacts().updateOne({ _id: oid(id), optedOut: optedOut ? { $ne: true } : true }, { $set: { optedOut, consentChangedAt: at, updatedAt: at } });
      return result.modifiedCount === 1;
    },
    async setAttributes(id, attributes) {
      const $set = Object.fromEntries(Object.entries(attributes).map(([k, v]) => [`attributes.${k}`, v]));
      if (Object.keys($set).length > 0) await contacts().updateOne({ _id: oid(id) }, { $set });
    },
    async holdOutbox(id, until) {
      await contacts().updateOne({ _id: oid(id) }, { $max: { outboxHeldUntil: until } });
    },
    async markRefused(id, at) {
      const result = await contacts().updateOne({ _id: oid(id), refusedAt: { $exists: false } }, { $set: { refusedAt: at } });
      return result.modifiedCount === 1;
    },
    async withUnprocessedInbound(before, limit) {
      const docs = await contacts()
        .find(
          { lastInboundAt: { $lt: before }, $expr: { $gt: ['$messageSeq', { $ifNull: ['$processedSeq', '$messageSeq'] }] } },
          { projection: { _id: 1 } },
        )
        .limit(limit)
        .toArray();
      return docs.map((d) => d._id.toString());
    },
  };
}
