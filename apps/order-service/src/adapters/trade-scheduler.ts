import type { TradeId } from '@arctrigger/contracts';
import type { Clock, TimerHandle } from '@arctrigger/service-kit';
import type { Logger } from 'pino';
import type { TradeScheduler } from '../ports/trade-scheduler.port';
import { actingAs, Actors } from './acting';
import { KeyedQueue } from './keyed-queue';

/**
 * Named timers per trade on the injected Clock, whose tasks run in the trade's queue (KeyedQueue):
 * a timer's work never interleaves with a command, a fill or a trigger of the same trade. A task
 * that fails is logged; the next event or restart of the trade picks it up.
 */
export class ClockTradeScheduler implements TradeScheduler {
  private readonly timers = new Map<string, TimerHandle>();
  private readonly queue = new KeyedQueue();

  constructor(
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  at(tradeId: TradeId, name: string, at: number, task: () => Promise<void>): void {
    const key = `${tradeId}/${name}`;
    this.timers.get(key)?.cancel();
    this.timers.set(
      key,
      this.clock.setTimer(at - this.clock.now(), () => {
        this.timers.delete(key);
        actingAs(Actors.ORDER_SERVICE, () => this.run(tradeId, task)).catch((error: unknown) => this.logger.error({ err: error, tradeId, timer: name }, 'trade timer task failed'));
      }),
    );
  }

  cancel(tradeId: TradeId, name: string): void {
    const key = `${tradeId}/${name}`;
    this.timers.get(key)?.cancel();
    this.timers.delete(key);
  }

  cancelAll(tradeId: TradeId): void {
    for (const [key, t] of this.timers) {
      if (key.startsWith(`${tradeId}/`)) {
        t.cancel();
        this.timers.delete(key);
      }
    }
  }

  run<T>(tradeId: TradeId, task: () => Promise<T>): Promise<T> {
    return this.queue.run(tradeId, task);
  }

  stop(): void {
    for (const t of this.timers.values()) t.cancel();
    this.timers.clear();
  }
}
