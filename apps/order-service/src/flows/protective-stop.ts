import { fail, ok, orderRefOf, type BrokerOrderEvent, type CodesOf, type Contracts, type OrderRef, type Reply, type ReplyOf, type TradeId, type TradeOrder } from '@arctrigger/contracts';
import type { Clock } from '@arctrigger/service-kit';
import type { Logger } from 'pino';
import { exitOutcomeFor } from '../domain/lifecycle/broker-event-mapping';
import { holdsPosition } from '../domain/lifecycle/trade-state-sets';
import { placementWorthRetrying } from '../domain/placement/placement-outcome';
import { roundToTick } from '../domain/pricing/tick-rounding';
import { ocaGroupOf } from '../domain/exits/oca-group';
import { guardTarget, remainingOf, workingGuard } from '../domain/exits/sell-budget';
import type { BrokerPort } from '../ports/broker.port';
import type { MarketPort } from '../ports/market.port';
import type { TradeScheduler } from '../ports/trade-scheduler.port';
import type { TradeStorePort } from '../ports/trade-store.port';

export interface ProtectiveStopDeps {
  trades: TradeStorePort;
  broker: BrokerPort;
  market: MarketPort;
  scheduler: TradeScheduler;
  clock: Clock;
  logger: Logger;
  /** Retry interval while the gateway cannot say the stop was placed (same orderRef). */
  retryMs: number;
}

/**
 * The optional broker-side protective stop (leg `guard`): a STP SELL on the option at
 * `percentBelowEntry` under the average entry premium (rounded up to a valid tick) of what no
 * working exit is selling. It holds its contracts like any selling order (sell budget): an exit
 * for them is sent only once the broker confirms the guard was cancelled or made smaller, so the
 * position is never sold twice — the OCA group it shares with every exit is a second line. A live
 * guard is resized only while no other exit works (an exit's fills change the position); an exit's
 * execution cancels it at the broker (ocaType 1), and it is placed again at once for what the
 * working exits are not selling. Never during a full close: the closing leg sells everything, after
 * the guard's cancel is confirmed.
 */
export class ProtectiveStop {
  constructor(private readonly d: ProtectiveStopDeps) {}

  async ensure(id: TradeId): Promise<void> {
    const { trades, broker, market, clock, logger } = this.d;
    const v = trades.get(id);
    const pct = v?.spec.brokerProtectiveStop?.percentBelowEntry;
    if (!v || !pct || v.closing || v.guardWithdrawn || v.openQuantity < 1 || !v.avgEntryPrice || !holdsPosition(v.state)) return;
    const exitsWork = v.exits.some((x) => x.leg !== 'guard' && x.status !== 'ended');
    const quantity = Math.floor(guardTarget(v));
    const guard = v.exits.find((x) => x.leg === 'guard' && x.status !== 'ended');
    if (guard) {
      if (exitsWork) return;
      const filled = v.fills.some((f) => f.orderRef === guard.orderRef);
      if (guard.quantity === quantity || guard.status !== 'accepted' || filled) return;
      const reply = await broker.modify({ orderRef: guard.orderRef, quantity });
      if (reply.ok) await trades.appendIfAllowed(id, 'guard-updated', { orderRef: guard.orderRef, status: 'accepted', quantity, reason: null });
      else logger.warn({ tradeId: id, code: reply.code, message: reply.message }, 'protective stop not resized');
      return;
    }
    if (quantity < 1) return;
    const rule = await market.marketRule(v.marketRuleId);
    if (!rule) return void logger.warn({ tradeId: id }, 'protective stop not placed: no market rule');
    const order: TradeOrder = {
      orderRef: orderRefOf(id, 'guard', v.exits.filter((x) => x.leg === 'guard').length + 1), leg: 'guard', side: 'SELL', orderType: 'STP',
      quantity, limitPrice: null, stopPrice: roundToTick(rule, v.avgEntryPrice * (1 - pct / 100), 'up'), status: 'sending',
      endReason: null, brokerFilled: null, pricedAt: clock.now(), repriceSteps: 0,
    };
    if (await trades.appendIfAllowed(id, 'guard-placed', { order })) await this.send(id, order.orderRef);
  }

  /**
   * Takes `quantity` contracts back from the protective stop for another seller (a partial
   * take-profit): the guard is made smaller, or cancelled when nothing would be left. The
   * contracts are free only once the broker confirmed it; a refusal (the guard filled meanwhile)
   * frees nothing.
   */
  async release(id: TradeId, quantity: number): Promise<Reply<true, CodesOf<typeof Contracts.TakeProfit>>> {
    const { trades, broker } = this.d;
    const v = trades.get(id);
    const guard = v ? workingGuard(v) : undefined;
    if (!v || !guard || quantity <= 0) return ok(true);
    const remaining = remainingOf(v, guard);
    const left = remaining - quantity;
    if (left > 0) {
      const total = guard.quantity - remaining + left;
      const reply = await broker.modify({ orderRef: guard.orderRef, quantity: total });
      if (!reply.ok) return fail(reply.code, `the protective stop was not made smaller, so its contracts are not free to sell: ${reply.message}`);
      await trades.appendIfAllowed(id, 'guard-updated', { orderRef: guard.orderRef, status: 'accepted', quantity: total, reason: null });
      return ok(true);
    }
    const reply = await broker.cancel(guard.orderRef);
    if (!reply.ok) return fail(reply.code, `the protective stop was not cancelled, so its contracts are not free to sell: ${reply.message}`);
    await trades.appendIfAllowed(id, 'guard-updated', { orderRef: guard.orderRef, status: 'ended', quantity: null, reason: 'cancelled to free its contracts for another exit' });
    return ok(true);
  }

  /**
   * Emergency cancel-all: cancels the working protective stop and withdraws it for good — it is not
   * placed again for this trade (the stop trigger on the underlying still protects the position).
   * Its contracts are free only once the broker confirmed the cancel; a refusal (it filled, or TWS
   * is away) withdraws nothing and is answered as it came.
   */
  async withdraw(id: TradeId): Promise<{ guard: TradeOrder; reply: ReplyOf<typeof Contracts.CancelOrder> } | undefined> {
    const { trades, broker, scheduler } = this.d;
    const v = trades.get(id);
    const guard = v?.exits.find((x) => x.leg === 'guard' && x.status !== 'ended');
    if (!v || !guard) return undefined;
    const reply = await broker.cancel(guard.orderRef);
    if (!reply.ok) return { guard, reply };
    scheduler.cancel(id, `guard-${guard.orderRef}`);
    await trades.appendIfAllowed(id, 'guard-updated', { orderRef: guard.orderRef, status: 'ended', quantity: null, reason: 'withdrawn by an emergency cancel-all', withdrawn: true });
    return { guard, reply };
  }

  /** Sends (or re-sends, idempotent by orderRef) the protective stop and records the outcome. */
  async send(id: TradeId, orderRef: OrderRef): Promise<void> {
    const { trades, broker, scheduler, clock, retryMs } = this.d;
    const v = trades.get(id);
    const order = v?.exits.find((x) => x.orderRef === orderRef);
    if (!v || !order || order.status === 'ended' || order.status === 'accepted' || order.stopPrice === null) return;
    const reply = await broker.place({
      orderRef, conId: v.optionConId!, side: 'SELL', quantity: order.quantity, orderType: 'STP', stopPrice: order.stopPrice,
      tif: 'DAY', outsideRth: false, opening: false, ocaGroup: ocaGroupOf(id),
    });
    if (reply.ok && reply.value.outcome === 'accepted') {
      await trades.appendIfAllowed(id, 'guard-updated', { orderRef, status: 'accepted', quantity: null, reason: null });
    } else if (!reply.ok && !placementWorthRetrying(reply)) {
      await trades.appendIfAllowed(id, 'guard-updated', { orderRef, status: 'ended', quantity: null, reason: `${reply.code}: ${reply.message}` });
    } else {
      scheduler.at(id, `guard-${orderRef}`, clock.now() + retryMs, () => this.send(id, orderRef));
    }
  }

  /**
   * A broker event of the protective stop. Cancelled with nothing filled (an exit's execution
   * cancelled it through the OCA group): placed again at once for what no working exit sells.
   * Refused: recorded, not retried (the stop trigger on the underlying still protects).
   */
  async onOrderEvent(id: TradeId, orderRef: OrderRef, event: BrokerOrderEvent): Promise<void> {
    const { trades, scheduler } = this.d;
    const guard = trades.get(id)?.exits.find((x) => x.orderRef === orderRef);
    if (!guard || guard.status === 'ended') return;
    const outcome = exitOutcomeFor(event);
    if (outcome === 'accepted') {
      if (guard.status === 'accepted') return;
      await trades.appendIfAllowed(id, 'guard-updated', { orderRef, status: 'accepted', quantity: null, reason: null });
      // Entry fills processed while it was being sent: it is resized to the position now.
      return this.ensure(id);
    }
    if (outcome !== 'ended' && outcome !== 'lost') return;
    scheduler.cancel(id, `guard-${orderRef}`);
    const reason = event.type === 'rejected' ? `IB ${event.code}: ${event.reason}` : outcome === 'lost' ? 'never reached the broker' : 'cancelled';
    const filled = event.type === 'status' ? Math.floor(event.filled) : null;
    await trades.appendIfAllowed(id, 'guard-updated', { orderRef, status: 'ended', quantity: null, reason, filled });
    // A fill before the cancel is counted from its execution first; the guard follows from there.
    if (event.type === 'status' && event.status === 'cancelled' && event.filled === 0) await this.ensure(id);
  }

  /** A protective stop recorded but not known to be at the broker: asked again with the same orderRef (after a restart). */
  async resend(id: TradeId): Promise<void> {
    const v = this.d.trades.get(id);
    for (const x of v?.exits.filter((e) => e.leg === 'guard' && (e.status === 'sending' || e.status === 'unknown')) ?? []) await this.send(id, x.orderRef);
  }
}
