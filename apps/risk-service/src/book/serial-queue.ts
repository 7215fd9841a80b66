/**
 * Runs async tasks one at a time, in arrival order. The risk book is read, decided on and written
 * inside one task, so two checks in this process never decide on the same snapshot.
 */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task, task);
    this.tail = result.catch(() => undefined);
    return result;
  }
}
