import type { Clock, TimerHandle } from '@arctrigger/service-kit';

/**
 * Named timers per trade (entry reprice, premarket decision deadline, hold re-arm, unknown
 * placement retry). They live in memory only: at start the service derives them again from each
 * trade's state, so a restart resumes them.
 */
export class TradeTimers {
  private readonly timers = new Map<string, TimerHandle>();

  constructor(private readonly clock: Clock) {}

  /** Schedules `callback` at `at` (epoch ms) under `tradeId/name`, replacing an earlier one. */
  at(tradeId: string, name: string, at: number, callback: () => void): void {
    const key = `${tradeId}/${name}`;
    this.timers.get(key)?.cancel();
    this.timers.set(
      key,
      this.clock.setTimer(at - this.clock.now(), () => {
        this.timers.delete(key);
        callback();
      }),
    );
  }

  cancel(tradeId: string, name: string): void {
    const key = `${tradeId}/${name}`;
    this.timers.get(key)?.cancel();
    this.timers.delete(key);
  }

  cancelAll(tradeId: string): void {
    for (const [key, t] of this.timers) {
      if (key.startsWith(`${tradeId}/`)) {
        t.cancel();
        this.timers.delete(key);
      }
    }
  }

  stop(): void {
    for (const t of this.timers.values()) t.cancel();
    this.timers.clear();
  }
}
