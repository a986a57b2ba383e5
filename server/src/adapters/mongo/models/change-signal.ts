// Tells in-process caches that a bot, a flow or a trigger changed. Mongoose middleware on their schemas
// calls it for every write made through the models in this process; other processes rely on the
// caches' short time-to-live (see mongo-catalog.ts).
import type { Schema } from 'mongoose';

export type ChangedCollection = 'bots' | 'flows' | 'triggers';

type Listener = (collection: ChangedCollection, id: string | null) => void;

const listeners = new Set<Listener>();

export function onModelChange(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function signalModelChange(collection: ChangedCollection, id: unknown): void {
  const key = id === null || id === undefined ? null : String(id);
  for (const listener of listeners) listener(collection, key);
}

const WRITES = ['save', 'updateOne', 'updateMany', 'findOneAndUpdate', 'findOneAndReplace', 'replaceOne', 'deleteOne', 'deleteMany', 'findOneAndDelete'] as const;

/** Adds the middleware: a document write names its id, a query write the `_id` of its filter (or everything). */
export function signalChangesOf(schema: Schema, collection: ChangedCollection): void {
  for (const op of WRITES) {
    schema.post(op as 'updateOne', { document: true, query: true }, function (this: unknown) {
      const self = this as { _id?: unknown; getFilter?: () => Record<string, unknown> };
      if (typeof self.getFilter === 'function') {
        const id = self.getFilter()._id;
        signalModelChange(collection, id && typeof id === 'object' && !('toHexString' in (id as object)) ? null : (id ?? null));
      } else signalModelChange(collection, self._id ?? null);
    });
  }
}
