import type { Clock, TimerHandle } from '@arctrigger/service-kit';
import { fail, type ErrorReply, type Reply } from '@arctrigger/contracts';

interface Pending {
  settle(reply: Reply<unknown>): void;
}

/**
 * Requests waiting for TWS, by request id: each is answered once — by its end marker, its error,
 * its timeout, or the loss of the connection — whichever comes first.
 */
export class PendingRequests {
  private readonly pending = new Map<number | string, Pending>();

  constructor(private readonly clock: Clock) {}

  /**
   * Starts waiting for `key`. The timeout counts from `sent` (when the pacer actually released the
   * request), not from when it was queued: waiting behind a burst is not TWS being slow.
   */
  wait<T>(key: number | string, timeoutMs: number, what: string, sent: Promise<void> = Promise.resolve()): Promise<Reply<T>> {
    return new Promise<Reply<T>>((resolve) => {
      let timer: TimerHandle | undefined;
      let settled = false;
      const entry: Pending = {
        settle: (reply) => {
          settled = true;
          timer?.cancel();
          this.pending.delete(key);
          resolve(reply as Reply<T>);
        },
      };
      this.pending.set(key, entry);
      void sent.then(() => {
        if (settled) return;
        timer = this.clock.setTimer(timeoutMs, () => entry.settle(fail('LOOKUP_TIMEOUT', `TWS did not answer ${what} within ${timeoutMs} ms.`, { retryable: true })));
      });
    });
  }

  has(key: number | string): boolean {
    return this.pending.has(key);
  }

  resolve(key: number | string, reply: Reply<unknown>): boolean {
    const p = this.pending.get(key);
    if (!p) return false;
    p.settle(reply);
    return true;
  }

  /** The connection is gone: every waiter is answered with `error`. */
  failAll(error: ErrorReply): void {
    for (const p of [...this.pending.values()]) p.settle(error);
  }
}
