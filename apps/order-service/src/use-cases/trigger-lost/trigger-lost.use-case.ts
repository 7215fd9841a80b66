import { isKillSwitchDisarm, TradingState, type TriggerEvent, type TradeView } from '@arctrigger/contracts';
import type { EntrySuspension } from '../../flows/entry-suspension';
import type { QuotePort } from '../../ports/quote.port';
import type { TradeStorePort } from '../../ports/trade-store.port';

/**
 * The trade's own entry trigger was disarmed or expired by someone else while the trade was armed.
 * The kill switch's disarm suspends the trade (HALTED keeps the book: it is re-armed when trading
 * is ACTIVE again); any other (expiry, a person at the trigger-service) ends it FAILED with the
 * reason: it cannot fire any more.
 */
export class TriggerLost {
  constructor(
    private readonly trades: TradeStorePort,
    private readonly quotes: QuotePort,
    private readonly suspension: EntrySuspension,
  ) {}

  async execute(view: TradeView, event: Extract<TriggerEvent, { type: 'disarmed' | 'expired' }>): Promise<void> {
    if (view.state !== 'ARMED' || view.entryTriggerId !== event.triggerId) return;
    const reason = event.type === 'disarmed' ? event.reason : 'the entry trigger expired';
    if (reason === 'trade cancelled') return;
    if (event.type === 'disarmed' && isKillSwitchDisarm(reason)) {
      return this.suspension.suspend(view.tradeId, TradingState.HALTED, reason, event.eventId, event.triggerId);
    }
    await this.trades.appendIfAllowed(view.tradeId, 'failed', { code: 'TRIGGER_LOST', message: reason, orderRef: null }, event.eventId);
    this.quotes.unwatch(view.optionConId ?? 0);
  }
}
