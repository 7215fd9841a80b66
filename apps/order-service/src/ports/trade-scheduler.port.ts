import type { TradeId } from '@arctrigger/contracts';

/**
 * Work a trade will do later (reprice, premarket deadline, hold re-arm, retries, the protection
 * deadline), by name per trade. A task runs in the trade's queue like every other change of the
 * trade; scheduling a name again replaces the earlier one. Kept in memory: a restarted service
 * derives its timers again from each trade's state.
 */
export interface TradeScheduler {
  at(tradeId: TradeId, name: string, at: number, task: () => Promise<void>): void;
  cancel(tradeId: TradeId, name: string): void;
  cancelAll(tradeId: TradeId): void;
  /** Runs `task` in the trade's queue now (after whatever is already queued for it). */
  run<T>(tradeId: TradeId, task: () => Promise<T>): Promise<T>;
}
