import { AlertCode, AlertSeverity, TradingState } from '@arctrigger/contracts';
import type { AlertPublisher } from '@arctrigger/service-kit';
import type { LimitsStore } from '../limits/limits-store';
import type { TradingStateService } from '../trading-state/trading-state-service';
import type { TradingStateStore } from '../trading-state/trading-state-store';
import { TradingStateEvent } from '../trading-state/trading-state-machine';
import { lossLimitBreach, lossNearLimit } from './loss-limits';
import type { PositionBook } from './position-book';
import { totalUnrealized } from './positions-view';
import type { QuoteBoard } from './quote-board';

/**
 * Re-evaluates the daily loss limits after every fill, commission and quote of a held contract;
 * a breach moves ACTIVE to REDUCING (only closing orders pass). It never loosens the state: going
 * back to ACTIVE is an admin's decision, and while the loss still breaches a limit it moves back.
 * Before that, a loss reaching `warnPercent` % of a limit raises DAILY_LOSS_NEAR_LIMIT — once per
 * limit per trading day (the alert's dedup key carries both).
 */
export class LossMonitor {
  private pending: Promise<unknown> | undefined;
  /** An evaluation is due after the current burst of quotes (evaluateSoon). */
  private scheduled = false;
  /** `<day>:<limit>` already warned about. */
  private readonly warned = new Set<string>();

  constructor(
    private readonly positions: PositionBook,
    private readonly quotes: QuoteBoard,
    private readonly limits: LimitsStore,
    private readonly tradingState: TradingStateStore,
    private readonly transitions: TradingStateService,
    private readonly today: () => string,
    private readonly alerts: Pick<AlertPublisher, 'raise'>,
    private readonly warnPercent: number,
  ) {}

  /**
   * A held contract's quote moved: evaluated once after the current burst of ticks (one read from
   * the bus brings dozens, a market step moves every held contract at once), not once per tick —
   * each evaluation sums every position, and a risk check arriving in the burst waited behind them.
   */
  evaluateSoon(onError: (error: unknown) => void): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.evaluate().catch(onError);
    });
  }

  evaluate(): Promise<unknown> {
    if (this.pending || this.tradingState.current().state !== TradingState.ACTIVE) return this.pending ?? Promise.resolve();
    const day = this.today();
    const realized = this.positions.realizedOn(day);
    const unrealized = totalUnrealized(this.positions.openPositions(), this.quotes);
    const breach = lossLimitBreach(realized, unrealized, this.limits.limits());
    if (!breach) return this.warnIfNear(day, realized, unrealized);
    this.pending = this.transitions
      .apply(TradingStateEvent.LOSS_LIMIT_BREACHED, `${breach}; only closing orders are accepted`, 'risk-service')
      .finally(() => (this.pending = undefined));
    return this.pending;
  }

  private async warnIfNear(day: string, realized: number, unrealized: number): Promise<void> {
    const near = lossNearLimit(realized, unrealized, this.limits.limits(), this.warnPercent);
    const key = near && `${day}:${near.limit}`;
    if (!near || !key || this.warned.has(key)) return;
    this.warned.add(key);
    await this.alerts.raise({
      code: AlertCode.DAILY_LOSS_NEAR_LIMIT,
      severity: AlertSeverity.WARNING,
      dedupKey: `${AlertCode.DAILY_LOSS_NEAR_LIMIT}:${key}`,
      message: `The day's ${near.limit === 'realized' ? 'realized' : 'realized + unrealized'} loss of $${near.loss.toFixed(2)} is ${near.percent}% of its $${near.limitDollars} limit; at the limit trading moves to REDUCING.`,
      facts: { day, limit: near.limit, loss: near.loss, limitDollars: near.limitDollars, percent: near.percent, realized, unrealized },
    });
  }
}
