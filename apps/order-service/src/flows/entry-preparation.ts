import { orderRefOf, type OrderPlacement, type Reply, type RiskCheckRequestV2, type TradeId, type TradeOrder, type TradeView } from '@arctrigger/contracts';
import type { Clock, MarketCalendar } from '@arctrigger/service-kit';
import { checkQuote, type QuoteLimits } from '../domain/pricing/quote-check';
import { priceEntry } from '../domain/pricing/entry-price';
import { sizeEntry } from '../domain/sizing/entry-size';
import type { MarketPort } from '../ports/market.port';
import type { QuotePort } from '../ports/quote.port';
import type { RiskPort } from '../ports/risk.port';

/** Why a fired entry ends without an order: failed / rejected, with why. */
export interface EntryEnd {
  readonly kind: 'end';
  readonly event: 'failed' | 'rejected';
  readonly code: string;
  readonly message: string;
  readonly quoteUnusable: boolean;
}

/** The entry priced and sized, its risk check (`checkId`) asked and not yet answered. */
export type PricedEntry = EntryEnd | { readonly kind: 'priced'; readonly order: TradeOrder; readonly checkId: string };

/**
 * What a fired entry will do, decided before it is recorded: end, or submit this order under this
 * risk reservation. Deciding touches nothing stored, so it can run while the `fired` event is
 * being appended.
 */
export type EntryPreparation = EntryEnd | { readonly kind: 'submit'; readonly order: TradeOrder; readonly reservationId: string | null };

/**
 * Sends a priced order to be placed on its risk check's approval (PlaceOrderOnApproval); undefined
 * when it is not to be sent after all.
 */
export type SendOnApproval = (order: TradeOrder, checkId: string) => Promise<Reply<OrderPlacement>> | undefined;

/**
 * An entry being prepared, in its two steps: `priced` once the order is priced and sized and its
 * risk check asked (an order can be placed on that check's approval from then on:
 * PlaceOrderOnApproval), `decided` once the risk-service answered. `placed`: the gateway's answer
 * to the order sent on approval with the check, undefined when none was sent.
 */
export interface PreparingEntry {
  readonly priced: Promise<PricedEntry>;
  readonly decided: Promise<EntryPreparation>;
  readonly placed: Promise<Reply<OrderPlacement> | undefined>;
}

export interface EntryPreparerDeps {
  market: MarketPort;
  quotes: QuotePort;
  risk: RiskPort;
  clock: Clock;
  calendar: MarketCalendar;
  quoteLimits: QuoteLimits;
  /** How long a fired entry waits for a usable option quote before failing. */
  quoteWaitMs: number;
  /**
   * How long, from pricing, a risk check that found no risk-service (restarting: no responders,
   * no answer) is asked again under the same checkId before the entry is rejected.
   */
  riskWaitMs: number;
}

/** Market rule, usable quote, price, size and the risk check of a trade's entry (ARMED or FIRED). */
export class EntryPreparer {
  constructor(private readonly d: EntryPreparerDeps) {}

  /**
   * `sendOnApproval`, when given, is called with the priced order in the same turn of the event
   * loop as its risk check is asked: the NATS client writes what is published in one turn as one
   * write, so the check and the order reach the server together, and the gateway's record of the
   * placement is written while the risk-service decides instead of after.
   */
  prepare(view: TradeView, sendOnApproval?: SendOnApproval): PreparingEntry {
    const asked = this.priceAndAsk(view, sendOnApproval);
    return { priced: asked.then((a) => a.priced), decided: asked.then((a) => a.answer), placed: asked.then((a) => a.placed) };
  }

  /** A prepared entry that will not be submitted gives its risk reservation back. */
  async abandon(preparation: EntryPreparation, tradeId: TradeId): Promise<void> {
    if (preparation.kind === 'submit') await this.d.risk.release(tradeId, preparation.reservationId, 'cancelled');
  }

  /** The entry priced and sized, and its risk check asked: the answer comes later. */
  private async priceAndAsk(view: TradeView, sendOnApproval?: SendOnApproval): Promise<{ priced: PricedEntry; answer: Promise<EntryPreparation>; placed: Promise<Reply<OrderPlacement>> | undefined }> {
    const { market, quotes, clock, calendar, quoteLimits, quoteWaitMs } = this.d;
    const ended = (e: EntryEnd) => ({ priced: e, answer: Promise.resolve(e), placed: undefined });
    const id = view.tradeId;
    const rule = await market.marketRule(view.marketRuleId);
    if (!rule) {
      return ended(end('failed', 'NO_MARKET_RULE', `market rule ${view.marketRuleId} unavailable: cannot round to a valid tick`));
    }
    const quote = await quotes.waitUsable(view.optionConId!, (q) => checkQuote(q, clock.now(), quoteLimits), quoteWaitMs);
    if (!quote.ok) return ended(end('failed', quote.code, quote.message, true));
    const price = priceEntry(view.spec.entry, quote.ask, rule);
    if (!price.ok) return ended(end('rejected', price.code, price.message));
    const size = sizeEntry(view.spec.size, price.value.price, view.multiplier!);
    if (!size.ok) return ended(end('rejected', size.code, size.message));
    const orderRef = orderRefOf(id, 'entry', 1);
    const order: TradeOrder = {
      orderRef, leg: 'entry', side: 'BUY', orderType: price.value.orderType, quantity: size.quantity,
      limitPrice: price.value.limitPrice ?? null, stopPrice: null, status: 'sending', endReason: null, brokerFilled: null, pricedAt: clock.now(), repriceSteps: 0,
    };
    const check: RiskCheckRequestV2 = {
      checkId: `${orderRef}`, tradeId: id, orderRef, underlying: view.spec.symbol, conId: view.optionConId!, side: 'BUY',
      quantity: size.quantity, price: price.value.price, multiplier: view.multiplier!, opening: true,
      session: calendar.sessionAt(clock.now()), ask: quote.ask, purpose: 'fire',
    };
    // Asked (published) before askRisk's first await, and the order sent in this same turn.
    const answer = this.askRisk(check, order);
    return { priced: { kind: 'priced', order, checkId: check.checkId }, answer, placed: sendOnApproval?.(order, check.checkId) };
  }

  private async askRisk(check: RiskCheckRequestV2, order: TradeOrder): Promise<EntryPreparation> {
    const { clock, riskWaitMs } = this.d;
    let risk = await this.d.risk.check(check);
    // A risk-service restarting is waited for, a bounded time: the same checkId, decided once.
    for (let pause = 250; !risk.ok && risk.retryable === true && clock.now() - order.pricedAt + pause <= riskWaitMs; pause = Math.min(pause * 2, 2_000)) {
      await new Promise<void>((resolve) => clock.setTimer(pause, resolve));
      risk = await this.d.risk.check(check);
    }
    // Fail closed: no answer within the wait (or no risk-service) is a deny.
    if (!risk.ok) return end('rejected', 'RISK_UNAVAILABLE', `risk check failed closed: ${risk.message}`);
    if (!risk.value.approved) return end('rejected', risk.value.code, risk.value.message);
    return { kind: 'submit', order, reservationId: risk.value.reservationId };
  }
}

function end(event: 'failed' | 'rejected', code: string, message: string, quoteUnusable = false): EntryEnd {
  return { kind: 'end', event, code, message, quoteUnusable };
}
