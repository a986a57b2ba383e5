// Pacing: a sender (a Twilio number, a WhatsApp number) may send at most N messages per second,
// across every server process. Sends take the sender's free moments ("slots", one interval apart)
// from the database (PaceStore), then wait for their slot and send.
//
// A process takes slots in leases: a run of consecutive slots covering up to LEASE_MS of the sender's
// time, in one atomic write, and hands them to its own sends in order. A slot nobody here used in time
// is let go unused, so the cap holds whatever the processes do; a slow sender (an interval of LEASE_MS
// or more) gets one slot per lease, as fair across processes as before. At a high rate this turns one
// round trip per send into one per LEASE_MS per busy sender and process.
//
// Taking a lease is one write: an idle sender (its next time has passed) is claimed at `now`; a busy
// one has its next time taken and moved on ($inc never hands two callers the same value). The process
// remembers which senders it last saw busy and asks the right question first, so a lease is one round
// trip in the usual case. Slots that had passed by the time they were granted (a stalled process) are
// not used: another lease is taken.
import { setTimeout as sleep } from 'node:timers/promises';
import type { PaceStore } from '../ports/pace-store';
import { BoundedCache } from '../util/bounded-cache';

/** The least time a slot is still good after its time; later, it is given up and the next one taken. */
const LATE_SLACK_MS = 10;
/** How often a send whose slots keep passing before they are granted reserves again before it goes anyway. */
const MAX_LATE_RESERVATIONS = 5;
/**
 * How much of a sender's time one lease covers. Another process wanting the same sender meanwhile
 * gets slots after it: pacing adds at most this much latency between processes.
 */
export const LEASE_MS = 25;

export function intervalMs(perSecond: number): number {
  return perSecond > 0 && Number.isFinite(perSecond) ? Math.ceil(1000 / perSecond) : 0;
}

/**
 * How late a slot may still be used: a tenth of the interval (at least LATE_SLACK_MS), so a busy
 * event loop waking a few milliseconds late neither costs a round trip nor pushes a slow sender's
 * message a whole interval back, while the next holder's slot stays well clear. A fast sender's slots
 * (several per lease) stay good for a lease's time; the worst is one lease's worth of sends close
 * together, which providers queue.
 */
function slackMs(interval: number): number {
  return interval < LEASE_MS ? LEASE_MS : Math.max(LATE_SLACK_MS, Math.floor(interval / 10));
}

/** How many slots one lease takes at this interval. */
export function leaseSize(interval: number): number {
  return Math.max(1, Math.floor(LEASE_MS / interval));
}

export interface SenderPacer {
  /** Resolves when the sender may send: at once when it has been idle, else at its slot. */
  wait(sender: string, perSecond: number): Promise<void>;
  /** Reserves `count` consecutive slots (default 1); answers the first (ms): never earlier than now. */
  reserve(sender: string, interval: number, count?: number): Promise<number>;
}

/** Slots this process holds for one sender: `next`, `next + interval`, ... before `end`. */
interface Lease {
  next: number;
  end: number;
  interval: number;
}

export function createSenderPacer(deps: { store: PaceStore; now(): Date }): SenderPacer {
  /** The sender's next free time as this process last saw it: a hint, never trusted for correctness. */
  const busyUntil = new BoundedCache<string, number>(10_000);
  const leases = new Map<string, Lease>();
  /** One lease being taken per sender: concurrent sends here share it instead of each asking. */
  const taking = new Map<string, Promise<void>>();

  async function reserve(sender: string, interval: number, count = 1): Promise<number> {
    const span = interval * count;
    const now = deps.now().getTime();
    const hint = busyUntil.get(sender);
    if (hint === undefined || hint <= now) {
      const idle = await deps.store.claimIdle(sender, now, span);
      if (idle !== null) {
        busyUntil.set(sender, idle + span);
        return idle;
      }
    }
    const taken = await deps.store.takeNext(sender, interval, count);
    if (taken >= now - slackMs(interval)) {
      busyUntil.set(sender, taken + span);
      return taken;
    }
    // the sender went idle meanwhile: slots in the past would crowd whoever holds the next ones, so
    // the sender is claimed afresh at now (or, if another process just did, the next slots are taken)
    const idle = await deps.store.claimIdle(sender, deps.now().getTime(), span);
    if (idle !== null) {
      busyUntil.set(sender, idle + span);
      return idle;
    }
    busyUntil.set(sender, deps.now().getTime() + interval);
    return reserve(sender, interval, count);
  }

  /** The next slot of the sender's lease still good now, taken out of the lease; null when it has none. */
  function takeSlot(sender: string, interval: number): number | null {
    const lease = leases.get(sender);
    if (!lease) return null;
    if (lease.interval !== interval) {
      leases.delete(sender); // the sender's rate changed: its old slots are let go
      return null;
    }
    const now = deps.now().getTime();
    const oldest = now - slackMs(interval);
    if (lease.next < oldest) {
      // slots nobody here used in time are let go (sending on them now would go over the cap)
      lease.next += Math.ceil((oldest - lease.next) / interval) * interval;
    }
    if (lease.next >= lease.end) {
      leases.delete(sender);
      return null;
    }
    const slot = lease.next;
    lease.next += interval;
    return slot;
  }

  async function slotFor(sender: string, interval: number): Promise<number> {
    for (;;) {
      const slot = takeSlot(sender, interval);
      if (slot !== null) return slot;
      let pending = taking.get(sender);
      if (!pending) {
        const count = leaseSize(interval);
        pending = reserve(sender, interval, count)
          .then((first) => {
            leases.set(sender, { next: first, end: first + interval * count, interval });
          })
          .finally(() => taking.delete(sender));
        taking.set(sender, pending);
      }
      await pending;
    }
  }

  return {
    reserve,
    async wait(sender, perSecond) {
      const interval = intervalMs(perSecond);
      if (interval === 0) return;
      for (let late = 0; ; late++) {
        const at = await slotFor(sender, interval);
        const delay = at - deps.now().getTime();
        if (delay > 0) await sleep(delay);
        // granted, or woken, after the slot had passed (a stalled process): the next holder's turn is near
        if (deps.now().getTime() - at <= slackMs(interval) || late >= MAX_LATE_RESERVATIONS) return;
      }
    },
  };
}
