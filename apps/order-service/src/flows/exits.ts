import { fail, ok, orderRefOf, type Contracts, type OrderLeg, type OrderRef, type ReplyOf, type TradeId, type TradeOrder, type TradeView } from '@arctrigger/contracts';
import type { Clock } from '@arctrigger/service-kit';
import { closingQuantity } from '../domain/exits/exit-quantity';
import { ocaGroupOf } from '../domain/exits/oca-group';
import { freeToSell } from '../domain/exits/sell-budget';
import { holdsPosition } from '../domain/lifecycle/trade-state-sets';
import { placementWorthRetrying } from '../domain/placement/placement-outcome';
import { exitEndEvent } from '../domain/trade/evolve';
import type { BrokerPort } from '../ports/broker.port';
import type { TradeScheduler } from '../ports/trade-scheduler.port';
import type { TradeStorePort } from '../ports/trade-store.port';

export interface ExitsDeps {
  trades: TradeStorePort;
  broker: BrokerPort;
  scheduler: TradeScheduler;
  clock: Clock;
  /** Retry interval while the gateway cannot say an exit was placed (same orderRef). */
  retryMs: number;
}

/**
 * Selling: exit orders (market, in the trade's OCA group), a full close that sells every contract
 * as it becomes free, and cancelling what else works. Quantities come from executions only.
 */
export class Exits {
  constructor(private readonly d: ExitsDeps) {}

  /** The next exit order of a leg (attempts count per leg, so every orderRef is new). */
  order(view: TradeView, leg: OrderLeg, quantity: number): TradeOrder {
    const attempt = view.exits.filter((x) => x.leg === leg).length + 1;
    return {
      orderRef: orderRefOf(view.tradeId, leg, attempt), leg, side: 'SELL', orderType: 'MKT', quantity,
      limitPrice: null, stopPrice: null, status: 'sending', endReason: null, brokerFilled: null, pricedAt: this.d.clock.now(), repriceSteps: 0,
    };
  }

  /**
   * Closes the whole position at market with leg `leg` (flatten, or the automatic take-profit):
   * the exit for the contracts no other order may sell leaves first, the cancels of the entry
   * remainder, the other exits and the protective stop beside it; what their cancels free is sold
   * by the same leg once confirmed (`continueClosing`).
   */
  async closePosition(id: TradeId, leg: 'flat' | 'tp'): Promise<ReplyOf<typeof Contracts.Flatten>> {
    const v = this.d.trades.get(id);
    if (!v) return fail('TRADE_NOT_FOUND', `no trade ${id}`);
    if (!holdsPosition(v.state)) return fail('INVALID_STATE', `cannot flatten a trade in ${v.state}`);
    if (v.closing) return ok(v);
    const free = freeToSell(v);
    const order = free > 0 ? this.order(v, leg, Math.floor(free)) : null;
    const next = await this.d.trades.append(id, 'exit-submitted', { order, closing: leg });
    await Promise.all([order ? this.send(id, order.orderRef) : undefined, this.cancelOthers(next, order?.orderRef ?? null)]);
    if (!order) await this.continueClosing(id);
    return ok(this.d.trades.get(id)!);
  }

  /**
   * Cancels the entry remainder and every working selling order except `keep` — the protective stop
   * included: their contracts are sold by the closing leg once each cancel is confirmed (a fill
   * that beats the cancel is counted from its execution instead).
   */
  async cancelOthers(view: TradeView, keep: OrderRef | null): Promise<void> {
    const entry = view.entryOrder;
    const working = [
      ...(entry && entry.status !== 'ended' ? [entry] : []),
      ...view.exits.filter((e) => e.status !== 'ended' && e.orderRef !== keep),
    ];
    await Promise.all(working.map((o) => this.d.broker.cancel(o.orderRef)));
  }

  /** While a full close is in progress, every contract that becomes free is sold by the closing leg. */
  async continueClosing(id: TradeId): Promise<void> {
    const view = this.d.trades.get(id);
    if (!view?.closing || view.state === 'CLOSED') return;
    const qty = closingQuantity(freeToSell(view));
    if (!qty.ok) return;
    const order = this.order(view, view.closing, qty.quantity);
    const next = await this.d.trades.appendIfAllowed(id, 'exit-submitted', { order, closing: view.closing });
    if (next) await this.send(id, order.orderRef);
  }

  /** Sends (or re-sends, idempotent by orderRef) one exit order and records the outcome. */
  async send(id: TradeId, orderRef: OrderRef): Promise<void> {
    const { trades, broker } = this.d;
    const view = trades.get(id);
    const order = view?.exits.find((x) => x.orderRef === orderRef);
    if (!view || !order || order.status === 'ended' || order.status === 'accepted') return;
    const reply = await broker.place({
      orderRef, conId: view.optionConId!, side: 'SELL', quantity: order.quantity, orderType: order.orderType,
      ...(order.limitPrice !== null ? { limitPrice: order.limitPrice } : {}), tif: 'DAY', outsideRth: false, opening: false, ocaGroup: ocaGroupOf(id),
    });
    if (reply.ok && reply.value.outcome === 'accepted') {
      await trades.appendIfAllowed(id, 'exit-accepted', { orderRef });
    } else if (!reply.ok && !placementWorthRetrying(reply)) {
      await trades.appendIfAllowed(id, exitEndEvent(view, orderRef), { orderRef, fill: null, reason: `${reply.code}: ${reply.message}` });
    } else {
      // Not placed yet but placeable (no answer, unknown, TWS away): asked again, same orderRef.
      this.retryLater(id, orderRef);
    }
  }

  /** Asks about an exit again after the retry interval (same orderRef: never a second order). */
  retryLater(id: TradeId, orderRef: OrderRef): void {
    this.d.scheduler.at(id, `exit-${orderRef}`, this.d.clock.now() + this.d.retryMs, () => this.send(id, orderRef));
  }

  /** Exits recorded but not known to be at the broker: asked again with the same orderRef (after a restart). */
  async resend(id: TradeId): Promise<void> {
    const v = this.d.trades.get(id);
    for (const x of v?.exits.filter((e) => (e.status === 'sending' || e.status === 'unknown') && e.leg !== 'guard') ?? []) await this.send(id, x.orderRef);
  }
}
