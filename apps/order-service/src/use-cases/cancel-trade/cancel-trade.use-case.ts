import { fail, ok, type Contracts, type ReplyOf, type TradeId } from '@arctrigger/contracts';
import { beforeEntry, entryAtBroker } from '../../domain/lifecycle/trade-state-sets';
import { invalidState, tradeNotFound } from '../../domain/trade/trade-refusals';
import type { BrokerPort } from '../../ports/broker.port';
import type { QuotePort } from '../../ports/quote.port';
import type { TradeScheduler } from '../../ports/trade-scheduler.port';
import type { TradeStorePort } from '../../ports/trade-store.port';
import type { TriggerPort } from '../../ports/trigger.port';

export interface CancelTradeDeps {
  trades: TradeStorePort;
  triggers: TriggerPort;
  broker: BrokerPort;
  quotes: QuotePort;
  scheduler: TradeScheduler;
}

/**
 * `trade.cmd.cancel`: cancel a trade with no position — disarm it while armed; cancel its working
 * entry at the broker, whose answer (cancelled, or the remainder cancelled after a partial fill)
 * the trade then follows.
 */
export class CancelTrade {
  constructor(private readonly d: CancelTradeDeps) {}

  async execute(id: TradeId): Promise<ReplyOf<typeof Contracts.CancelTrade>> {
    const { trades, triggers, broker, quotes, scheduler } = this.d;
    const v = trades.get(id);
    if (!v) return tradeNotFound(id);
    if (beforeEntry(v.state)) {
      if (v.entryTriggerId) await triggers.disarm(v.entryTriggerId, 'trade cancelled');
      scheduler.cancelAll(id);
      quotes.unwatch(v.optionConId ?? 0);
      return ok(await trades.append(id, 'cancelled', { reason: 'cancelled by the trader', orderRef: null }));
    }
    if (entryAtBroker(v.state) && v.entryOrder) {
      const reply = await broker.cancel(v.entryOrder.orderRef);
      return reply.ok ? ok(v) : fail(reply.code, `entry not cancelled: ${reply.message}`);
    }
    return invalidState(v, 'cancel');
  }
}
