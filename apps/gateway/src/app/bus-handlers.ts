import { Contracts, ok } from '@arctrigger/contracts';
import { asAnswerTo, type Bus } from '@arctrigger/service-kit';
import type { Gateway } from './gateway';

/** The gateway's request/reply subjects (and the risk decisions it places on): each handler delegates in a line. */
export function registerBusHandlers(bus: Bus, g: Gateway): void {
  bus.reply(Contracts.AcquireMarketDataLease, async (req) => ok(await g.acquireMarketData(req.subscriberId, req.conIds, req.ttlMs)));
  bus.reply(Contracts.ReleaseMarketDataLease, (req) => ok(g.feed.release(req.subscriberId, req.conIds)));
  bus.reply(Contracts.QuoteSnapshot, (req) => asAnswerTo(Contracts.QuoteSnapshot, g.feed.quote(req.conId)));
  bus.reply(Contracts.SymbolSearch, (req) => asAnswerTo(Contracts.SymbolSearch, g.lookups.searchSymbols(req.pattern)));
  bus.reply(Contracts.QualifyContract, (req) => asAnswerTo(Contracts.QualifyContract, g.lookups.qualify(req)));
  bus.reply(Contracts.OptionChain, (req) => asAnswerTo(Contracts.OptionChain, g.lookups.chain(req)));
  bus.reply(Contracts.MarketRule, (req) => asAnswerTo(Contracts.MarketRule, g.lookups.marketRule(req.marketRuleId)));
  bus.reply(Contracts.PlaceOrder, (cmd) => asAnswerTo(Contracts.PlaceOrder, g.desk.place(cmd)));
  bus.subscribe(Contracts.RiskDecided, (decided) => g.approvals.onDecision(decided));
  bus.reply(Contracts.PlaceOrderOnApproval, (cmd) => asAnswerTo(Contracts.PlaceOrderOnApproval, g.desk.placeOnApproval(cmd)));
  // The same command under its old subject, for order-services of the previous release.
  bus.reply(Contracts.PlaceOrderV2, (cmd) => asAnswerTo(Contracts.PlaceOrderV2, g.desk.placeOnApproval(cmd)));
  bus.reply(Contracts.ModifyOrder, (cmd) => asAnswerTo(Contracts.ModifyOrder, g.desk.modify(cmd)));
  bus.reply(Contracts.CancelOrder, (cmd) => asAnswerTo(Contracts.CancelOrder, g.desk.cancel(cmd.orderRef)));
  bus.reply(Contracts.CancelOpeningOrders, () => asAnswerTo(Contracts.CancelOpeningOrders, g.desk.cancelOpening()));
}
