// The sender pacer on the in-memory pace store: slots are taken in leases (one store write for many
// sends at a high rate), never handed out twice, and slots that passed unused are let go.
import { describe, expect, it } from 'vitest';
import { createMemoryPaceStore } from '../../server/src/adapters/memory/memory-stores';
import type { PaceStore } from '../../server/src/ports/pace-store';
import { LEASE_MS, createSenderPacer, leaseSize } from '../../server/src/runtime/sender-pacer';

/** A pace store that counts its writes and remembers every slot it handed out. */
function countingStore(): PaceStore & { writes: number; granted: Array<{ first: number; span: number }> } {
  const inner = createMemoryPaceStore();
  const store = {
    writes: 0,
    granted: [] as Array<{ first: number; span: number }>,
    async claimIdle(sender: string, now: number, span: number) {
      store.writes++;
      const first = await inner.claimIdle(sender, now, span);
      if (first !== null) store.granted.push({ first, span });
      return first;
    },
    async takeNext(sender: string, interval: number, count: number) {
      store.writes++;
      const first = await inner.takeNext(sender, interval, count);
      store.granted.push({ first, span: interval * count });
      return first;
    },
  };
  return store;
}

describe('sender pacer', () => {
  it('serves a burst at a high rate from leases: one write per lease, every send its own slot', async () => {
    const store = countingStore();
    const clock = Date.UTC(2030, 0, 1);
    const pacer = createSenderPacer({ store, now: () => new Date(clock) });
    const sends = 60;
    const slots: number[] = [];
    // the clock is frozen, so each send's slot is when it would go out; record them through `now`
    await Promise.all(
      Array.from({ length: sends }, async () => {
        await pacer.wait('sms:+1555', 1000);
        slots.push(clock);
      }),
    );
    const perLease = leaseSize(1);
    expect(perLease).toBe(LEASE_MS);
    expect(store.writes).toBe(Math.ceil(sends / perLease));
    // leases are consecutive and never overlap
    const spans = store.granted.map((g) => [g.first, g.first + g.span]).sort((a, b) => a[0]! - b[0]!);
    for (let i = 1; i < spans.length; i++) expect(spans[i]![0]).toBeGreaterThanOrEqual(spans[i - 1]![1]!);
    expect(slots).toHaveLength(sends);
  });

  it('takes one slot per lease for a slow sender, so processes share it fairly', async () => {
    const store = countingStore();
    const clock = Date.UTC(2030, 0, 1);
    const pacer = createSenderPacer({ store, now: () => new Date(clock) });
    expect(leaseSize(100)).toBe(1);
    await Promise.all([pacer.wait('sms:+1666', 10), pacer.wait('sms:+1666', 10)]);
    expect(store.writes).toBe(2);
    expect(store.granted.map((g) => g.first - clock).sort((a, b) => a - b)).toEqual([0, 100]);
  });

  it('lets slots that passed unused go, and takes a new lease from now', async () => {
    const store = countingStore();
    let clock = Date.UTC(2030, 0, 1);
    const pacer = createSenderPacer({ store, now: () => new Date(clock) });
    await pacer.wait('sms:+1777', 1000); // takes a lease [t, t + 25) and uses its first slot
    clock += 1_000; // the rest of the lease is long past
    await pacer.wait('sms:+1777', 1000);
    expect(store.writes).toBe(2);
    expect(store.granted[1]!.first).toBe(clock); // a fresh lease at now, not a slot in the past
  });

  it('shares no slot between two processes on one store', async () => {
    const store = countingStore();
    const clock = Date.UTC(2030, 0, 1);
    const a = createSenderPacer({ store, now: () => new Date(clock) });
    const b = createSenderPacer({ store, now: () => new Date(clock) });
    await Promise.all(Array.from({ length: 30 }, (_, i) => (i % 2 ? a : b).wait('sms:+1888', 1000)));
    const spans = store.granted.map((g) => [g.first, g.first + g.span]).sort((x, y) => x[0]! - y[0]!);
    for (let i = 1; i < spans.length; i++) expect(spans[i]![0]).toBeGreaterThanOrEqual(spans[i - 1]![1]!);
    // one lease each; the second process first asks for the sender idle (it cannot know), then takes the next lease
    expect(store.writes).toBe(3);
    expect(store.granted).toHaveLength(2);
  });
});
