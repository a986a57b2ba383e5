import { describe, expect, it } from 'vitest';
import { groupCommit } from './group-commit';

describe('groupCommit', () => {
  it('writes a lone call at once, and the calls made meanwhile together in the next batch', async () => {
    const batches: number[][] = [];
    let release!: () => void;
    const first = new Promise<void>((resolve) => (release = resolve));
    const write = groupCommit(async (items: number[]) => {
      batches.push(items);
      if (batches.length === 1) await first;
      return items.map((i) => i * 10);
    });
    const a = write(1);
    const rest = [write(2), write(3), write(4)];
    release();
    expect(await a).toBe(10);
    expect(await Promise.all(rest)).toEqual([20, 30, 40]);
    expect(batches).toEqual([[1], [2, 3, 4]]);
  });

  it('hands a failed batch its error and goes on with the next', async () => {
    let calls = 0;
    const write = groupCommit(async (items: string[]) => {
      calls++;
      if (items.includes('bad')) throw new Error('refused');
      return items.map((s) => s.toUpperCase());
    });
    await expect(write('bad')).rejects.toThrow('refused');
    expect(await write('ok')).toBe('OK');
    expect(calls).toBe(2);
  });

  it('splits at the batch limit', async () => {
    const sizes: number[] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const write = groupCommit(
      async (items: number[]) => {
        sizes.push(items.length);
        if (sizes.length === 1) await gate;
        return items;
      },
      { maxBatch: 3 },
    );
    const all = Array.from({ length: 8 }, (_, i) => write(i));
    release();
    expect(await Promise.all(all)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(sizes).toEqual([1, 3, 3, 1]);
  });
});
