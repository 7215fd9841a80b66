import { TradingState, type TradingStateRecord } from '@arctrigger/contracts';
import type { Logger } from 'pino';
import type { EntrySuspension } from '../../flows/entry-suspension';
import type { TradeScheduler } from '../../ports/trade-scheduler.port';
import type { TradeStorePort } from '../../ports/trade-store.port';

/**
 * The trading state changed (or was read at start): not ACTIVE suspends every armed trade, ACTIVE
 * resumes every suspended one — each in its own queue. Idempotent: a state seen twice finds
 * nothing left to do.
 */
export class ApplyTradingState {
  constructor(
    private readonly trades: TradeStorePort,
    private readonly suspension: EntrySuspension,
    private readonly scheduler: TradeScheduler,
    private readonly logger: Logger,
  ) {}

  execute(record: TradingStateRecord): void {
    const active = record.state === TradingState.ACTIVE;
    const reason = `trading ${record.state} by ${record.changedBy}: ${record.reason}`;
    for (const view of this.trades.all()) {
      if (active ? view.state !== 'SUSPENDED' : view.state !== 'ARMED') continue;
      const id = view.tradeId;
      const task = active ? () => this.suspension.resume(id) : () => this.suspension.suspend(id, record.state, reason, `trading-state:${record.at}`);
      this.scheduler.run(id, task).catch((error: unknown) => this.logger.error({ err: error, tradeId: id, state: record.state }, 'trading state not applied to the trade'));
    }
  }
}
