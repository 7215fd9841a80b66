import type { Clock } from '@arctrigger/service-kit';
import type { Priority } from '../pacing/pacer';
import type { TwsSession } from './tws-session';

/**
 * A TWS list request answered by a stream of callbacks and an end marker (openOrderEnd,
 * positionEnd, execDetailsEnd …): `request` sends it and resolves true when `ended(key)` is
 * called, false when TWS does not finish in time or the request could not be sent.
 */
export class EndMarkers<K extends string> {
  private readonly waiters = new Map<K, () => void>();

  constructor(
    private readonly session: TwsSession,
    private readonly clock: Clock,
    private readonly timeoutMs: number,
    private readonly priority: Priority,
  ) {}

  request(key: K, write: Parameters<TwsSession['send']>[1]): Promise<boolean> {
    return new Promise<boolean>((resolve) => {
      const timer = this.clock.setTimer(this.timeoutMs, () => {
        this.waiters.delete(key);
        resolve(false);
      });
      this.waiters.set(key, () => {
        timer.cancel();
        resolve(true);
      });
      if (!this.session.send(this.priority, write)) {
        timer.cancel();
        this.waiters.delete(key);
        resolve(false);
      }
    });
  }

  /** Whether a request under `key` is waiting for its end marker. */
  waiting(key: K): boolean {
    return this.waiters.has(key);
  }

  ended(key: K): void {
    const w = this.waiters.get(key);
    this.waiters.delete(key);
    w?.();
  }
}
