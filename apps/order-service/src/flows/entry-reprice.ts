import type { TradeId } from '@arctrigger/contracts';
import { nextRepriceAt, repriceStep, type RepriceSettings } from '../domain/entry/reprice-schedule';
import { entryRepriceable } from '../domain/lifecycle/trade-state-sets';
import type { BrokerPort } from '../ports/broker.port';
import type { MarketPort } from '../ports/market.port';
import type { TradeScheduler } from '../ports/trade-scheduler.port';
import type { TradeStorePort } from '../ports/trade-store.port';

export interface EntryRepriceDeps {
  trades: TradeStorePort;
  broker: BrokerPort;
  market: MarketPort;
  scheduler: TradeScheduler;
  /** The service's default policy for trades that did not choose one. */
  defaults: RepriceSettings;
}

/**
 * An unfilled LMT entry is repriced one valid tick up after N seconds, up to K times, then
 * cancelled (or left working) — the trade's own policy, or the service's default.
 */
export class EntryReprice {
  constructor(private readonly d: EntryRepriceDeps) {}

  schedule(id: TradeId): void {
    const { trades, broker, market, scheduler, defaults } = this.d;
    const view = trades.get(id);
    const order = view?.entryOrder;
    if (!view || !order || order.orderType !== 'LMT' || order.status === 'ended') return;
    const settings = view.spec.reprice ?? defaults;
    scheduler.at(id, 'reprice', nextRepriceAt(order.pricedAt, settings), async () => {
      const v = trades.get(id);
      const o = v?.entryOrder;
      if (!v || !o || o.status === 'ended' || !entryRepriceable(v.state) || o.limitPrice === null) return;
      const rule = await market.marketRule(v.marketRuleId);
      if (!rule) return;
      const step = repriceStep(o.limitPrice, o.repriceSteps, settings, rule);
      if (step.action === 'reprice') {
        const reply = await broker.modify({ orderRef: o.orderRef, limitPrice: step.limitPrice });
        if (reply.ok) await trades.appendIfAllowed(id, 'repriced', { orderRef: o.orderRef, limitPrice: step.limitPrice, step: step.step });
        this.schedule(id);
      } else if (step.action === 'cancel') {
        await broker.cancel(o.orderRef);
      }
    });
  }
}
