// The stores speak string ids; the database keeps ObjectIds.
import { Types } from 'mongoose';

export const oid = (id: string): Types.ObjectId => new Types.ObjectId(id);
export const optOid = (id: string | null | undefined): Types.ObjectId | undefined => (id ? new Types.ObjectId(id) : undefined);
export const str = (id: { toString(): string } | null | undefined): string | null => (id ? id.toString() : null);

/** The keys a bulk insert refused as duplicates (E11000), by position in the batch. */
export function duplicateIndexes(err: unknown): number[] | null {
  const e = err as { code?: number; writeErrors?: Array<{ code?: number; index: number }> | { code?: number; index: number } };
  const list = Array.isArray(e.writeErrors) ? e.writeErrors : e.writeErrors ? [e.writeErrors] : [];
  if (list.length > 0) return list.every((w) => w.code === 11000) ? list.map((w) => w.index) : null;
  return e.code === 11000 ? [] : null;
}
