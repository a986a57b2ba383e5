// Group commit for the journal: a step's entries are already durable in its conversation's write
// (journalTail), so copying them to the journal collection can wait a moment and share one insert
// with every other conversation that stepped meanwhile. `flush()` is called when a conversation
// goes idle; a timer covers long drains.
import type { JournalEntry, JournalStore } from '../ports/conversation-store';

export interface JournalWriter {
  add(entries: JournalEntry[]): void;
  /** Entries of this conversation not yet confirmed in the journal (they ride along in its next write). */
  unflushed(conversationId: string): JournalEntry[];
  /** Resolves when everything added so far is in the journal. */
  flush(): Promise<void>;
}

export function createJournalWriter(store: JournalStore, opts: { maxDelayMs?: number; onError?(err: unknown): void } = {}): JournalWriter {
  const maxDelayMs = opts.maxDelayMs ?? 2_000;
  let queued: JournalEntry[] = [];
  const pending = new Map<string, Set<JournalEntry>>();
  let scheduled: Promise<void> | null = null;
  let timer: NodeJS.Timeout | null = null;

  function forget(entries: JournalEntry[]): void {
    for (const e of entries) {
      const set = pending.get(e.conversationId);
      set?.delete(e);
      if (set?.size === 0) pending.delete(e.conversationId);
    }
  }

  async function write(): Promise<void> {
    scheduled = null;
    if (timer) clearTimeout(timer);
    timer = null;
    const batch = queued;
    queued = [];
    if (batch.length === 0) return;
    try {
      await store.append(batch);
      forget(batch);
    } catch (err) {
      // kept pending: the conversation's next write carries them again, and the next flush retries
      queued.push(...batch);
      throw err;
    }
  }

  function flush(): Promise<void> {
    // everyone flushing in this turn of the event loop shares one insert
    scheduled ??= new Promise<void>((resolve) => setImmediate(resolve)).then(write);
    return scheduled;
  }

  return {
    add(entries) {
      if (entries.length === 0) return;
      queued.push(...entries);
      for (const e of entries) {
        let set = pending.get(e.conversationId);
        if (!set) pending.set(e.conversationId, (set = new Set()));
        set.add(e);
      }
      timer ??= setTimeout(() => void flush().catch((err: unknown) => opts.onError?.(err)), maxDelayMs).unref();
    },
    unflushed(conversationId) {
      return [...(pending.get(conversationId) ?? [])];
    },
    flush,
  };
}
