// One contact's events are processed one at a time, across all server processes, by holding a
// short lease on the contact document (a single-document atomic update: no transactions needed).
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { ContactModel } from '../../adapters/mongo/models';
import { TransientError } from '../../ports/errors';

const LEASE_MS = 30_000;

export async function tryAcquireLease(contactId: string, now: Date): Promise<string | null> {
  const holder = randomUUID();
  const taken = await ContactModel.findOneAndUpdate(
    { _id: contactId, $or: [{ 'lease.until': null }, { 'lease.until': { $lt: now } }] },
    { $set: { lease: { holder, until: new Date(now.getTime() + LEASE_MS) } } },
    { projection: { _id: 1 } },
  ).lean();
  return taken ? holder : null;
}

export async function releaseLease(contactId: string, holder: string): Promise<void> {
  await ContactModel.updateOne({ _id: contactId, 'lease.holder': holder }, { $set: { lease: { holder: null, until: null } } });
}

async function renewLease(contactId: string, holder: string, now: Date): Promise<void> {
  await ContactModel.updateOne({ _id: contactId, 'lease.holder': holder }, { $set: { 'lease.until': new Date(now.getTime() + LEASE_MS) } });
}

/** Runs fn while holding the contact's lease, waiting (up to maxWaitMs) for another holder to finish. */
export async function withContactLease<T>(contactId: string, now: () => Date, fn: () => Promise<T>, maxWaitMs = 30_000): Promise<T> {
  const deadline = Date.now() + maxWaitMs;
  let delay = 5;
  for (;;) {
    const holder = await tryAcquireLease(contactId, now());
    if (holder) {
      // a long drain (slow webhooks, many queued messages) keeps its lease; a dead process does not
      const heartbeat = setInterval(() => void renewLease(contactId, holder, now()).catch(() => undefined), LEASE_MS / 3).unref();
      try {
        return await fn();
      } finally {
        clearInterval(heartbeat);
        await releaseLease(contactId, holder);
      }
    }
    if (Date.now() > deadline) throw new TransientError(`contact ${contactId} is busy`);
    await sleep(delay + Math.random() * delay);
    delay = Math.min(delay * 2, 100);
  }
}
