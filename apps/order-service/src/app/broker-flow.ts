import { parseOrderRef, type BrokerOrderEvent } from '@arctrigger/contracts';
import { entryEventFor, exitOutcomeFor } from '../domain/lifecycle/broker-event-mapping';
import { TradeEventType as E } from '../domain/lifecycle/trade-event-type';
import { exitEndEvent } from '../domain/trade/evolve';
import { afterEntryEnded, sendEntry } from './entry-flow';
import { continueClosing, protect, sendExit } from './position-flow';
import { ensureGuard, onGuardOrderEvent } from './protective-stop';
import { appendIfAllowed, releaseReservation, type TradeContext } from './trade-context';

/**
 * A broker order event (gw.order.evt). Duplicates and out-of-order events are harmless: an event
 * whose transition the trade's current state does not allow is ignored. Quantities in status
 * events are never used — fills come from executions.
 */
export async function onBrokerOrderEvent(ctx: TradeContext, event: BrokerOrderEvent): Promise<void> {
  const ref = parseOrderRef(event.orderRef);
  if (!ref) return;
  const id = ref.tradeId;
  const view = ctx.store.get(id);
  if (!view) return;
  if (ref.leg === 'entry') {
    if (view.entryOrder?.orderRef !== event.orderRef) return;
    const type = entryEventFor(event, view.filledQuantity > 0);
    if (!type) return;
    const reason = event.type === 'rejected' ? `IB ${event.code}: ${event.reason}` : event.type === 'unknown' ? event.reason : null;
    let next;
    switch (type) {
      case E.ACCEPTED:
        next = await appendIfAllowed(ctx, id, type, { orderRef: event.orderRef });
        return;
      case E.BROKER_INACTIVE:
        await appendIfAllowed(ctx, id, type, { orderRef: event.orderRef, reason: `IB order inactive${event.type === 'status' && event.whyHeld ? `: ${event.whyHeld}` : ''}` });
        return;
      case E.SUBMIT_UNKNOWN:
        await appendIfAllowed(ctx, id, type, { orderRef: event.orderRef, reason: reason ?? 'unknown' });
        ctx.timers.at(id, 'unknown', ctx.clock.now() + ctx.config.UNKNOWN_RETRY_MS, () => void ctx.queue.run(id, () => sendEntry(ctx, id)));
        return;
      case E.NOT_FOUND:
        next = await appendIfAllowed(ctx, id, type, { orderRef: event.orderRef });
        if (next) await afterEntryEnded(ctx, next, 'cancelled');
        return;
      case E.REJECTED:
        next = await appendIfAllowed(ctx, id, type, {
          code: event.type === 'rejected' ? `IB_${event.code}` : 'REJECTED', message: event.type === 'rejected' ? event.reason : 'rejected', orderRef: event.orderRef,
        });
        if (next) await afterEntryEnded(ctx, next, 'rejected');
        return;
      case E.CANCELLED:
        next = await appendIfAllowed(ctx, id, type, { reason: 'the broker cancelled the entry order', orderRef: event.orderRef });
        if (next) await afterEntryEnded(ctx, next, 'cancelled');
        return;
      case E.REMAINDER_CANCELLED:
        next = await appendIfAllowed(ctx, id, type, { orderRef: event.orderRef, reason: reason ?? 'the rest of the entry was cancelled' });
        if (next) {
          ctx.timers.cancel(id, 'reprice');
          await releaseReservation(ctx, next, 'cancelled');
          await protect(ctx, id);
        }
        return;
      default:
        return;
    }
  }
  if (ref.leg === 'guard') return onGuardOrderEvent(ctx, id, event.orderRef, event);
  const exit = view.exits.find((x) => x.orderRef === event.orderRef);
  if (!exit || exit.status === 'ended') return;
  const outcome = exitOutcomeFor(event);
  if (outcome === 'accepted') {
    if (exit.status !== 'accepted') await appendIfAllowed(ctx, id, 'exit-accepted', { orderRef: exit.orderRef });
    return;
  }
  if (outcome === 'ended' || outcome === 'lost') {
    const reason = event.type === 'rejected' ? `IB ${event.code}: ${event.reason}` : outcome === 'lost' ? 'never reached the broker' : 'cancelled';
    ctx.timers.cancel(id, `exit-${exit.orderRef}`);
    await appendIfAllowed(ctx, id, exitEndEvent(view, exit.orderRef), { orderRef: exit.orderRef, fill: null, reason });
    await continueClosing(ctx, id);
    await ensureGuard(ctx, id);
    return;
  }
  if (event.type === 'unknown' && exit.status !== 'accepted') {
    ctx.timers.at(id, `exit-${exit.orderRef}`, ctx.clock.now() + ctx.config.UNKNOWN_RETRY_MS, () => void ctx.queue.run(id, () => sendExit(ctx, id, exit.orderRef)));
  }
}
