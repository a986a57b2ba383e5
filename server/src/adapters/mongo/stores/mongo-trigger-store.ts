// The trigger store on MongoDB (lean reads: plain objects, no mongoose documents).
import { Types } from 'mongoose';
import { BoundedCache } from '../../../util/bounded-cache';
import { TriggerLogModel, TriggerModel } from '../models';
import { onModelChange } from '../models/change-signal';
import { CHANGE_TTL_MS } from '../mongo-catalog';
import type { TriggerFields, TriggerLogEntry, TriggerRecord, TriggerStore } from '../../../ports/trigger-store';

const isId = (id: string) => Types.ObjectId.isValid(id) && /^[0-9a-f]{24}$/i.test(id);

type TriggerDoc = Omit<TriggerRecord, 'id' | 'botId' | 'flowId'> & { _id: Types.ObjectId; botId: Types.ObjectId; flowId: Types.ObjectId };

function toRecord(doc: TriggerDoc): TriggerRecord {
  const { _id, botId, flowId, ...rest } = doc as TriggerDoc & { __v?: number };
  delete (rest as { __v?: number }).__v;
  const record = { ...rest, id: _id.toString(), botId: botId.toString(), flowId: flowId.toString() } as TriggerRecord;
  for (const key of Object.keys(record) as Array<keyof TriggerRecord>) if (record[key] === undefined || record[key] === null) delete record[key];
  if (doc.nextRunAt === null) record.nextRunAt = null;
  return record;
}

function toDoc(fields: TriggerFields) {
  return { ...fields, flowId: new Types.ObjectId(fields.flowId) };
}

const ORDER = { priority: -1, createdAt: 1, _id: 1 } as const;

export function createMongoTriggerStore(): TriggerStore {
  // read for every inbound message: cached per bot; a trigger written in this process clears it at
  // once (a write names the trigger, not its bot: everything goes, writes are rare), another process's
  // write shows after CHANGE_TTL_MS
  const activeOf = new BoundedCache<string, TriggerRecord[]>(2_000, CHANGE_TTL_MS);
  onModelChange((collection) => {
    if (collection === 'triggers') activeOf.clear();
  });
  return {
    async active(botId) {
      if (!isId(botId)) return [];
      const hit = activeOf.get(botId);
      if (hit) return hit;
      const found = (await TriggerModel.find({ botId, active: true }).sort(ORDER).lean<TriggerDoc[]>()).map(toRecord);
      activeOf.set(botId, found);
      return found;
    },
    async create(botId, fields, now) {
      const doc = await TriggerModel.create({ ...toDoc(fields), botId, createdAt: now, updatedAt: now });
      return toRecord(doc.toObject() as unknown as TriggerDoc);
    },
    async get(botId, id) {
      if (!isId(id)) return null;
      const doc = await TriggerModel.findOne({ _id: id, botId }).lean<TriggerDoc>();
      return doc ? toRecord(doc) : null;
    },
    async list(botId) {
      return (await TriggerModel.find({ botId }).sort(ORDER).lean<TriggerDoc[]>()).map(toRecord);
    },
    async replace(botId, id, fields, now) {
      if (!isId(id)) return null;
      const existing = await TriggerModel.findOne({ _id: id, botId }, { createdAt: 1 }).lean<{ createdAt: Date }>();
      if (!existing) return null;
      // a whole replacement: a field the new version leaves out (keywords of a former keyword trigger) goes
      const doc = await TriggerModel.findOneAndReplace({ _id: id, botId }, { ...toDoc(fields), botId, createdAt: existing.createdAt, updatedAt: now }, { new: true, timestamps: false }).lean<TriggerDoc>();
      return doc ? toRecord(doc) : null;
    },
    async remove(botId, id) {
      if (!isId(id)) return false;
      return (await TriggerModel.deleteOne({ _id: id, botId })).deletedCount === 1;
    },
    async usingFlow(botId, flowId) {
      if (!isId(flowId)) return [];
      return (await TriggerModel.find({ botId, flowId }).sort(ORDER).lean<TriggerDoc[]>()).map(toRecord);
    },
    async log(entry: TriggerLogEntry) {
      await TriggerLogModel.create(entry);
    },
    async logs(botId, triggerId, limit) {
      if (!isId(triggerId)) return [];
      const docs = await TriggerLogModel.find({ botId, triggerId }).sort({ at: -1, _id: -1 }).limit(limit).lean();
      return docs.map((d) => {
        const entry: TriggerLogEntry & { id: string } = { id: d._id.toString(), botId: d.botId.toString(), triggerId: d.triggerId.toString(), at: d.at, outcome: d.outcome, reason: d.reason };
        if (d.contactId) entry.contactId = d.contactId.toString();
        if (d.contact) entry.contact = d.contact;
        if (d.conversationId) entry.conversationId = d.conversationId.toString();
        if (d.cause) entry.cause = d.cause;
        return entry;
      });
    },
    async countsPerDay(botId, triggerId, since) {
      if (!isId(triggerId)) return [];
      const rows = await TriggerLogModel.aggregate<{ _id: { day: string; outcome: 'fired' | 'skipped' | 'failed' }; n: number }>([
        { $match: { botId: new Types.ObjectId(botId), triggerId: new Types.ObjectId(triggerId), at: { $gte: since } } },
        { $group: { _id: { day: { $dateToString: { format: '%Y-%m-%d', date: '$at' } }, outcome: '$outcome' }, n: { $sum: 1 } } },
      ]);
      const days = new Map<string, { day: string; fired: number; skipped: number; failed: number }>();
      for (const { _id, n } of rows) {
        const count = days.get(_id.day) ?? { day: _id.day, fired: 0, skipped: 0, failed: 0 };
        count[_id.outcome] += n;
        days.set(_id.day, count);
      }
      return [...days.values()].sort((a, b) => a.day.localeCompare(b.day));
    },
  };
}
