import { OrderCommandErrorCode, type ConId, type OrderPlacement, type PlaceOrderCommand, type Reply, type TradeId, type TradeOrder, type TradeView } from '@arctrigger/contracts';
import type { z } from 'zod';
import type { Clock } from '@arctrigger/service-kit';
import type { Logger } from 'pino';
import { placementOutcomeUnknown, placementRefusedRetryably } from '../domain/placement/placement-outcome';
import type { TradeTraces } from '../adapters/trade-traces';
import type { BrokerPort } from '../ports/broker.port';
import type { QuotePort } from '../ports/quote.port';
import type { RiskPort } from '../ports/risk.port';
import type { TradeScheduler } from '../ports/trade-scheduler.port';
import type { TradeStorePort } from '../ports/trade-store.port';
import type { EntryPreparer, PreparingEntry } from './entry-preparation';
import type { EntryReprice } from './entry-reprice';

export interface EntryPlacementDeps {
  trades: TradeStorePort;
  broker: BrokerPort;
  risk: RiskPort;
  quotes: QuotePort;
  scheduler: TradeScheduler;
  clock: Clock;
  traces: TradeTraces;
  preparer: EntryPreparer;
  reprice: EntryReprice;
  logger: Logger;
  /** Interval between asks about an unresolved placement (same orderRef). */
  retryMs: number;
  /** A price older than this is not chased: a retryable refusal past it rejects the entry. */
  quoteMaxAgeMs: number;
}

/** The entry as a broker order (opening, DAY, regular hours). */
export function entryCommand(conId: ConId, order: TradeOrder): z.input<typeof PlaceOrderCommand> {
  return {
    orderRef: order.orderRef, conId, side: 'BUY', quantity: order.quantity, orderType: order.orderType,
    ...(order.limitPrice !== null ? { limitPrice: order.limitPrice } : {}), tif: 'DAY', outsideRth: false, opening: true,
  };
}

/**
 * The entry order of a FIRED trade, from its preparation to the broker's answer: submitted
 * (`submitting` then the placement), asked again while the outcome is unknown (same orderRef:
 * never a second order), repriced once working, cleaned up when it ends without a position.
 */
export class EntryPlacement {
  constructor(private readonly d: EntryPlacementDeps) {}

  /** Sent once the order is priced and its risk check asked: the gateway places it on that check's approval. */
  placeOnApproval(view: TradeView, order: TradeOrder, checkId: string): Promise<Reply<OrderPlacement>> {
    return this.d.broker.placeOnApproval(entryCommand(view.optionConId!, order), checkId);
  }

  /**
   * Prices, sizes, risk-checks (or takes what was prepared while `fired` was stored) and places the
   * entry of a FIRED trade. `placement`: the request already sent for the priced order, if any; its
   * answer decides whether the order is out, whatever this service heard from the risk-service.
   */
  async submit(id: TradeId, prepared?: PreparingEntry, placement?: Promise<Reply<OrderPlacement> | undefined>): Promise<void> {
    const { trades, broker, preparer, quotes, logger } = this.d;
    const view = trades.get(id);
    if (!view || view.state !== 'FIRED') {
      if (prepared) await preparer.abandon(await prepared.decided, id);
      return;
    }
    const preparing = prepared ?? preparer.prepare(view);
    let p = await preparing.decided;
    if (p.kind === 'end') {
      // The gateway places only on the approval it heard itself: an answer lost on the way here
      // (RISK_UNAVAILABLE) may still have let the order go. Then it is out, and submitted.
      const reply = placement ? await placement : undefined;
      const priced = await preparing.priced;
      if (!reply?.ok || priced.kind !== 'priced') {
        await trades.append(id, p.event, { code: p.code, message: p.message, orderRef: null });
        if (p.quoteUnusable) quotes.unwatch(view.optionConId!);
        return;
      }
      logger.warn({ tradeId: id, code: p.code }, 'risk answer not received, but the gateway placed the entry on the approval it heard');
      p = { kind: 'submit', order: priced.order, reservationId: null };
    }
    // Unless it is already out, the place request goes right behind `submitting` on the same
    // connection, without waiting for the append's ack. Should the append fail, a restart finds the
    // trade FIRED and submits again under the same orderRef, which the gateway answers with the
    // first placement: one broker order.
    const order = p.order;
    const stored = trades.append(id, 'submitting', { order, reservationId: p.reservationId });
    // An approval the gateway did not hear goes again as PlaceOrder: the approval is in hand.
    const placed = placement
      ? placement.then((reply) => (reply === undefined || approvalNotHeard(reply) ? broker.place(entryCommand(view.optionConId!, order)) : reply))
      : broker.place(entryCommand(view.optionConId!, order));
    const [record, reply] = await Promise.allSettled([stored, placed]);
    if (record.status === 'rejected') throw record.reason;
    if (reply.status === 'rejected') throw reply.reason;
    await this.record(id, order, reply.value);
  }

  /** Sends again (orderRef makes it idempotent at the gateway) an entry whose placement is not settled. */
  async send(id: TradeId): Promise<void> {
    const view = this.d.trades.get(id);
    const order = view?.entryOrder;
    if (!view || !order || (view.state !== 'SUBMITTING' && view.state !== 'SUBMIT_UNKNOWN')) return;
    await this.record(id, order, await this.d.broker.place(entryCommand(view.optionConId!, order)));
  }

  /** Asks about the entry again after `retryMs` (an unknown outcome, a retryable refusal). */
  retryLater(id: TradeId): void {
    this.d.scheduler.at(id, 'unknown', this.d.clock.now() + this.d.retryMs, () => this.send(id));
  }

  /** Cleans up after an entry that ended without a position: timers, trace, quote, reservation. */
  async ended(view: TradeView, reason: 'rejected' | 'cancelled'): Promise<void> {
    this.d.scheduler.cancelAll(view.tradeId);
    this.d.traces.forget(view.tradeId);
    if (view.openQuantity === 0) this.d.quotes.unwatch(view.optionConId ?? 0);
    await this.d.risk.release(view.tradeId, view.reservationId, reason);
  }

  /** The gateway's answer to the entry's placement, in the trade: accepted, unknown (asked again later) or rejected. */
  private async record(id: TradeId, order: TradeOrder, reply: Reply<OrderPlacement>): Promise<void> {
    const { trades, clock, retryMs, quoteMaxAgeMs, logger, reprice } = this.d;
    if (reply.ok && reply.value.outcome === 'accepted') {
      await trades.appendIfAllowed(id, 'accepted', { orderRef: order.orderRef });
      reprice.schedule(id);
    } else if (placementOutcomeUnknown(reply)) {
      const reason = reply.ok ? 'the gateway could not confirm the placement' : reply.message;
      await trades.appendIfAllowed(id, 'submit-unknown', { orderRef: order.orderRef, reason });
      this.retryLater(id);
    } else if (!reply.ok && placementRefusedRetryably(reply) && clock.now() - order.pricedAt + retryMs <= quoteMaxAgeMs) {
      // Known not placed (TWS away, pacing) while the price is still fresh enough to trade on: sent
      // again shortly, same orderRef. Past that age the entry is not chased: rejected below.
      logger.warn({ tradeId: id, code: reply.code, message: reply.message }, 'entry not placed; sending it again');
      this.retryLater(id);
    } else if (!reply.ok) {
      const v = await trades.appendIfAllowed(id, 'rejected', { code: reply.code, message: reply.message, orderRef: order.orderRef });
      if (v) await this.ended(v, 'rejected');
    }
  }
}

function approvalNotHeard(reply: Reply<OrderPlacement>): boolean {
  return !reply.ok && reply.code === OrderCommandErrorCode.RISK_NOT_APPROVED && reply.retryable === true;
}
