// Group commit: writes of one kind asked for while the previous batch is on its way to the database
// wait for it and then go together, in one round trip. Nothing is delayed on purpose: with one caller
// a write goes at once; under load one round trip serves everyone who asked meanwhile.
export interface GroupCommitOptions {
  /** At most this many items in one round trip. */
  maxBatch?: number;
}

/**
 * Wraps `write`, which stores a batch and answers one result per item, in the same order. When the
 * batch fails, every caller in it gets the error (each one's own retry logic applies, as before).
 */
export function groupCommit<T, R>(write: (items: T[]) => Promise<R[]>, opts: GroupCommitOptions = {}): (item: T) => Promise<R> {
  const maxBatch = opts.maxBatch ?? 500;
  let waiting: Array<{ item: T; resolve(result: R): void; reject(err: unknown): void }> = [];
  let writing = false;

  async function drain(): Promise<void> {
    writing = true;
    while (waiting.length > 0) {
      const batch = waiting.slice(0, maxBatch);
      waiting = waiting.slice(batch.length);
      try {
        const results = await write(batch.map((w) => w.item));
        batch.forEach((w, i) => w.resolve(results[i]!));
      } catch (err) {
        for (const w of batch) w.reject(err);
      }
    }
    writing = false;
  }

  return (item) =>
    new Promise<R>((resolve, reject) => {
      waiting.push({ item, resolve, reject });
      if (!writing) void drain();
    });
}
