// Fires conversation timers on time, from memory, with the database asked only in the background.
//
// A timer is durable in its conversation (`timers`, armed by the step's own write; see
// ports/scheduler.ts). This wheel holds the ones due soon in a heap ordered by due time, with one
// setTimeout for the earliest:
// - timers this process arms are held at once (up to HOLD_OWN_FOR ahead), and fired at their due time;
// - a periodic scan (never on the message path; the first runs at start) asks the store for timers
//   due within the next LOOKAHEAD, paging on from where the last scan stopped, so each is read about
//   once: other processes' timers, timers too far ahead when armed, and everything a dead process
//   left (at start, every overdue one). It also asks for timers overdue by OVERDUE_AFTER in the range
//   already scanned: armed there by a process that died after this one's scan had passed them.
// - a timer found by a scan is checked in a batch at its due time (one read for many, which also
//   primes the conversation cache) and fired only if still armed. It may be another live process's,
//   which fires it too: harmless, as the conversation's revision-conditional write lets one win and
//   the other reloads and finds the timer no longer armed, but wasted work. So once this process has
//   lost such a race (evidence that other processes are alive and firing), it leaves timers found
//   by scans to their own processes for FOREIGN_GRACE before checking them, for PEERS_SEEN_FOR. A
//   lone process, or one restarted after a crash, fires what it finds at once.
// Firing delivers a `timer` event in the contact's turn; the guard runs on the conversation as that
// turn sees it, so a timer the conversation moved past (a reply came first, an agent took over) is a
// no-op with no write. A delivery that fails is tried again, backing off: the timer is still armed.
//
// Why not Agenda (which still runs outbox retries and recovery): it polls, locks each job with its
// own findAndModify and removes it after, several round trips per timer on an engine doing ~1,500
// operations a second, and a job locked by a process that was killed waits for its lock to expire.
import TinyQueue from 'tinyqueue';
import type { EngineEvent } from '../engine/types';
import type { ConversationRecord, ConversationStore, DueTimers, TimerCursor } from '../ports/conversation-store';
import { ConflictError, NotFoundError } from '../ports/errors';
import type { TimerJob, TimerPort } from '../ports/scheduler';
import { isArmed } from './timers';

export interface TimerWheelOptions {
  /** How often the store is scanned for timers due soon (ms). */
  scanEveryMs?: number;
  /** How far ahead a scan looks (ms): at least a scan interval, so nothing due is found late. */
  lookaheadMs?: number;
  /** Timers armed here and due within this long are held from the start (ms); later ones come with a scan. */
  holdOwnForMs?: number;
  /** Timers held in memory at most; past it, scans stop early and pick up the rest later. */
  maxHeld?: number;
  /** How long past its due time a timer found by a scan is left to its own process, while other processes are seen firing (ms). */
  foreignGraceMs?: number;
  /** How long the evidence of another process firing timers counts (ms). */
  peersSeenForMs?: number;
  /** A timer this overdue is looked for again, in case its process died (ms). */
  overdueAfterMs?: number;
  /** Timers delivered at once. */
  concurrency?: number;
  /** Rows per store read (scan pages, batch checks). */
  pageSize?: number;
}

export interface TimerWheelDeps {
  store: Pick<ConversationStore, 'timersDue' | 'getMany'>;
  /** Keeps a record read in a batch check, so delivering its timer does not read it again. */
  prime(record: ConversationRecord): void;
  /** Runs the event in the contact's turn if the guard lets it (runner.deliver). */
  deliver(conversationId: string, event: EngineEvent, guard: (record: ConversationRecord) => boolean): Promise<unknown>;
  now(): Date;
  log(msg: string, extra?: Record<string, unknown>): void;
}

interface Held {
  key: string;
  conversationId: string;
  token: string;
  at: number;
  fireAt: number;
  /** Armed by this process (fired on time, no check); otherwise found by a scan. */
  own: boolean;
  /** The revision that armed it, when known: an older copy of the conversation cannot judge it. */
  rev?: number;
  failures: number;
  /** Waiting for its time in the heap, due (checked or waiting for a slot), or being delivered. */
  phase: 'waiting' | 'due' | 'firing';
}

const DEFAULTS: Required<TimerWheelOptions> = {
  scanEveryMs: 2_000,
  lookaheadMs: 10_000,
  holdOwnForMs: 15 * 60_000,
  maxHeld: 200_000,
  foreignGraceMs: 250,
  peersSeenForMs: 5 * 60_000,
  overdueAfterMs: 5_000,
  concurrency: 64,
  pageSize: 2_000,
};

const keyOf = (conversationId: string, token: string) => `${conversationId}:${token}`;
const backoffMs = (failures: number) => Math.min(1_000 * 2 ** (failures - 1), 60_000);

export function createTimerWheel(deps: TimerWheelDeps, options: TimerWheelOptions = {}) {
  const opts = { ...DEFAULTS, ...options };
  const nowMs = () => deps.now().getTime();
  /** Every timer this process means to fire, by key; the heap may still hold entries replaced or dropped here. */
  const held = new Map<string, Held>();
  const heap = new TinyQueue<Held>([], (a, b) => a.fireAt - b.fireAt);
  /** Due, and own or checked: waiting for a delivery slot, in due order. */
  let ready: Held[] = [];
  let readyHead = 0;
  /** Due, found by a scan: waiting for the batch check. */
  const toCheck: Held[] = [];
  let checking = false;
  let running = 0;
  const inFlight = new Set<Promise<unknown>>();
  let wake: ReturnType<typeof setTimeout> | undefined;
  let wakeAt = Infinity;
  let scanTimer: ReturnType<typeof setTimeout> | undefined;
  let scanning: Promise<void> | undefined;
  /** Everything due up to here (due time, then id) has been offered by a scan; undefined: nothing yet. */
  let cursor: TimerCursor | undefined;
  let lastOverdueScan = -Infinity;
  /** When this process last lost a timer's race to another process. */
  let peersSeenAt = -Infinity;
  let started = false;
  let stopped = false;

  const track = <T>(p: Promise<T>): Promise<T> => {
    inFlight.add(p);
    void p.finally(() => inFlight.delete(p)).catch(() => undefined);
    return p;
  };
  const wanted = (entry: Held) => held.get(entry.key) === entry;

  function hold(entry: Held): void {
    entry.phase = 'waiting';
    held.set(entry.key, entry);
    heap.push(entry);
    if (entry.fireAt < wakeAt) armWake();
  }

  function drop(entry: Held): void {
    if (wanted(entry)) held.delete(entry.key);
  }

  /** The earliest entry still wanted (entries replaced or dropped are discarded on the way). */
  function peek(): Held | undefined {
    for (let top = heap.peek(); top; top = heap.peek()) {
      if (wanted(top)) return top;
      heap.pop();
    }
    return undefined;
  }

  function armWake(): void {
    if (stopped) return;
    const next = peek();
    if (wake) clearTimeout(wake);
    wake = undefined;
    wakeAt = next?.fireAt ?? Infinity;
    if (!next) return;
    // setTimeout's longest delay is about 24.8 days; a scan brings far timers back anyway
    wake = setTimeout(pump, Math.min(Math.max(0, next.fireAt - nowMs()), 2 ** 31 - 1));
    wake.unref?.();
  }

  /** Moves what is due to the checks and the delivery slots, and starts as many as there is room for. */
  function pump(): void {
    if (stopped) return;
    const now = nowMs();
    for (let top = peek(); top && top.fireAt <= now; top = peek()) {
      heap.pop();
      top.phase = 'due';
      if (top.own) ready.push(top);
      else toCheck.push(top);
    }
    if (toCheck.length > 0 && !checking) void track(checkBatch());
    while (running < opts.concurrency && readyHead < ready.length) {
      const entry = ready[readyHead++]!;
      if (wanted(entry)) launch(entry);
    }
    if (readyHead > 1_000 && readyHead * 2 > ready.length) {
      ready = ready.slice(readyHead);
      readyHead = 0;
    }
    armWake();
  }

  function launch(entry: Held): void {
    entry.phase = 'firing';
    running++;
    void track(
      fire(entry).finally(() => {
        running--;
        pump();
      }),
    );
  }

  async function fire(entry: Held): Promise<void> {
    let armedBefore = false;
    try {
      await deps.deliver(entry.conversationId, { type: 'timer', token: entry.token }, (record) => {
        // parked by an earlier version (a timer recovery found pending in its step): the engine
        // tells by the token whether it is still awaited
        if (record.timers === undefined) return record.state.status === 'waiting';
        if (isArmed(record, entry.token)) return (armedBefore = true);
        // a copy older than the write that armed the timer cannot tell: read the conversation again
        if (entry.rev !== undefined && record.rev < entry.rev) throw new ConflictError('the conversation copy predates its timer', { conversationId: entry.conversationId });
        // armed a moment ago, gone after losing the write: another process fired it
        if (armedBefore) peersSeenAt = nowMs();
        return false; // moved past it (answered, taken over, fired elsewhere): a stale timer does nothing
      });
      drop(entry);
    } catch (err) {
      if (err instanceof NotFoundError) return drop(entry);
      if (!wanted(entry)) return;
      entry.failures++;
      entry.fireAt = nowMs() + backoffMs(entry.failures);
      deps.log('delivering a timer failed; it is tried again', { conversationId: entry.conversationId, failures: entry.failures, error: err instanceof Error ? err.message : String(err) });
      hold(entry);
    }
  }

  /** One read for a batch of timers found by scans: fires those still armed, drops the rest. */
  async function checkBatch(): Promise<void> {
    checking = true;
    const batch = toCheck.splice(0, opts.pageSize).filter(wanted);
    try {
      const records = new Map((await deps.store.getMany([...new Set(batch.map((e) => e.conversationId))])).map((r) => [r.id, r]));
      for (const entry of batch) {
        const record = records.get(entry.conversationId);
        if (!record || !isArmed(record, entry.token)) {
          drop(entry);
          continue;
        }
        // a record with effects still pending may be another process's step in progress: not primed,
        // so the runner asks the database and waits for that process as usual
        if (record.pendingEffects.length === 0) deps.prime(record);
        entry.rev = Math.max(entry.rev ?? 0, record.rev);
        ready.push(entry);
      }
    } catch (err) {
      deps.log('checking due timers failed; they are tried again', { timers: batch.length, error: err instanceof Error ? err.message : String(err) });
      for (const entry of batch) {
        entry.failures++;
        entry.fireAt = nowMs() + backoffMs(entry.failures);
        hold(entry);
      }
    } finally {
      checking = false;
      pump();
    }
  }

  /** Holds the timers of a scanned row this process does not hold yet; false when the wheel is full. */
  function offer(row: DueTimers): boolean {
    for (const timer of row.timers) {
      const key = keyOf(row.conversationId, timer.token);
      if (held.has(key)) continue;
      if (held.size >= opts.maxHeld) return false;
      const at = timer.at.getTime();
      const grace = nowMs() - peersSeenAt < opts.peersSeenForMs ? opts.foreignGraceMs : 0;
      hold({ key, conversationId: row.conversationId, token: timer.token, at, fireAt: at + grace, own: false, rev: row.rev, failures: 0, phase: 'waiting' });
    }
    return true;
  }

  async function scanOnce(): Promise<void> {
    const now = nowMs();
    const fromStart = cursor === undefined;
    const until = new Date(now + opts.lookaheadMs);
    // the range not scanned yet: at start, every timer due by `until`, overdue ones included
    for (;;) {
      const page = await deps.store.timersDue({ after: cursor, until, limit: opts.pageSize });
      for (const row of page) {
        if (!offer(row)) return; // full: the cursor stays at the last row offered
        cursor = { at: row.timerAt, conversationId: row.conversationId };
      }
      if (page.length < opts.pageSize) break;
    }
    cursor = { at: until };
    if (fromStart || now - lastOverdueScan < opts.overdueAfterMs) return;
    // inside the range already scanned: timers armed there by a process that died before firing them
    // (asked once per OVERDUE_AFTER: a timer that overdue waits at most about that much longer)
    lastOverdueScan = now;
    for (const row of await deps.store.timersDue({ until: new Date(now - opts.overdueAfterMs), limit: opts.pageSize })) if (!offer(row)) break;
  }

  function scan(): Promise<void> {
    scanning ??= track(
      scanOnce()
        .catch((err: unknown) => deps.log('scanning for due timers failed; the next scan tries again', { error: err instanceof Error ? err.message : String(err) }))
        .finally(() => {
          scanning = undefined;
          pump();
        }),
    );
    return scanning;
  }

  function scanLoop(): void {
    if (stopped) return;
    void scan().finally(() => {
      if (stopped) return;
      scanTimer = setTimeout(scanLoop, opts.scanEveryMs);
      scanTimer.unref?.();
    });
  }

  const port: TimerPort = {
    async scheduleTimer(job: TimerJob, at: Date) {
      const atMs = at.getTime();
      if (atMs > nowMs() + opts.holdOwnForMs) return; // durable in the conversation: a scan brings it when due
      const key = keyOf(job.conversationId, job.token);
      const existing = held.get(key);
      if (existing && (existing.own || existing.phase === 'firing')) return; // held already, or being delivered
      if (!existing && held.size >= opts.maxHeld) return;
      // replaces one a scan found first: fired on time, without a check
      hold({ key, conversationId: job.conversationId, token: job.token, at: atMs, fireAt: atMs, own: true, rev: job.rev, failures: 0, phase: 'waiting' });
    },
    async cancelTimer(job: TimerJob) {
      const entry = held.get(keyOf(job.conversationId, job.token));
      // one being delivered finishes as a no-op: the conversation no longer has it armed
      if (entry && entry.phase !== 'firing') held.delete(entry.key);
    },
  };

  return {
    ...port,

    /** Starts firing, and scanning (the first scan at once). */
    start(): void {
      if (started) return;
      started = true;
      scanLoop();
      armWake();
    },

    /** Stops firing and scanning; waits for deliveries under way. */
    async stop(): Promise<void> {
      stopped = true;
      if (wake) clearTimeout(wake);
      if (scanTimer) clearTimeout(scanTimer);
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },

    /** Scans now (tests; the wheel scans by itself once started). */
    scan,

    /** Fires whatever is due by the clock now (tests with a clock of their own; the wheel does it on time by itself). */
    fireDue(): void {
      pump();
    },

    /** Resolves when nothing is being checked, delivered or scanned. */
    async idle(): Promise<void> {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },

    /** The timers held, for tests and diagnostics. */
    held(): Array<{ conversationId: string; token: string; at: Date; own: boolean; fireAt: Date }> {
      return [...held.values()].map((e) => ({ conversationId: e.conversationId, token: e.token, at: new Date(e.at), own: e.own, fireAt: new Date(e.fireAt) }));
    },
  };
}

export type TimerWheel = ReturnType<typeof createTimerWheel>;
