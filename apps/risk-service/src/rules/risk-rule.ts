import type { RiskCheckRequest, RiskLimits, RiskReasonCode, Session, TradingState } from '@arctrigger/contracts';
import type { Cents } from './money';

/** What the risk book says about current usage, as seen by one check. */
export interface RiskUsage {
  /** Today's opening notional: filled plus live reservations. */
  readonly dailyNotional: Cents;
  /** Today's opening notional on this order's underlying. */
  readonly underlyingNotional: Cents;
  /** Trades holding a position or a live opening reservation. */
  readonly openPositions: number;
  /** This order's trade is already one of them (adding to it opens no new position). */
  readonly tradeAlreadyOpen: boolean;
  /** Approved checks in the last 60 seconds. */
  readonly ordersLastMinute: number;
  /** Live reservations: approved opening orders not yet filled, released or expired. */
  readonly pendingOrders: number;
  /** Contracts of this order's contract held over every trade (signed), counted from executions. */
  readonly heldContracts: number;
}

/** Everything a rule may look at. Rules are pure: same context, same answer. */
export interface RuleContext {
  readonly order: RiskCheckRequest;
  readonly notional: Cents;
  readonly limits: RiskLimits;
  readonly tradingState: TradingState;
  readonly session: Session;
  readonly usage: RiskUsage;
}

/** A denied check: stable code plus a sentence a trader understands. */
export interface Denial {
  readonly code: RiskReasonCode;
  readonly message: string;
}

/** One limit. Returns a denial, or undefined when the order passes it. */
export interface RiskRule {
  readonly name: string;
  evaluate(ctx: RuleContext): Denial | undefined;
}
