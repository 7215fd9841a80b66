import { Contracts, orderRefOf, parseOrderRef, type Execution, type OrderLeg, type TradeFill, type TradeId, type TradeOrder, type TradeView } from '@arctrigger/contracts';
import { autoTakeProfitLevel, closingQuantity } from '../domain/exits/exit-quantity';
import { stopDirectionFor } from '../domain/protection/stop-level';
import { exitEndEvent, remainingOf, sellableQuantity } from '../domain/trade/evolve';
import { scheduleProtectionDeadline } from './protection-deadline';
import { ensureGuard, ocaGroupOf } from './protective-stop';
import { appendIfAllowed, releaseReservation, type TradeContext } from './trade-context';
import { placementWorthRetrying } from './placement-retry';

/** States past the entry's last fill: any entry fill that still arrives completes it. */
const ENTRY_FILLED = ['OPEN', 'PROTECTED', 'EXITING', 'CLOSED'];

/** One execution from gw.exec: an entry fill or an exit fill, counted once by execId. */
export async function onExecution(ctx: TradeContext, exec: Execution): Promise<void> {
  const ref = parseOrderRef(exec.orderRef);
  if (!ref) return;
  const id = ref.tradeId;
  const view = ctx.store.get(id);
  if (!view || view.fills.some((f) => f.execId === exec.execId)) return;
  const fill: TradeFill = { execId: exec.execId, orderRef: exec.orderRef, leg: ref.leg, side: exec.side, shares: exec.shares, price: exec.price, at: exec.executedAt };
  if (ref.leg === 'entry') {
    const bought = view.filledQuantity + exec.shares;
    const complete = bought >= (view.entryOrder?.quantity ?? 0) || ENTRY_FILLED.includes(view.state);
    const next = await appendIfAllowed(ctx, id, complete ? 'filled' : 'partially-filled', { fill }, exec.execId);
    if (!next) return ctx.logger.error({ tradeId: id, state: view.state, execId: exec.execId }, 'entry fill in a state that cannot take it');
    if (complete) await releaseReservation(ctx, next, 'filled');
    if (complete) ctx.traces.forget(id);
    if (view.filledQuantity === 0) scheduleProtectionDeadline(ctx, id, next.firstFillAt ?? ctx.clock.now());
    await protect(ctx, id);
    // Bought while the position is being closed (the entry's remainder filled before its cancel
    // landed): sold at once by the closing leg, not only once the exits before it are done.
    if (next.closing) await continueClosing(ctx, id);
    return;
  }
  await onExitFill(ctx, view, fill);
}

async function onExitFill(ctx: TradeContext, view: TradeView, fill: TradeFill): Promise<void> {
  const id = view.tradeId;
  const exit = view.exits.find((x) => x.orderRef === fill.orderRef);
  const liveAfter = view.openQuantity - fill.shares;
  const exitDone = exit ? remainingOf(view, exit) - fill.shares <= 0 : true;
  if (liveAfter <= 0) {
    const closed = await appendIfAllowed(ctx, id, 'closed', { orderRef: fill.orderRef, fill }, fill.execId);
    if (closed) await afterClosed(ctx, closed);
    else ctx.logger.error({ tradeId: id, state: view.state }, 'exit fill in a state that cannot take it');
    return;
  }
  // The protective stop is no exit in progress: its fills only reduce the position.
  if (!exitDone || view.state !== 'EXITING' || fill.leg === 'guard') {
    await appendIfAllowed(ctx, id, 'exit-partially-filled', { fill }, fill.execId);
    await ensureGuard(ctx, id);
    return;
  }
  await appendIfAllowed(ctx, id, exitEndEvent(view, fill.orderRef), { orderRef: fill.orderRef, fill, reason: null }, fill.execId);
  await continueClosing(ctx, id);
  await ensureGuard(ctx, id);
}

/** After the position is flat: stop watching, disarm what is left, cancel any other working exit. */
async function afterClosed(ctx: TradeContext, view: TradeView): Promise<void> {
  ctx.timers.cancelAll(view.tradeId);
  ctx.quotes.unwatch(view.optionConId ?? 0);
  for (const triggerId of [view.stopTriggerId, view.takeProfitTriggerId]) {
    if (triggerId) await ctx.bus.request(Contracts.DisarmTrigger, { triggerId: triggerId, reason: 'trade closed' });
  }
  for (const x of view.exits.filter((e) => e.status !== 'ended')) await ctx.bus.request(Contracts.CancelOrder, { orderRef: x.orderRef });
}

/**
 * The protection invariant: once anything has filled, the stop trigger on the underlying is
 * armed (trigger − offset for calls, + offset for puts; regular hours; fires at once if already
 * crossed). Retried until it holds. Also arms the auto take-profit when the trade asks for it.
 */
export async function protect(ctx: TradeContext, id: TradeId): Promise<void> {
  const view = ctx.store.get(id);
  if (!view || view.openQuantity <= 0 || !['PARTIALLY_FILLED', 'OPEN', 'EXITING'].includes(view.state)) return;
  let stopTriggerId = view.stopTriggerId;
  let takeProfitTriggerId = view.takeProfitTriggerId;
  if (!stopTriggerId && view.stopLevel !== null && view.closing === null) {
    const triggerId = `${id}-s${view.revision + 1}`;
    const reply = await ctx.bus.request(Contracts.ArmTrigger, {
      triggerId, owner: { tradeId: id, purpose: 'stop' }, conId: view.underConId!, priceSource: view.spec.trigger.source,
      direction: stopDirectionFor(view.spec.right), level: view.stopLevel, sessionScope: 'regular', ifMetOnArm: 'fire',
    } as never);
    if (!reply.ok) {
      // Recorded once per distinct reason: the retries every 200 ms would flood the audit log.
      const reason = `stop trigger not armed: ${reply.code} ${reply.message}`;
      if (view.reason !== reason) await appendIfAllowed(ctx, id, 'protection-failed', { reason });
      ctx.timers.at(id, 'protect', ctx.clock.now() + 200, () => void ctx.queue.run(id, () => protect(ctx, id)));
      // The broker-side backstop matters most while the stop trigger cannot be armed.
      await ensureGuard(ctx, id);
      return;
    }
    stopTriggerId = triggerId;
  }
  const autoPct = view.spec.takeProfit.autoPercent;
  if (autoPct && !takeProfitTriggerId && view.avgEntryPrice) {
    const triggerId = `${id}-tp${view.revision + 1}`;
    const reply = await ctx.bus.request(Contracts.ArmTrigger, {
      triggerId, owner: { tradeId: id, purpose: 'take-profit' }, conId: view.optionConId!, priceSource: 'bid', direction: 'above',
      level: autoTakeProfitLevel(view.avgEntryPrice, autoPct), sessionScope: 'regular', ifMetOnArm: 'fire',
    } as never);
    if (reply.ok) takeProfitTriggerId = triggerId;
  }
  const changed = stopTriggerId !== view.stopTriggerId || takeProfitTriggerId !== view.takeProfitTriggerId;
  if (changed || (view.state === 'OPEN' && stopTriggerId)) {
    await appendIfAllowed(ctx, id, 'protected', { stopTriggerId, stopLevel: view.stopLevel, takeProfitTriggerId });
  }
  await ensureGuard(ctx, id);
}

/** Builds the next exit order of a leg (attempts count per leg). */
export function exitOrder(ctx: TradeContext, view: TradeView, leg: OrderLeg, quantity: number): TradeOrder {
  const attempt = view.exits.filter((x) => x.leg === leg).length + 1;
  return {
    orderRef: orderRefOf(view.tradeId, leg, attempt), leg: leg, side: 'SELL', orderType: 'MKT', quantity,
    limitPrice: null, stopPrice: null, status: 'sending', endReason: null, pricedAt: ctx.clock.now(), repriceSteps: 0,
  };
}

/** The stop on the underlying fired: sell the live quantity (from executions) at market. */
export async function onStopFired(ctx: TradeContext, view: TradeView, triggerId: string, price: number, causationId: string): Promise<void> {
  if (view.stopTriggerId !== triggerId) return;
  const qty = closingQuantity(sellableQuantity(view));
  const order = qty.ok ? exitOrder(ctx, view, 'stop', qty.quantity) : null;
  const next = await appendIfAllowed(ctx, view.tradeId, 'stop-fired', { price, triggerId, order }, causationId);
  if (!next) return;
  // The exit leaves first; the cancels (one request each) follow it instead of holding it back.
  await Promise.all([order ? sendExit(ctx, view.tradeId, order.orderRef) : undefined, cancelOthers(ctx, next, order?.orderRef ?? null)]);
}

/**
 * Cancels the entry remainder and every working exit except `keep`: their contracts are sold by the
 * closing leg. The protective stop stays: the closing leg joins its OCA group, and whichever
 * executes first cancels the other at the broker.
 */
export async function cancelOthers(ctx: TradeContext, view: TradeView, keep: string | null): Promise<void> {
  const entry = view.entryOrder;
  const working = [
    ...(entry && entry.status !== 'ended' ? [entry] : []),
    ...view.exits.filter((e) => e.status !== 'ended' && e.orderRef !== keep && e.leg !== 'guard'),
  ];
  await Promise.all(working.map((o) => ctx.bus.request(Contracts.CancelOrder, { orderRef: o.orderRef })));
}

/** While a full close is in progress, every contract that becomes free is sold by the closing leg. */
export async function continueClosing(ctx: TradeContext, id: TradeId): Promise<void> {
  const view = ctx.store.get(id);
  if (!view?.closing || view.state === 'CLOSED') return;
  const qty = closingQuantity(sellableQuantity(view));
  if (!qty.ok) return;
  const order = exitOrder(ctx, view, view.closing, qty.quantity);
  const next = await appendIfAllowed(ctx, id, 'exit-submitted', { order, closing: view.closing });
  if (next) await sendExit(ctx, id, order.orderRef);
}

/** Sends (or re-sends, idempotent by orderRef) one exit order and records the outcome. */
export async function sendExit(ctx: TradeContext, id: TradeId, orderRef: string): Promise<void> {
  const view = ctx.store.get(id);
  const order = view?.exits.find((x) => x.orderRef === orderRef);
  if (!view || !order || order.status === 'ended' || order.status === 'accepted') return;
  const reply = await ctx.bus.request(Contracts.PlaceOrder, {
    orderRef: orderRef, conId: view.optionConId!, side: 'SELL', quantity: order.quantity, orderType: order.orderType,
    ...(order.limitPrice !== null ? { limitPrice: order.limitPrice } : {}), tif: 'DAY', outsideRth: false, opening: false, ocaGroup: ocaGroupOf(id),
  });
  if (reply.ok && reply.value.outcome === 'accepted') {
    await appendIfAllowed(ctx, id, 'exit-accepted', { orderRef });
  } else if (!reply.ok && !placementWorthRetrying(reply)) {
    await appendIfAllowed(ctx, id, exitEndEvent(view, orderRef), { orderRef, fill: null, reason: `${reply.code}: ${reply.message}` });
  } else {
    // Not placed yet but placeable (no answer, unknown, TWS away): asked again, same orderRef.
    ctx.timers.at(id, `exit-${orderRef}`, ctx.clock.now() + ctx.config.UNKNOWN_RETRY_MS, () => void ctx.queue.run(id, () => sendExit(ctx, id, orderRef)));
  }
}
