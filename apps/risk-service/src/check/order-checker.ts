import type { MarketCalendar, Clock } from '@arctrigger/service-kit';
import type { ReleaseReservationCommand, RiskCheckRequestV2, RiskDecision } from '@arctrigger/contracts';
import type { BookStore } from '../book/book-store';
import { findByCheckId, usageOf, withoutReservation, withReservation, type Reservation } from '../book/risk-book';
import type { LimitsStore } from '../limits/limits-store';
import type { PositionBook } from '../positions/position-book';
import { notionalCents, type Cents } from '../rules/money';
import { ARM_PRECHECK_RULES, CLOSING_ORDER_RULES, evaluateRules, OPENING_ORDER_RULES } from '../rules/rule-table';
import type { TradingStateStore } from '../trading-state/trading-state-store';

/**
 * The pre-trade gate. An opening order is judged against the rule table on a serialized,
 * compare-and-set view of the risk book, and its notional is reserved in the same write as the
 * approval, so concurrent checks can never jointly pass a cap. A repeated checkId gets the same
 * reservation back. Closing orders pass the closing rules only (a sell never larger than the
 * position) and reserve nothing. An arm-time pre-check (purpose `arm`) is judged on the same view
 * by the arm-time table and writes nothing: no reservation, no count toward orders per minute.
 */
export class OrderChecker {
  constructor(
    private readonly book: BookStore,
    private readonly limits: LimitsStore,
    private readonly tradingState: TradingStateStore,
    private readonly positions: PositionBook,
    private readonly calendar: MarketCalendar,
    private readonly clock: Clock,
    private readonly dayAt: (epochMs: number) => string,
    private readonly reservationTtlMs: number,
  ) {}

  async check(order: RiskCheckRequestV2): Promise<RiskDecision> {
    // What a fill of this contract will need (underlying, multiplier) is stored beside the decision,
    // not before it: both writes are in flight together and the answer waits for both.
    const remembered = this.positions.rememberContract(order.conId, { underlying: order.underlying, multiplier: order.multiplier });
    const decided = this.decide(order);
    const [, decision] = await Promise.all([remembered, decided]);
    return decision;
  }

  private decide(order: RiskCheckRequestV2): Promise<RiskDecision> {
    if (!order.opening) {
      const now = this.clock.now();
      const denial = evaluateRules({
        order, notional: 0 as Cents, limits: this.limits.limits(), tradingState: this.tradingState.current().state, session: this.calendar.sessionAt(now),
        usage: usageOf(this.book.current(), order, this.positions, this.dayAt(now)),
      }, CLOSING_ORDER_RULES);
      if (denial) return Promise.resolve({ approved: false, code: denial.code, message: denial.message });
      return Promise.resolve({ approved: true, reservationId: `close:${order.checkId}`, expiresAt: now + this.reservationTtlMs });
    }
    const notional = notionalCents(order.quantity, order.price, order.multiplier);
    return this.book.mutate((book, now) => {
      const arming = order.purpose === 'arm';
      const existing = arming ? undefined : findByCheckId(book, order.checkId);
      if (existing) return { book: undefined, result: approval(existing) };
      const denial = evaluateRules({
        order,
        notional,
        limits: this.limits.limits(),
        tradingState: this.tradingState.current().state,
        session: this.calendar.sessionAt(now),
        usage: usageOf(book, order, this.positions, this.dayAt(now)),
      }, arming ? ARM_PRECHECK_RULES : OPENING_ORDER_RULES);
      if (denial) return { book: undefined, result: { approved: false, code: denial.code, message: denial.message } };
      if (arming) return { book: undefined, result: { approved: true, reservationId: `precheck:${order.checkId}`, expiresAt: now } };
      const reservation: Reservation = {
        reservationId: `rsv:${order.checkId}`,
        checkId: order.checkId,
        tradeId: order.tradeId,
        orderRef: order.orderRef ?? null,
        underlying: order.underlying,
        conId: order.conId,
        notional,
        createdAt: now,
        expiresAt: now + this.reservationTtlMs,
      };
      return { book: withReservation(book, reservation), result: approval(reservation) };
    });
  }

  /** Releases a reservation (order rejected, cancelled, filled or expired). Unknown or expired ids release nothing. */
  release(command: ReleaseReservationCommand): Promise<{ released: boolean }> {
    return this.book.mutate((book) => {
      const next = withoutReservation(book, command.reservationId);
      return { book: next, result: { released: next !== undefined } };
    });
  }
}

function approval(r: Reservation): RiskDecision {
  return { approved: true, reservationId: r.reservationId, expiresAt: r.expiresAt };
}
