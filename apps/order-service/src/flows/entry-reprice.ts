import type { TradeId, TradeView } from '@arctrigger/contracts';
import type { Clock } from '@arctrigger/service-kit';
import { cancelledByRepricePolicy, nextRepriceAt, repriceStep, type RepriceSettings } from '../domain/entry/reprice-schedule';
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
  clock: Clock;
  /** The service's default policy for trades that did not choose one. */
  defaults: RepriceSettings;
}

/**
 * An unfilled LMT entry is repriced one valid tick up after N seconds, up to K times, then
 * cancelled (or left working) — the trade's own policy, or the service's default.
 */
export class EntryReprice {
  constructor(private readonly d: EntryRepriceDeps) {}

  /** Why an LMT entry the broker reports cancelled ended: its reprice policy's own cancel, or the broker's. */
  cancelReason(view: TradeView): string {
    const order = view.entryOrder;
    const settings = view.spec.reprice ?? this.d.defaults;
    if (order?.orderType === 'LMT' && cancelledByRepricePolicy(order, settings, this.d.clock.now())) {
      return `not filled after ${settings.maxSteps} reprice step(s): cancelled by the entry's reprice policy`;
    }
    return 'the broker cancelled the entry order';
  }

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
