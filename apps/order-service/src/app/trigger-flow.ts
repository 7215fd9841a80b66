import type { TriggerEvent } from '@arctrigger/contracts';
import { onEntryFired } from './entry-flow';
import { onStopFired } from './position-flow';
import { flatten } from './trade-commands';
import { appendIfAllowed, type TradeContext } from './trade-context';

/** A trigger event (trg.evt): the entry, stop or take-profit of a trade fired, or a trigger was lost. */
export async function onTriggerEvent(ctx: TradeContext, event: TriggerEvent): Promise<void> {
  const view = ctx.store.get(event.owner.tradeId);
  if (!view) return;
  if (event.type === 'fired') {
    if (event.owner.purpose === 'entry') return onEntryFired(ctx, view, { ...event, causationId: event.eventId });
    if (event.owner.purpose === 'stop') return onStopFired(ctx, view, event.triggerId, event.tick.price, event.eventId);
    if (event.owner.purpose === 'take-profit' && view.takeProfitTriggerId === event.triggerId) {
      const reply = await flatten(ctx, view.tradeId, 'tp');
      if (!reply.ok) ctx.logger.warn({ tradeId: view.tradeId, code: reply.code }, 'auto take-profit not placed');
    }
    return;
  }
  // Our own entry trigger disarmed or expired by someone else (kill switch, expiry) while armed.
  if ((event.type === 'disarmed' || event.type === 'expired') && view.state === 'ARMED' && view.entryTriggerId === event.triggerId) {
    const reason = event.type === 'disarmed' ? event.reason : 'the entry trigger expired';
    if (reason !== 'trade cancelled') {
      await appendIfAllowed(ctx, view.tradeId, 'failed', { code: 'TRIGGER_LOST', message: reason, orderRef: null }, event.eventId);
      ctx.quotes.unwatch(view.optionConId ?? 0);
    }
  }
}
