import { parseOrderRef, type BrokerOrderEvent, type OrderRefParts, type TradeView } from '@arctrigger/contracts';
import { entryEventFor, exitOutcomeFor } from '../../domain/lifecycle/broker-event-mapping';
import { exitEndEvent } from '../../domain/trade/evolve';
import type { EntryPlacement } from '../../flows/entry-placement';
import type { EntryReprice } from '../../flows/entry-reprice';
import type { Exits } from '../../flows/exits';
import type { Protection } from '../../flows/protection';
import type { ProtectiveStop } from '../../flows/protective-stop';
import type { RiskPort } from '../../ports/risk.port';
import type { TradeScheduler } from '../../ports/trade-scheduler.port';
import type { TradeStorePort } from '../../ports/trade-store.port';

export interface BrokerOrderEventDeps {
  trades: TradeStorePort;
  risk: RiskPort;
  scheduler: TradeScheduler;
  placement: EntryPlacement;
  reprice: EntryReprice;
  protection: Protection;
  guard: ProtectiveStop;
  exits: Exits;
}

/**
 * A broker order event (gw.order.evt) of one of the trade's orders: the entry, an exit or the
 * protective stop. Duplicates and out-of-order events are harmless: an event whose transition the
 * trade's current state does not allow is ignored. Quantities in status events are never used —
 * fills come from executions.
 */
export class BrokerOrderEventReceived {
  constructor(private readonly d: BrokerOrderEventDeps) {}

  async execute(event: BrokerOrderEvent): Promise<void> {
    const ref = parseOrderRef(event.orderRef);
    if (!ref) return;
    const view = this.d.trades.get(ref.tradeId);
    if (!view) return;
    if (ref.leg === 'entry') return this.entryEvent(view, ref, event);
    if (ref.leg === 'guard') {
      await this.d.guard.onOrderEvent(view.tradeId, ref.orderRef, event);
      // A position being closed sells what the protective stop's confirmed cancel freed.
      return this.d.exits.continueClosing(view.tradeId);
    }
    return this.exitEvent(view, ref, event);
  }

  private async entryEvent(view: TradeView, ref: OrderRefParts, event: BrokerOrderEvent): Promise<void> {
    const { trades, risk, scheduler, placement, reprice, protection } = this.d;
    if (view.entryOrder?.orderRef !== ref.orderRef) return;
    const type = entryEventFor(event, view.filledQuantity > 0);
    if (!type) return;
    const id = view.tradeId;
    const orderRef = ref.orderRef;
    const reason = event.type === 'rejected' ? `IB ${event.code}: ${event.reason}` : event.type === 'unknown' ? event.reason : null;
    let next: TradeView | undefined;
    switch (type) {
      case 'accepted':
        await trades.appendIfAllowed(id, type, { orderRef });
        return;
      case 'broker-inactive':
        await trades.appendIfAllowed(id, type, { orderRef, reason: `IB order inactive${event.type === 'status' && event.whyHeld ? `: ${event.whyHeld}` : ''}` });
        return;
      case 'submit-unknown':
        await trades.appendIfAllowed(id, type, { orderRef, reason: reason ?? 'unknown' });
        placement.retryLater(id);
        return;
      case 'not-found':
        next = await trades.appendIfAllowed(id, type, { orderRef });
        if (next) await placement.ended(next, 'cancelled');
        return;
      case 'rejected':
        next = await trades.appendIfAllowed(id, type, {
          code: event.type === 'rejected' ? `IB_${event.code}` : 'REJECTED', message: event.type === 'rejected' ? event.reason : 'rejected', orderRef,
        });
        if (next) await placement.ended(next, 'rejected');
        return;
      case 'cancelled':
        next = await trades.appendIfAllowed(id, type, { reason: reprice.cancelReason(view), orderRef });
        if (next) await placement.ended(next, 'cancelled');
        return;
      case 'remainder-cancelled':
        next = await trades.appendIfAllowed(id, type, { orderRef, reason: reason ?? 'the rest of the entry was cancelled' });
        if (next) {
          scheduler.cancel(id, 'reprice');
          await risk.release(id, next.reservationId, 'cancelled');
          await protection.protect(id);
        }
        return;
      default:
        return;
    }
  }

  private async exitEvent(view: TradeView, ref: OrderRefParts, event: BrokerOrderEvent): Promise<void> {
    const { trades, scheduler, exits, guard } = this.d;
    const id = view.tradeId;
    const exit = view.exits.find((x) => x.orderRef === ref.orderRef);
    if (!exit || exit.status === 'ended') return;
    const outcome = exitOutcomeFor(event);
    if (outcome === 'accepted') {
      if (exit.status !== 'accepted') await trades.appendIfAllowed(id, 'exit-accepted', { orderRef: exit.orderRef });
      return;
    }
    if (outcome === 'ended' || outcome === 'lost') {
      const reason = event.type === 'rejected' ? `IB ${event.code}: ${event.reason}` : outcome === 'lost' ? 'never reached the broker' : 'cancelled';
      scheduler.cancel(id, `exit-${exit.orderRef}`);
      await trades.appendIfAllowed(id, exitEndEvent(view, exit.orderRef), { orderRef: exit.orderRef, fill: null, reason });
      await exits.continueClosing(id);
      await guard.ensure(id);
      return;
    }
    if (event.type === 'unknown' && exit.status !== 'accepted') exits.retryLater(id, exit.orderRef);
  }
}
