// Pacing: a sender (a Twilio number, a WhatsApp number) may send at most N messages per second,
// across every server process. Each send reserves the sender's next free moment in the database
// (PaceStore), then waits for it and sends.
//
// A reservation is one atomic write: an idle sender (its next time has passed) is claimed at `now`;
// a busy one has its next time taken and moved one interval on ($inc never hands two callers the
// same value). The process remembers which senders it last saw busy and asks the right question
// first, so a reservation is one round trip in the usual case. A slot that had passed by the time it
// was granted (a stalled process) is not used: another is reserved.
import { setTimeout as sleep } from 'node:timers/promises';
import type { PaceStore } from '../ports/pace-store';
import { BoundedCache } from '../util/bounded-cache';

/** A slot is still good this long after its time; later, it is given up and another reserved. */
const LATE_SLACK_MS = 10;
/** How often a send whose slots keep passing before they are granted reserves again before it goes anyway. */
const MAX_LATE_RESERVATIONS = 5;

export function intervalMs(perSecond: number): number {
  return perSecond > 0 && Number.isFinite(perSecond) ? Math.ceil(1000 / perSecond) : 0;
}

export interface SenderPacer {
  /** Resolves when the sender may send: at once when it has been idle, else at its reserved slot. */
  wait(sender: string, perSecond: number): Promise<void>;
  /** Reserves the sender's next send time (ms): never earlier than now, an interval after the previous one. */
  reserve(sender: string, interval: number): Promise<number>;
}

export function createSenderPacer(deps: { store: PaceStore; now(): Date }): SenderPacer {
  /** The sender's next free time as this process last saw it: a hint, never trusted for correctness. */
  const busyUntil = new BoundedCache<string, number>(10_000);

  async function reserve(sender: string, interval: number): Promise<number> {
    const now = deps.now().getTime();
    const hint = busyUntil.get(sender);
    if (hint === undefined || hint <= now) {
      const idle = await deps.store.claimIdle(sender, now, interval);
      if (idle !== null) {
        busyUntil.set(sender, idle + interval);
        return idle;
      }
    }
    const taken = await deps.store.takeNext(sender, interval, 1);
    if (taken >= now - LATE_SLACK_MS) {
      busyUntil.set(sender, taken + interval);
      return taken;
    }
    // the sender went idle meanwhile: a slot in the past would crowd whoever holds the next one, so
    // the sender is claimed afresh at now (or, if another process just did, the next slot is taken)
    const idle = await deps.store.claimIdle(sender, deps.now().getTime(), interval);
    if (idle !== null) {
      busyUntil.set(sender, idle + interval);
      return idle;
    }
    busyUntil.set(sender, deps.now().getTime() + interval);
    return reserve(sender, interval);
  }

  return {
    reserve,
    async wait(sender, perSecond) {
      const interval = intervalMs(perSecond);
      if (interval === 0) return;
      for (let late = 0; ; late++) {
        const at = await reserve(sender, interval);
        const delay = at - deps.now().getTime();
        if (delay > 0) await sleep(delay);
        // granted, or woken, after the slot had passed (a stalled process): the next holder's turn is near
        if (deps.now().getTime() - at <= LATE_SLACK_MS || late >= MAX_LATE_RESERVATIONS) return;
      }
    },
  };
}
