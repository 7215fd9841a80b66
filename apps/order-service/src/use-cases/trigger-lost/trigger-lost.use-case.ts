import type { TriggerEvent, TradeView } from '@arctrigger/contracts';
import type { QuotePort } from '../../ports/quote.port';
import type { TradeStorePort } from '../../ports/trade-store.port';

/**
 * The trade's own entry trigger was disarmed or expired by someone else (kill switch, expiry)
 * while the trade was armed: the trade cannot fire any more and ends FAILED with the reason.
 */
export class TriggerLost {
  constructor(
    private readonly trades: TradeStorePort,
    private readonly quotes: QuotePort,
  ) {}

  async execute(view: TradeView, event: Extract<TriggerEvent, { type: 'disarmed' | 'expired' }>): Promise<void> {
    if (view.state !== 'ARMED' || view.entryTriggerId !== event.triggerId) return;
    const reason = event.type === 'disarmed' ? event.reason : 'the entry trigger expired';
    if (reason === 'trade cancelled') return;
    await this.trades.appendIfAllowed(view.tradeId, 'failed', { code: 'TRIGGER_LOST', message: reason, orderRef: null }, event.eventId);
    this.quotes.unwatch(view.optionConId ?? 0);
  }
}
