// A sender's next free send time, shared by every process (see runtime/sender-pacer.ts).
export interface PaceStore {
  /** When the sender is idle (its next time has passed): takes `now` and moves it one interval on. Null if busy. */
  claimIdle(sender: string, now: number, intervalMs: number): Promise<number | null>;
  /** Takes the sender's next time and moves it `count` intervals on; answers the time taken. */
  takeNext(sender: string, intervalMs: number, count: number): Promise<number>;
}
