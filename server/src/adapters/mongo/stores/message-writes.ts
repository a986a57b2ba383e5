// The message path's writes to `messages`, group-committed (util/group-commit.ts): inbound and
// outbound rows of every conversation stepping at the same moment go in one insertMany, and "handed
// to the provider" marks in one bulkWrite. One conversation alone costs what it did; fifty in flight
// share their round trips.
import type { AnyBulkWriteOperation } from 'mongoose';
import { groupCommit } from '../../../util/group-commit';
import { MessageModel } from '../models';
import { duplicateIndexes, oid } from './ids';

type Doc = Record<string, unknown>;

export interface MessageWrites {
  /** Inserts the rows; answers the positions (in `docs`) refused, or possibly refused, as duplicates. */
  insert(docs: Doc[]): Promise<number[]>;
  /** Records the provider's answer for a row being sent. */
  markSent(id: string, status: string, providerId: string | null | undefined, at: Date): Promise<void>;
}

export function createMessageWrites(): MessageWrites {
  const messages = () => MessageModel.collection;

  const insert = groupCommit(async (groups: Doc[][]): Promise<number[][]> => {
    const flat = groups.flat();
    let refused: number[] = [];
    try {
      await messages().insertMany(flat, { ordered: false });
    } catch (err) {
      const dups = duplicateIndexes(err);
      if (dups === null) throw err;
      refused = dups.length > 0 ? dups : flat.map((_, i) => i); // a lone E11000 without details: every row is asked about
    }
    // positions in the batch back to positions in each caller's rows
    let offset = 0;
    return groups.map((docs) => {
      const mine = refused.filter((i) => i >= offset && i < offset + docs.length).map((i) => i - offset);
      offset += docs.length;
      return mine;
    });
  });

  const markSent = groupCommit(async (marks: Array<{ id: string; status: string; providerId: string | null; at: Date }>): Promise<void[]> => {
    const ops: AnyBulkWriteOperation[] = marks.map((m) => ({
      updateOne: { filter: { _id: oid(m.id), status: 'sending' }, update: { $set: { status: m.status, providerId: m.providerId, updatedAt: m.at } } },
    }));
    await messages().bulkWrite(ops as never, { ordered: true });
    return marks.map(() => undefined);
  });

  return {
    insert: (docs) => (docs.length === 0 ? Promise.resolve([]) : insert(docs)),
    markSent: (id, status, providerId, at) => markSent({ id, status, providerId: providerId ?? null, at }),
  };
}
