import { Contracts, orderRefOf, type BrokerOrderEvent, type TradeId, type TradeOrder } from '@arctrigger/contracts';
import { exitOutcomeFor } from '../domain/lifecycle/broker-event-mapping';
import { roundToTick } from '../domain/pricing/tick-rounding';
import { sellableQuantity } from '../domain/trade/evolve';
import { appendIfAllowed, marketRuleFor, type TradeContext } from './trade-context';
import { placementWorthRetrying } from './placement-retry';

const GUARDED = ['PARTIALLY_FILLED', 'OPEN', 'PROTECTED', 'EXITING'];

/** The OCA group of a trade's exits and its protective stop: one execution cancels the others. */
export function ocaGroupOf(id: TradeId): string {
  return `oca-${id}`;
}

/**
 * The optional broker-side protective stop (leg `guard`): a STP SELL of the live quantity on the
 * option at `percentBelowEntry` under the average entry premium (rounded up to a valid tick), in
 * the same OCA group as every exit, so the position can never be sold twice. A live guard is
 * resized only while no other exit works (an exit's fills change the position). An exit's
 * execution cancels the guard at the broker (ocaType 1), even a partial one: the guard is placed
 * again at once for what the working exits are not selling, so guard and exits together never
 * exceed the position and the broker-side backstop is not missing while an exit fills. Never
 * during a full close: the closing leg sells everything.
 */
export async function ensureGuard(ctx: TradeContext, id: TradeId): Promise<void> {
  const v = ctx.store.get(id);
  const pct = v?.spec.brokerProtectiveStop?.percentBelowEntry;
  if (!v || !pct || v.closing || v.openQuantity < 1 || !v.avgEntryPrice || !GUARDED.includes(v.state)) return;
  const exitsWork = v.exits.some((x) => x.leg !== 'guard' && x.status !== 'ended');
  const quantity = Math.floor(sellableQuantity(v));
  const guard = v.exits.find((x) => x.leg === 'guard' && x.status !== 'ended');
  if (guard) {
    if (exitsWork) return;
    const filled = v.fills.some((f) => f.orderRef === guard.orderRef);
    if (guard.quantity === quantity || guard.status !== 'accepted' || filled) return;
    const reply = await ctx.bus.request(Contracts.ModifyOrder, { orderRef: guard.orderRef, quantity });
    if (reply.ok) await appendIfAllowed(ctx, id, 'guard-updated', { orderRef: guard.orderRef, status: 'accepted', quantity, reason: null });
    else ctx.logger.warn({ tradeId: id, code: reply.code, message: reply.message }, 'protective stop not resized');
    return;
  }
  if (quantity < 1) return;
  const rule = await marketRuleFor(ctx, v.marketRuleId);
  if (!rule) return void ctx.logger.warn({ tradeId: id }, 'protective stop not placed: no market rule');
  const order: TradeOrder = {
    orderRef: orderRefOf(id, 'guard', v.exits.filter((x) => x.leg === 'guard').length + 1), leg: 'guard', side: 'SELL', orderType: 'STP',
    quantity, limitPrice: null, stopPrice: roundToTick(rule, v.avgEntryPrice * (1 - pct / 100), 'up'), status: 'sending',
    endReason: null, pricedAt: ctx.clock.now(), repriceSteps: 0,
  };
  if (await appendIfAllowed(ctx, id, 'guard-placed', { order })) await sendGuard(ctx, id, order.orderRef);
}

/** Sends (or re-sends, idempotent by orderRef) the protective stop and records the outcome. */
export async function sendGuard(ctx: TradeContext, id: TradeId, orderRef: string): Promise<void> {
  const v = ctx.store.get(id);
  const order = v?.exits.find((x) => x.orderRef === orderRef);
  if (!v || !order || order.status === 'ended' || order.status === 'accepted' || order.stopPrice === null) return;
  const reply = await ctx.bus.request(Contracts.PlaceOrder, {
    orderRef, conId: v.optionConId!, side: 'SELL', quantity: order.quantity, orderType: 'STP', stopPrice: order.stopPrice,
    tif: 'DAY', outsideRth: false, opening: false, ocaGroup: ocaGroupOf(id),
  });
  if (reply.ok && reply.value.outcome === 'accepted') {
    await appendIfAllowed(ctx, id, 'guard-updated', { orderRef, status: 'accepted', quantity: null, reason: null });
  } else if (!reply.ok && !placementWorthRetrying(reply)) {
    await appendIfAllowed(ctx, id, 'guard-updated', { orderRef, status: 'ended', quantity: null, reason: `${reply.code}: ${reply.message}` });
  } else {
    ctx.timers.at(id, `guard-${orderRef}`, ctx.clock.now() + ctx.config.UNKNOWN_RETRY_MS, () => void ctx.queue.run(id, () => sendGuard(ctx, id, orderRef)));
  }
}

/**
 * A broker event of the protective stop. Cancelled with nothing filled (an exit's execution
 * cancelled it through the OCA group): placed again at once for what no working exit sells.
 * Refused: recorded, not retried (the stop trigger on the underlying still protects).
 */
export async function onGuardOrderEvent(ctx: TradeContext, id: TradeId, orderRef: string, event: BrokerOrderEvent): Promise<void> {
  const guard = ctx.store.get(id)?.exits.find((x) => x.orderRef === orderRef);
  if (!guard || guard.status === 'ended') return;
  const outcome = exitOutcomeFor(event);
  if (outcome === 'accepted') {
    if (guard.status === 'accepted') return;
    await appendIfAllowed(ctx, id, 'guard-updated', { orderRef, status: 'accepted', quantity: null, reason: null });
    // Entry fills processed while it was being sent: it is resized to the position now.
    return ensureGuard(ctx, id);
  }
  if (outcome !== 'ended' && outcome !== 'lost') return;
  ctx.timers.cancel(id, `guard-${orderRef}`);
  const reason = event.type === 'rejected' ? `IB ${event.code}: ${event.reason}` : outcome === 'lost' ? 'never reached the broker' : 'cancelled';
  await appendIfAllowed(ctx, id, 'guard-updated', { orderRef, status: 'ended', quantity: null, reason });
  // A fill before the cancel is counted from its execution first; the guard follows from there.
  if (event.type === 'status' && event.status === 'cancelled' && event.filled === 0) await ensureGuard(ctx, id);
}
