// Sender pacing on MongoDB: one small document per sender holding its next free time (ms).
import type { mongo } from 'mongoose';
import type { PaceStore } from '../../../ports/pace-store';
import { isDuplicateKeyError } from '../errors';
import { SenderPaceModel } from '../models';

export function createMongoPaceStore(): PaceStore {
  const paces = () => SenderPaceModel.collection as unknown as mongo.Collection<{ _id: string; nextAt: number }>;
  return {
    async claimIdle(sender, now, intervalMs) {
      try {
        // matches only an idle sender; a busy one makes the upsert collide with its _id
        await paces().updateOne({ _id: sender, nextAt: { $lte: now } }, { $set: { nextAt: now + intervalMs } }, { upsert: true });
        return now;
      } catch (err) {
        if (isDuplicateKeyError(err)) return null;
        throw err;
      }
    },
    async takeNext(sender, intervalMs, count) {
      const before = await paces().findOneAndUpdate({ _id: sender }, { $inc: { nextAt: intervalMs * count } }, { returnDocument: 'before', upsert: true });
      return before?.nextAt ?? Date.now();
    },
  };
}
