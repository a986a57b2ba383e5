// Pacing: a sender (a Twilio number, a WhatsApp number) may send at most N messages per second,
// across every server process. Each send reserves the sender's next free moment in the database,
// atomically, then waits for it and sends.
//
// A reservation is two single-document atomic updates: `$max` raises the sender's `nextAt` to now
// if it lags behind (an idle sender starts at once), then `$inc` takes `nextAt` and moves it one
// interval on, answering the value it had. $inc never hands two callers the same value and $max only
// ever raises it, so reserved slots are always at least one interval apart, whatever the number of
// processes and with no compare-and-set loop (which a burst of 20 senders turns into hundreds of
// retries). A slot that had passed by the time it was granted or its wait ended (a stalled process)
// is not used: sending late would crowd the next slot's holder, so another is reserved.
import { setTimeout as sleep } from 'node:timers/promises';
import { SenderPaceModel } from '../../adapters/mongo/models';
import { isDuplicateKeyError } from '../../adapters/mongo/errors';

/** A slot is still good this long after its time; later, it is given up and another reserved. */
const LATE_SLACK_MS = 10;
/** How often a send whose slots keep passing before they are granted reserves again before it goes anyway. */
const MAX_LATE_RESERVATIONS = 5;

export function intervalMs(perSecond: number): number {
  return perSecond > 0 && Number.isFinite(perSecond) ? Math.ceil(1000 / perSecond) : 0;
}

/** Reserves the sender's next send time: never earlier than now, always an interval after the previous reservation. */
export async function reserveSendSlot(sender: string, interval: number, now: () => Date): Promise<Date> {
  for (let attempt = 0; ; attempt++) {
    try {
      await SenderPaceModel.updateOne({ _id: sender }, { $max: { nextAt: now().getTime() } }, { upsert: true });
      break;
    } catch (err) {
      // two first sends raced to create the document: it exists now
      if (!isDuplicateKeyError(err) || attempt >= 2) throw err;
    }
  }
  const before = await SenderPaceModel.findOneAndUpdate(
    { _id: sender },
    { $inc: { nextAt: interval } },
    { returnDocument: 'before' },
  ).lean();
  return new Date(before!.nextAt);
}

export interface SenderPacer {
  /** Resolves when the sender may send: at once when it has been idle, else at its reserved slot. */
  wait(sender: string, perSecond: number): Promise<void>;
}

export function createSenderPacer(deps: { now(): Date }): SenderPacer {
  return {
    async wait(sender, perSecond) {
      const interval = intervalMs(perSecond);
      if (interval === 0) return;
      for (let late = 0; ; late++) {
        const at = (await reserveSendSlot(sender, interval, deps.now)).getTime();
        const delay = at - deps.now().getTime();
        if (delay > 0) await sleep(delay);
        // granted, or woken, after the slot had passed (a stalled process): the next holder's turn is near
        if (deps.now().getTime() - at <= LATE_SLACK_MS || late >= MAX_LATE_RESERVATIONS) return;
      }
    },
  };
}
