import type { TriggerEvent, TriggerFiring, TradeView } from '@arctrigger/contracts';
import { onEntryFired, onEntryFiring } from './entry-flow';
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
    if (event.owner.purpose === 'take-profit') return onTakeProfitFired(ctx, view, event.triggerId);
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

/**
 * A `trg.firing` notice (sent beside the trigger-service's compare-and-set, a bus hop and a KV
 * round trip ahead of `fired`): the entry, the stop and the take-profit all act on it. Safe for
 * the same reason for all three: the compare-and-set can only lose to a change this service makes
 * or sees first in the trade's queue, where this runs too.
 * - Entry: see onEntryFiring (cancel, modified level, re-armed entry, another fire, kill switch).
 * - Stop: only this service moves or disarms a stop. Breakeven moves it (the notice's level is no
 *   longer the trade's `stopLevel`: ignored; the new level's fire comes later); a closed trade
 *   disarms it (CLOSED: stop-fired is not allowed); another fire of it finds the trade EXITING.
 * - Take-profit: only this service disarms it, once the trade is closed; it is never modified.
 * The `fired` event that follows finds the work done; a notice that never arrives leaves the fire
 * to it.
 */
export async function onTriggerFiring(ctx: TradeContext, notice: TriggerFiring): Promise<void> {
  if (notice.owner.purpose === 'entry') return onEntryFiring(ctx, notice);
  const view = ctx.store.get(notice.owner.tradeId);
  if (!view) return;
  if (notice.owner.purpose === 'stop' && view.stopLevel === notice.level) {
    return onStopFired(ctx, view, notice.triggerId, notice.tick.price, `firing:${notice.triggerId}`);
  }
  if (notice.owner.purpose === 'take-profit') return onTakeProfitFired(ctx, view, notice.triggerId);
}

/** The automatic take-profit fired: the whole position is sold (a later copy finds it closing or closed). */
async function onTakeProfitFired(ctx: TradeContext, view: TradeView, triggerId: string): Promise<void> {
  if (view.takeProfitTriggerId !== triggerId || view.closing || view.state === 'CLOSED') return;
  const reply = await flatten(ctx, view.tradeId, 'tp');
  if (!reply.ok) ctx.logger.warn({ tradeId: view.tradeId, code: reply.code }, 'auto take-profit not placed');
}
