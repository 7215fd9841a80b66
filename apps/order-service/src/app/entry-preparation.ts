import { Contracts, orderRefOf, type TradeOrder, type TradeView } from '@arctrigger/contracts';
import { checkQuote } from '../domain/pricing/quote-check';
import { priceEntry } from '../domain/pricing/entry-price';
import { sizeEntry } from '../domain/sizing/entry-size';
import { marketRuleFor, type TradeContext } from './trade-context';

/**
 * What a fired entry will do, decided before it is recorded: end (failed / rejected, with why) or
 * submit this order under this risk reservation. Deciding touches nothing stored, so it can run
 * while the `fired` event is being appended.
 */
export type EntryPreparation =
  | { readonly kind: 'end'; readonly event: 'failed' | 'rejected'; readonly code: string; readonly message: string; readonly quoteUnusable: boolean }
  | { readonly kind: 'submit'; readonly order: TradeOrder; readonly reservationId: string | null };

/** Market rule, usable quote, price, size and the risk check of the entry of `view` (ARMED or FIRED). */
export async function prepareEntry(ctx: TradeContext, view: TradeView): Promise<EntryPreparation> {
  const id = view.tradeId;
  const rule = await marketRuleFor(ctx, view.marketRuleId);
  if (!rule) {
    return end('failed', 'NO_MARKET_RULE', `market rule ${view.marketRuleId} unavailable: cannot round to a valid tick`);
  }
  const limits = { maxAgeMs: ctx.config.QUOTE_MAX_AGE_MS, maxSpreadPct: ctx.config.MAX_SPREAD_PCT };
  const quote = await ctx.quotes.waitUsable(view.optionConId!, (q) => checkQuote(q, ctx.clock.now(), limits), ctx.config.QUOTE_WAIT_TIMEOUT_MS);
  if (!quote.ok) return end('failed', quote.code, quote.message, true);
  const price = priceEntry(view.spec.entry, quote.ask, rule);
  if (!price.ok) return end('rejected', price.code, price.message);
  const size = sizeEntry(view.spec.size, price.value.price, view.multiplier!);
  if (!size.ok) return end('rejected', size.code, size.message);
  const orderRef = orderRefOf(id, 'entry', 1);
  const risk = await ctx.bus.request(Contracts.RiskCheck, {
    checkId: `${orderRef}`, tradeId: id, orderRef, underlying: view.spec.symbol, conId: view.optionConId!, side: 'BUY',
    quantity: size.quantity, price: price.value.price, multiplier: view.multiplier!, opening: true,
    session: ctx.calendar.sessionAt(ctx.clock.now()), ask: quote.ask,
  }, { timeoutMs: ctx.config.RISK_TIMEOUT_MS });
  // Fail closed: no answer in time (or no risk-service) is a deny.
  if (!risk.ok) return end('rejected', 'RISK_UNAVAILABLE', `risk check failed closed: ${risk.message}`);
  if (!risk.value.approved) return end('rejected', risk.value.code, risk.value.message);
  const order: TradeOrder = {
    orderRef, leg: 'entry', side: 'BUY', orderType: price.value.orderType, quantity: size.quantity,
    limitPrice: price.value.limitPrice ?? null, stopPrice: null, status: 'sending', endReason: null, pricedAt: ctx.clock.now(), repriceSteps: 0,
  };
  return { kind: 'submit', order, reservationId: risk.value.reservationId };
}

/** A prepared entry that will not be submitted gives its risk reservation back. */
export async function abandonPreparation(ctx: TradeContext, preparation: EntryPreparation, tradeId: string): Promise<void> {
  if (preparation.kind !== 'submit' || !preparation.reservationId) return;
  const reply = await ctx.bus.request(Contracts.ReleaseReservation, { reservationId: preparation.reservationId, reason: 'cancelled' });
  if (!reply.ok) ctx.logger.warn({ tradeId, code: reply.code }, 'reservation release failed');
}

function end(event: 'failed' | 'rejected', code: string, message: string, quoteUnusable = false): EntryPreparation {
  return { kind: 'end', event, code, message, quoteUnusable };
}
