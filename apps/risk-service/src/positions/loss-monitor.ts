import { TradingState } from '@arctrigger/contracts';
import type { LimitsStore } from '../limits/limits-store';
import type { TradingStateService } from '../trading-state/trading-state-service';
import type { TradingStateStore } from '../trading-state/trading-state-store';
import { TradingStateEvent } from '../trading-state/trading-state-machine';
import { lossLimitBreach } from './loss-limits';
import type { PositionBook } from './position-book';
import { totalUnrealized } from './positions-view';
import type { QuoteBoard } from './quote-board';

/**
 * Re-evaluates the daily loss limits after every fill, commission and quote of a held contract;
 * a breach moves ACTIVE to REDUCING (only closing orders pass). It never loosens the state: going
 * back to ACTIVE is an admin's decision, and while the loss still breaches a limit it moves back.
 */
export class LossMonitor {
  private pending: Promise<unknown> | undefined;

  constructor(
    private readonly positions: PositionBook,
    private readonly quotes: QuoteBoard,
    private readonly limits: LimitsStore,
    private readonly tradingState: TradingStateStore,
    private readonly transitions: TradingStateService,
    private readonly today: () => string,
  ) {}

  evaluate(): Promise<unknown> {
    if (this.pending || this.tradingState.current().state !== TradingState.ACTIVE) return this.pending ?? Promise.resolve();
    const breach = lossLimitBreach(this.positions.realizedOn(this.today()), totalUnrealized(this.positions.openPositions(), this.quotes), this.limits.limits());
    if (!breach) return Promise.resolve();
    this.pending = this.transitions
      .apply(TradingStateEvent.LOSS_LIMIT_BREACHED, `${breach}; only closing orders are accepted`, 'risk-service')
      .finally(() => (this.pending = undefined));
    return this.pending;
  }
}
