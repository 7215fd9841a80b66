import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { Contracts, ok, type PayloadOf } from '@arctrigger/contracts';
import { asAnswerTo, Handles } from '@arctrigger/service-kit';
import { GatewayRuntime } from '../gateway-runtime';

/**
 * The gateway's requests on the bus (market-data leases, look-ups, orders), as Nest handlers on
 * the platform's bus transport: each delegates in a line. They answer before the TWS session
 * starts (see GatewayRuntime), so whoever hears from a fresh session can already ask. Placements
 * are the fire path and skip Nest: see orders/placement-subscriptions.ts.
 */
@Controller()
export class GatewayRequestsController {
  constructor(private readonly runtime: GatewayRuntime) {}

  private get g() {
    return this.runtime.gateway;
  }

  @Handles(Contracts.AcquireMarketDataLease)
  async acquireLease(@Payload() req: PayloadOf<typeof Contracts.AcquireMarketDataLease>) {
    return ok(await this.g.acquireMarketData(req.subscriberId, req.conIds, req.ttlMs));
  }

  @Handles(Contracts.ReleaseMarketDataLease)
  releaseLease(@Payload() req: PayloadOf<typeof Contracts.ReleaseMarketDataLease>) {
    return ok(this.g.feed.release(req.subscriberId, req.conIds));
  }

  @Handles(Contracts.QuoteSnapshot)
  quote(@Payload() req: PayloadOf<typeof Contracts.QuoteSnapshot>) {
    return asAnswerTo(Contracts.QuoteSnapshot, this.g.feed.quote(req.conId));
  }

  @Handles(Contracts.SymbolSearch)
  searchSymbols(@Payload() req: PayloadOf<typeof Contracts.SymbolSearch>) {
    return asAnswerTo(Contracts.SymbolSearch, this.g.lookups.searchSymbols(req.pattern));
  }

  @Handles(Contracts.QualifyContract)
  qualify(@Payload() req: PayloadOf<typeof Contracts.QualifyContract>) {
    return asAnswerTo(Contracts.QualifyContract, this.g.lookups.qualify(req));
  }

  @Handles(Contracts.OptionChain)
  chain(@Payload() req: PayloadOf<typeof Contracts.OptionChain>) {
    return asAnswerTo(Contracts.OptionChain, this.g.lookups.chain(req));
  }

  @Handles(Contracts.MarketRule)
  marketRule(@Payload() req: PayloadOf<typeof Contracts.MarketRule>) {
    return asAnswerTo(Contracts.MarketRule, this.g.lookups.marketRule(req.marketRuleId));
  }

  @Handles(Contracts.ModifyOrder)
  modify(@Payload() cmd: PayloadOf<typeof Contracts.ModifyOrder>) {
    return asAnswerTo(Contracts.ModifyOrder, this.g.desk.modify(cmd));
  }

  @Handles(Contracts.CancelOrder)
  cancel(@Payload() cmd: PayloadOf<typeof Contracts.CancelOrder>) {
    return asAnswerTo(Contracts.CancelOrder, this.g.desk.cancel(cmd.orderRef));
  }

  @Handles(Contracts.CancelOpeningOrders)
  cancelOpening(@Payload() _cmd: PayloadOf<typeof Contracts.CancelOpeningOrders>) {
    return asAnswerTo(Contracts.CancelOpeningOrders, this.g.desk.cancelOpening());
  }

  // ── emergency (issue 20) ──
  @Handles(Contracts.GlobalCancel)
  globalCancel(@Payload() _cmd: PayloadOf<typeof Contracts.GlobalCancel>) {
    return asAnswerTo(Contracts.GlobalCancel, this.g.globalCancel.run());
  }

  // ── invariant auditor (issue 19) ──
  @Handles(Contracts.BrokerSnapshot)
  brokerSnapshot(@Payload() _req: PayloadOf<typeof Contracts.BrokerSnapshot>) {
    return asAnswerTo(Contracts.BrokerSnapshot, this.g.snapshots.take());
  }

  @Handles(Contracts.Reconcile)
  reconcile(@Payload() req: PayloadOf<typeof Contracts.Reconcile>) {
    return asAnswerTo(Contracts.Reconcile, this.g.reconcileNow(req.reason));
  }
}
