// What every PaceStore must do (run against MongoDB and the in-memory twin).
import { expect, it } from 'vitest';
import type { PaceStore } from '../../server/src/ports/pace-store';
import { newObjectId } from '../../server/src/runtime/object-id';

export function paceStoreContract(make: () => Promise<PaceStore> | PaceStore): void {
  const now = Date.UTC(2030, 0, 1);

  it('claims an idle sender at now, and refuses a busy one', async () => {
    const store = await make();
    const sender = `s:${newObjectId()}`;
    expect(await store.claimIdle(sender, now, 100)).toBe(now);
    expect(await store.claimIdle(sender, now + 50, 100)).toBeNull();
    expect(await store.claimIdle(sender, now + 100, 100)).toBe(now + 100);
  });

  it('hands concurrent takers distinct times one interval apart', async () => {
    const store = await make();
    const sender = `s:${newObjectId()}`;
    await store.claimIdle(sender, now, 100);
    const taken = await Promise.all(Array.from({ length: 10 }, () => store.takeNext(sender, 100, 1)));
    expect(taken.sort((a, b) => a - b)).toEqual(Array.from({ length: 10 }, (_, i) => now + 100 * (i + 1)));
  });
}
