/**
 * Runs tasks one at a time per key (a trade), in submission order; different keys run
 * concurrently. Every state change of a trade goes through its queue, so handlers for commands,
 * trigger events, broker events, executions and timers never interleave on one trade.
 */
export class KeyedQueue {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const prev = this.tails.get(key) ?? Promise.resolve();
    const next = prev.then(task, task);
    const tail = next.catch(() => undefined);
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return next;
  }
}
