import { Contracts, fail, ok, type ModifyTradeCommand, type PremarketDecisionCommand, type Reply, type ResetTradeCommand, type TakeProfitCommand, type TradeId, type TradeView } from '@arctrigger/contracts';
import { FINAL_STATES, isFinal } from '../domain/lifecycle/transition-table';
import { stopLevelFor } from '../domain/protection/stop-level';
import { takeProfitQuantity } from '../domain/exits/exit-quantity';
import { sellableQuantity } from '../domain/trade/evolve';
import { armTrade } from './arm-trade';
import { hold, rebase, scheduleAskDeadline } from './entry-flow';
import { cancelOthers, continueClosing, exitOrder, protect, sendExit } from './position-flow';
import type { TradeContext } from './trade-context';

const notFound = (id: string) => fail('TRADE_NOT_FOUND', `no trade ${id}`);
const invalidState = (v: TradeView, what: string) => fail('INVALID_STATE', `cannot ${what} a trade in ${v.state}`);
const HOLDING = ['PARTIALLY_FILLED', 'OPEN', 'PROTECTED', 'EXITING'];

/** Modify while armed: trigger level, stop offset, size. */
export async function modifyTrade(ctx: TradeContext, cmd: ModifyTradeCommand): Promise<Reply<TradeView>> {
  const v = ctx.store.get(cmd.tradeId);
  if (!v) return notFound(cmd.tradeId);
  if (v.state !== 'ARMED') return invalidState(v, 'modify');
  const spec = {
    ...v.spec,
    ...(cmd.triggerPrice !== undefined ? { trigger: { ...v.spec.trigger, price: cmd.triggerPrice } } : {}),
    ...(cmd.stopOffset !== undefined ? { stopLoss: { mode: 'offset' as const, offset: cmd.stopOffset } } : {}),
    ...(cmd.size !== undefined ? { size: cmd.size } : {}),
  };
  if (cmd.triggerPrice !== undefined && v.entryTriggerId) {
    const reply = await ctx.bus.request(Contracts.ModifyTrigger, { triggerId: v.entryTriggerId, level: cmd.triggerPrice });
    if (!reply.ok) return fail(reply.code, `entry trigger not modified: ${reply.message}`);
  }
  const stopLevel = spec.stopLoss.mode === 'offset' ? stopLevelFor(spec.right, spec.trigger.price, spec.stopLoss.offset) : null;
  return ok(await ctx.store.append(v.tradeId, 'modified', { spec, stopLevel }));
}

/** Cancel a trade with no position: disarm while armed, cancel the working entry at the broker. */
export async function cancelTrade(ctx: TradeContext, id: TradeId): Promise<Reply<TradeView>> {
  const v = ctx.store.get(id);
  if (!v) return notFound(id);
  if (v.state === 'ARMED' || v.state === 'PREMARKET_HIT' || v.state === 'FIRED') {
    if (v.entryTriggerId) await ctx.bus.request(Contracts.DisarmTrigger, { triggerId: v.entryTriggerId, reason: 'trade cancelled' });
    ctx.timers.cancelAll(id);
    ctx.quotes.unwatch(v.optionConId ?? 0);
    return ok(await ctx.store.append(id, 'cancelled', { reason: 'cancelled by the trader', orderRef: null }));
  }
  if (['SUBMITTING', 'SUBMIT_UNKNOWN', 'WORKING', 'PARTIALLY_FILLED'].includes(v.state) && v.entryOrder) {
    // The trade follows the broker's answer (cancelled, or the remainder cancelled after a partial fill).
    const reply = await ctx.bus.request(Contracts.CancelOrder, { orderRef: v.entryOrder.orderRef });
    return reply.ok ? ok(v) : fail(reply.code, `entry not cancelled: ${reply.message}`);
  }
  return invalidState(v, 'cancel');
}

/** Breakeven: the stop moves to the trigger price (armed there if the stop was waived). */
export async function breakeven(ctx: TradeContext, id: TradeId): Promise<Reply<TradeView>> {
  const v = ctx.store.get(id);
  if (!v) return notFound(id);
  if (!HOLDING.includes(v.state) || v.closing) return invalidState(v, 'move the stop of');
  const level = v.spec.trigger.price;
  if (v.stopTriggerId) {
    const reply = await ctx.bus.request(Contracts.ModifyTrigger, { triggerId: v.stopTriggerId, level });
    if (!reply.ok) return fail(reply.code, `stop not moved: ${reply.message}`);
    return ok(await ctx.store.append(id, 'stop-moved', { stopLevel: level, stopTriggerId: v.stopTriggerId }));
  }
  await ctx.store.append(id, 'modified', { spec: v.spec, stopLevel: level });
  await protect(ctx, id);
  return ok(ctx.store.get(id)!);
}

/** Partial take-profit: a percent of the ORIGINAL filled quantity, at market. */
export async function takeProfit(ctx: TradeContext, cmd: TakeProfitCommand): Promise<Reply<TradeView>> {
  const v = ctx.store.get(cmd.tradeId);
  if (!v) return notFound(cmd.tradeId);
  if (!HOLDING.includes(v.state) || v.closing) return invalidState(v, 'take profit on');
  const qty = takeProfitQuantity(v.filledQuantity, cmd.percent, sellableQuantity(v));
  if (!qty.ok) return fail(qty.code, qty.message);
  const order = exitOrder(ctx, v, 'tp', qty.quantity);
  await ctx.store.append(v.tradeId, 'exit-submitted', { order, closing: null });
  await sendExit(ctx, v.tradeId, order.orderRef);
  return ok(ctx.store.get(v.tradeId)!);
}

/** Flatten: sell the whole live quantity at market; working exits and the entry remainder are cancelled. */
export async function flatten(ctx: TradeContext, id: TradeId, leg: 'flat' | 'tp' = 'flat'): Promise<Reply<TradeView>> {
  const v = ctx.store.get(id);
  if (!v) return notFound(id);
  if (!HOLDING.includes(v.state)) return invalidState(v, 'flatten');
  if (v.closing) return ok(v);
  const sellable = sellableQuantity(v);
  const order = sellable > 0 ? exitOrder(ctx, v, leg, Math.floor(sellable)) : null;
  const next = await ctx.store.append(id, 'exit-submitted', { order, closing: leg });
  // The exit leaves first; the cancels (one request each) follow it instead of holding it back.
  await Promise.all([order ? sendExit(ctx, id, order.orderRef) : undefined, cancelOthers(ctx, next, order?.orderRef ?? null)]);
  if (!order) await continueClosing(ctx, id);
  return ok(ctx.store.get(id)!);
}

/**
 * Reset: a finished trade armed again as a new trade with its spec (modifications included),
 * optionally at another trigger price, through every arm-time check (qualification, breakout,
 * risk pre-check). The finished trade is not touched: it cannot change any more.
 */
export async function resetTrade(ctx: TradeContext, cmd: ResetTradeCommand): Promise<Reply<TradeView>> {
  const v = ctx.store.get(cmd.tradeId);
  if (!v) return notFound(cmd.tradeId);
  if (!isFinal(v.state)) return fail('INVALID_STATE', `cannot reset a trade in ${v.state}: only a finished trade (${FINAL_STATES.join(', ')}) is armed again; modify or cancel it instead`);
  if (cmd.newTradeId === cmd.tradeId) return fail('INVALID_TRADE_ID', 'the new trade needs an id of its own');
  const spec = cmd.triggerPrice === undefined ? v.spec : { ...v.spec, trigger: { ...v.spec.trigger, price: cmd.triggerPrice } };
  return armTrade(ctx, { ...spec, ...(cmd.newTradeId ? { tradeId: cmd.newTradeId } : {}) }, v.tradeId);
}

/** The trader's answer to a premarket hit (policy `ask`). */
export async function premarketDecision(ctx: TradeContext, cmd: PremarketDecisionCommand): Promise<Reply<TradeView>> {
  const v = ctx.store.get(cmd.tradeId);
  if (!v) return notFound(cmd.tradeId);
  if (v.state !== 'PREMARKET_HIT' || !v.premarket) return invalidState(v, 'decide on');
  ctx.timers.cancel(v.tradeId, 'ask');
  if (cmd.decision === 'cancel') {
    ctx.quotes.unwatch(v.optionConId ?? 0);
    return ok(await ctx.store.append(v.tradeId, 'cancelled', { reason: 'premarket hit: the trader cancelled', orderRef: null }));
  }
  if (cmd.decision === 'hold') {
    await hold(ctx, v.tradeId, ctx.calendar.nextRegularOpen(ctx.clock.now()));
    return ok(ctx.store.get(v.tradeId)!);
  }
  const moved = await rebase(ctx, v.tradeId, v.premarket.price, cmd.atmStrike);
  if (!moved.ok) {
    // Nothing changed: the question stays open until its deadline.
    if (v.premarket.decisionDeadline !== null) scheduleAskDeadline(ctx, v.tradeId, v.premarket.decisionDeadline);
    return fail(moved.code, `rebase not done: ${moved.message}`);
  }
  return ok(ctx.store.get(v.tradeId)!);
}
