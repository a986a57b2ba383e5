// Runs the tasks of one key (a contact) one after the other, in the order they were queued, and
// tasks of different keys side by side. In-process ordering costs no database round trip; across
// processes the conversation's revision decides (see runner.ts).
export class KeyedQueue {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const result = previous.then(task, task);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }

  /** Keys with work queued or running (for tests and shutdown). */
  get busy(): number {
    return this.tails.size;
  }
}
