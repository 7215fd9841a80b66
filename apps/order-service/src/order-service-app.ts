import type { TradeId } from '@arctrigger/contracts';
import type { AlertPublisher, Bus, Clock, MarketCalendar } from '@arctrigger/service-kit';
import type { Logger } from 'pino';
import { BusBrokerAdapter } from './adapters/bus-broker.adapter';
import { BusMarketAdapter } from './adapters/bus-market.adapter';
import { BusRiskAdapter } from './adapters/bus-risk.adapter';
import { BusTriggerAdapter } from './adapters/bus-trigger.adapter';
import { QuoteBook } from './adapters/quote-book';
import { ClockTradeScheduler } from './adapters/trade-scheduler';
import type { TradeStore } from './adapters/trade-store';
import { TradingStateWatch } from './adapters/trading-state-watch';
import { TradeTraces } from './adapters/trade-traces';
import type { OrderServiceConfig } from './config';
import { EntryPlacement } from './flows/entry-placement';
import { EntryPreparer } from './flows/entry-preparation';
import { EntryReprice } from './flows/entry-reprice';
import { EntrySuspension } from './flows/entry-suspension';
import { EntryTrigger } from './flows/entry-trigger';
import { Exits } from './flows/exits';
import { PremarketActions } from './flows/premarket-actions';
import { Protection } from './flows/protection';
import { ProtectiveStop } from './flows/protective-stop';
import { TradeArming } from './flows/trade-arming';
import { UnderlyingPrice } from './flows/underlying-price';
import { AdoptPosition } from './use-cases/adopt-position/adopt-position.use-case';
import { ApplyTradingState } from './use-cases/apply-trading-state/apply-trading-state.use-case';
import { ArmTrade } from './use-cases/arm-trade/arm-trade.use-case';
import { BookCommission } from './use-cases/book-commission/book-commission.use-case';
import { BookExecution } from './use-cases/book-execution/book-execution.use-case';
import { Breakeven } from './use-cases/breakeven/breakeven.use-case';
import { EnsureProtection } from './use-cases/ensure-protection/ensure-protection.use-case';
import { BrokerOrderEventReceived } from './use-cases/broker-order-event/broker-order-event.use-case';
import { CancelTrade } from './use-cases/cancel-trade/cancel-trade.use-case';
import { FireEntry } from './use-cases/fire-entry/fire-entry.use-case';
import { Flatten } from './use-cases/flatten/flatten.use-case';
import { FlattenAll } from './use-cases/flatten-all/flatten-all.use-case';
import { CancelAll } from './use-cases/cancel-all/cancel-all.use-case';
import { GetTrade } from './use-cases/get-trade/get-trade.use-case';
import { ListTrades } from './use-cases/list-trades/list-trades.use-case';
import { ModifyTrade } from './use-cases/modify-trade/modify-trade.use-case';
import { PremarketDecision } from './use-cases/premarket-decision/premarket-decision.use-case';
import { ResetTrade } from './use-cases/reset-trade/reset-trade.use-case';
import { ResumeTrades } from './use-cases/resume-trades/resume-trades.use-case';
import { StopFired } from './use-cases/stop-fired/stop-fired.use-case';
import { TakeProfitFired } from './use-cases/take-profit-fired/take-profit-fired.use-case';
import { TakeProfit } from './use-cases/take-profit/take-profit.use-case';
import { TriggerLost } from './use-cases/trigger-lost/trigger-lost.use-case';

export interface OrderServiceAppDeps {
  bus: Bus;
  store: TradeStore;
  clock: Clock;
  calendar: MarketCalendar;
  config: OrderServiceConfig;
  logger: Logger;
  /** Where conditions a person must see are raised (protection overdue). */
  alerts: Pick<AlertPublisher, 'raise'>;
}

/**
 * The order-service wired: adapters for the ports, the flows the use cases share, and every use
 * case. The one place where parts meet; each part is given exactly what it uses.
 */
export class OrderServiceApp {
  readonly quotes: QuoteBook;
  readonly scheduler: ClockTradeScheduler;
  readonly armTrade: ArmTrade;
  readonly resetTrade: ResetTrade;
  readonly modifyTrade: ModifyTrade;
  readonly cancelTrade: CancelTrade;
  readonly breakeven: Breakeven;
  readonly ensureProtection: EnsureProtection;
  readonly adoptPosition: AdoptPosition;
  readonly takeProfit: TakeProfit;
  readonly flatten: Flatten;
  readonly cancelAll: CancelAll;
  readonly flattenAll: FlattenAll;
  readonly premarketDecision: PremarketDecision;
  readonly getTrade: GetTrade;
  readonly listTrades: ListTrades;
  readonly fireEntry: FireEntry;
  readonly stopFired: StopFired;
  readonly takeProfitFired: TakeProfitFired;
  readonly triggerLost: TriggerLost;
  readonly bookExecution: BookExecution;
  readonly bookCommission: BookCommission;
  readonly brokerOrderEvent: BrokerOrderEventReceived;
  readonly resumeTrades: ResumeTrades;
  readonly applyTradingState: ApplyTradingState;
  readonly traces = new TradeTraces();
  /** The risk-service's trading state as last seen (started with the work: `startWork`). */
  readonly tradingState = new TradingStateWatch();

  constructor(readonly deps: OrderServiceAppDeps) {
    const { bus, store: trades, clock, calendar, config, logger, alerts } = deps;
    const triggers = new BusTriggerAdapter(bus);
    const broker = new BusBrokerAdapter(bus);
    const market = new BusMarketAdapter(bus);
    const risk = new BusRiskAdapter(bus, config.RISK_TIMEOUT_MS);
    const quotes = (this.quotes = new QuoteBook(bus, clock, 'order-service', config.QUOTE_LEASE_TTL_MS));
    const scheduler = (this.scheduler = new ClockTradeScheduler(clock, logger));
    const traces = this.traces;
    const retryMs = config.UNKNOWN_RETRY_MS;

    const entryTrigger = new EntryTrigger(triggers, logger);
    const guard = new ProtectiveStop({ trades, broker, market, scheduler, clock, logger, retryMs });
    const exits = new Exits({ trades, broker, scheduler, clock, retryMs });
    const protection = new Protection({ trades, triggers, scheduler, guard, clock, logger, alerts, deadlineMs: config.PROTECTION_DEADLINE_MS });
    const reprice = new EntryReprice({
      trades, broker, market, scheduler, clock,
      defaults: { afterSeconds: config.REPRICE_AFTER_SECONDS, maxSteps: config.REPRICE_MAX_STEPS, cancelAfterLastStep: config.REPRICE_CANCEL_AFTER_LAST },
    });
    const preparer = new EntryPreparer({
      market, quotes, risk, clock, calendar, quoteWaitMs: config.QUOTE_WAIT_TIMEOUT_MS, riskWaitMs: config.RISK_WAIT_MS,
      quoteLimits: { maxAgeMs: config.QUOTE_MAX_AGE_MS, maxSpreadPct: config.MAX_SPREAD_PCT },
    });
    const placement = new EntryPlacement({ trades, broker, risk, quotes, scheduler, clock, traces, preparer, reprice, logger, retryMs, quoteMaxAgeMs: config.QUOTE_MAX_AGE_MS });
    const premarket = new PremarketActions({ trades, market, quotes, scheduler, entryTrigger, logger });
    const underlying = new UnderlyingPrice(quotes, config.QUOTE_WAIT_TIMEOUT_MS);
    const suspension = new EntrySuspension({ trades, triggers, tradingState: this.tradingState, entryTrigger, underlying, scheduler, clock, logger, retryMs });
    const arming = new TradeArming({ trades, market, quotes, risk, entryTrigger, clock, calendar, quoteWaitMs: config.QUOTE_WAIT_TIMEOUT_MS });

    this.armTrade = new ArmTrade(arming);
    this.resetTrade = new ResetTrade(trades, arming);
    this.modifyTrade = new ModifyTrade(trades, triggers);
    this.cancelTrade = new CancelTrade({ trades, triggers, broker, quotes, scheduler });
    this.breakeven = new Breakeven(trades, triggers, protection);
    this.ensureProtection = new EnsureProtection(trades, triggers, protection);
    this.adoptPosition = new AdoptPosition({ trades, broker, market, quotes, risk, protection, scheduler, clock, quoteWaitMs: config.QUOTE_WAIT_TIMEOUT_MS });
    this.takeProfit = new TakeProfit(trades, exits, guard);
    this.flatten = new Flatten(exits);
    this.cancelAll = new CancelAll({ trades, broker, guard, scheduler, clock });
    this.flattenAll = new FlattenAll({ trades, exits, scheduler, clock });
    this.premarketDecision = new PremarketDecision({ trades, quotes, scheduler, premarket, clock, calendar });
    this.getTrade = new GetTrade(trades);
    this.listTrades = new ListTrades(trades);
    this.fireEntry = new FireEntry({ trades, preparer, placement, premarket, suspension, quotes, traces, clock, calendar, premarketAskTimeoutMs: config.PREMARKET_ASK_TIMEOUT_MS });
    this.stopFired = new StopFired(trades, exits);
    this.takeProfitFired = new TakeProfitFired(exits, logger);
    this.triggerLost = new TriggerLost(trades, quotes, suspension);
    this.bookExecution = new BookExecution({ trades, risk, triggers, broker, quotes, scheduler, traces, protection, guard, exits, alerts, clock, logger });
    this.bookCommission = new BookCommission(trades);
    this.brokerOrderEvent = new BrokerOrderEventReceived({ trades, risk, scheduler, placement, reprice, protection, guard, exits });
    this.applyTradingState = new ApplyTradingState(trades, suspension, scheduler, logger);
    this.resumeTrades = new ResumeTrades({ trades, quotes, scheduler, traces, entryTrigger, premarket, placement, reprice, protection, guard, exits, clock, logger });
  }

  /** Runs `task` in the trade's queue: every change of one trade happens one at a time, in order. */
  inQueue<T>(tradeId: TradeId, task: () => Promise<T>): Promise<T> {
    return this.scheduler.run(tradeId, task);
  }

  stop(): void {
    this.tradingState.stop();
    this.scheduler.stop();
    this.quotes.stop();
  }
}
