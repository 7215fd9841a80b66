import type { TradeView, TriggerId } from '@arctrigger/contracts';
import { closingQuantity } from '../../domain/exits/exit-quantity';
import { freeToSell } from '../../domain/exits/sell-budget';
import type { Exits } from '../../flows/exits';
import type { TradeStorePort } from '../../ports/trade-store.port';

/**
 * The stop on the underlying fired: the live quantity (from executions) is sold at market — what no
 * other order may sell at once, the rest as the cancels of the entry remainder, the other exits and
 * the protective stop are confirmed (never two sellers for one contract). Taken from the
 * first copy of the fire (the `trg.firing` notice at the trade's current stop level, or `fired`);
 * a later copy finds the trade closing.
 */
export class StopFired {
  constructor(
    private readonly trades: TradeStorePort,
    private readonly exits: Exits,
  ) {}

  async execute(view: TradeView, triggerId: TriggerId, price: number, causationId: string): Promise<void> {
    if (view.stopTriggerId !== triggerId) return;
    const qty = closingQuantity(freeToSell(view));
    const order = qty.ok ? this.exits.order(view, 'stop', qty.quantity) : null;
    const next = await this.trades.appendIfAllowed(view.tradeId, 'stop-fired', { price, triggerId, order }, causationId);
    if (!next) return;
    // The exit leaves first; the cancels (one request each) follow it instead of holding it back.
    await Promise.all([order ? this.exits.send(view.tradeId, order.orderRef) : undefined, this.exits.cancelOthers(next, order?.orderRef ?? null)]);
  }
}
