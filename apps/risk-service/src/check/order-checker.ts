import type { MarketCalendar, Clock } from '@arctrigger/service-kit';
import type { ReleaseReservationCommand, RiskCheckRequestV2, RiskDecision } from '@arctrigger/contracts';
import type { BookStore } from '../book/book-store';
import type { DecisionLog } from '../book/decision-log';
import { findByCheckId, usageOf, withoutReservation, withReservation, type Reservation } from '../book/risk-book';
import type { LimitsStore } from '../limits/limits-store';
import type { PositionBook } from '../positions/position-book';
import { notionalCents, type Cents } from '../rules/money';
import { ARM_PRECHECK_RULES, CLOSING_ORDER_RULES, evaluateRules, OPENING_ORDER_RULES } from '../rules/rule-table';
import type { TradingStateStore } from '../trading-state/trading-state-store';

/** A check's answer: the decision, and whether it may be acted on at once. */
export type CheckAnswer = RiskDecision | Promise<RiskDecision | undefined>;

/**
 * The pre-trade gate. An opening order is judged against the rule table on the risk book in this
 * instance's memory (it holds the decider lease: no other instance decides meanwhile), and its
 * notional is reserved in the same step, so concurrent checks can never jointly pass a cap. The
 * decision of an order with an orderRef is published to RISK_DECISIONS (the gateway places on it)
 * before it is answered, and nothing is stored in series: the book's snapshot is written behind
 * and a crash rebuilds it from the snapshot plus the logged decisions. An approved opening order
 * without an orderRef is answered only once the snapshot holds it (nothing else would).
 * A repeated checkId gets the same reservation back. Closing orders pass the closing rules only
 * (a sell never larger than the position) and reserve nothing. An arm-time pre-check (purpose
 * `arm`) is judged on the same view by the arm-time table and writes and publishes nothing.
 */
export class OrderChecker {
  constructor(
    private readonly book: BookStore,
    private readonly decisions: DecisionLog,
    private readonly limits: LimitsStore,
    private readonly tradingState: TradingStateStore,
    private readonly positions: PositionBook,
    private readonly calendar: MarketCalendar,
    private readonly clock: Clock,
    private readonly dayAt: (epochMs: number) => string,
    private readonly reservationTtlMs: number,
  ) {}

  /**
   * Decides and publishes. The decision comes back at once, or (an approved opening order with no
   * orderRef) once it is durable; undefined when this instance lost the lease before it was.
   */
  check(order: RiskCheckRequestV2): CheckAnswer {
    // What a fill of this contract will need (underlying, multiplier), remembered in memory at
    // once and in KV behind the answer; the logged decision carries it too.
    this.positions.rememberContract(order.conId, { underlying: order.underlying, multiplier: order.multiplier })
      .catch((error: unknown) => this.logger.warn({ err: error, conId: order.conId }, 'contract not remembered in KV'));
    const decidedAt = this.clock.now();
    const decision = order.opening ? this.decideOpening(order, decidedAt) : this.decideClosing(order, decidedAt);
    if (order.purpose === 'arm') return decision;
    const logged = order.orderRef !== undefined && order.orderRef !== null && this.decisions.publish({
      checkId: order.checkId, orderRef: order.orderRef, tradeId: order.tradeId, conId: order.conId, side: order.side,
      quantity: order.quantity, price: order.price, opening: order.opening, decision, decidedAt,
      underlying: order.underlying, multiplier: order.multiplier,
    });
    if (logged || !order.opening || !decision.approved) return decision;
    return this.book.flush().then((written) => (written ? decision : undefined));
  }

  private get logger() {
    return this.decisions.logger;
  }

  private decideClosing(order: RiskCheckRequestV2, now: number): RiskDecision {
    const denial = evaluateRules({
      order, notional: 0 as Cents, limits: this.limits.limits(), tradingState: this.tradingState.current().state, session: this.calendar.sessionAt(now),
      usage: usageOf(this.book.current(), order, this.positions, this.dayAt(now)),
    }, CLOSING_ORDER_RULES);
    if (denial) return { approved: false, code: denial.code, message: denial.message };
    return { approved: true, reservationId: `close:${order.checkId}`, expiresAt: now + this.reservationTtlMs };
  }

  private decideOpening(order: RiskCheckRequestV2, decidedAt: number): RiskDecision {
    const notional = notionalCents(order.quantity, order.price, order.multiplier);
    return this.book.decide(decidedAt, (book, now) => {
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

  /** Releases a reservation (order rejected, cancelled, filled or expired); written behind. Unknown or expired ids release nothing. */
  release(command: ReleaseReservationCommand): { released: boolean } {
    return this.book.decide(this.clock.now(), (book) => {
      const next = withoutReservation(book, command.reservationId);
      return { book: next, result: { released: next !== undefined } };
    });
  }
}

function approval(r: Reservation): RiskDecision {
  return { approved: true, reservationId: r.reservationId, expiresAt: r.expiresAt };
}
