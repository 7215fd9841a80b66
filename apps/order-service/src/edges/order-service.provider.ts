import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { Meter } from '@opentelemetry/api';
import { AlertPublisher, Bus, CLOCK, LOGGER, MARKET_CALENDAR, METER, SERVICE_CONFIG, type Clock, type MarketCalendar } from '@arctrigger/service-kit';
import { TradeMetrics } from '../adapters/trade-metrics';
import type { Logger } from 'pino';
import { TradeStore } from '../adapters/trade-store';
import type { OrderServiceConfig } from '../config';
import { OrderServiceApp } from '../order-service-app';
import { actingAs, Actors } from '../adapters/acting';
import { TradeWork } from './trade-work.subscriptions';

/**
 * Nest edge: rebuilds the trades from the TRADES stream before the command handlers answer, and —
 * once they do (`startWork`, called when the service is listening) — resumes the trades and
 * subscribes to their work: trigger fires, broker order events, executions, commissions — and to
 * the trading state, which suspends and resumes the armed trades.
 */
@Injectable()
export class OrderServiceProvider implements OnApplicationBootstrap, OnModuleDestroy {
  private built?: OrderServiceApp;
  private work?: TradeWork;

  constructor(
    private readonly bus: Bus,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(MARKET_CALENDAR) private readonly calendar: MarketCalendar,
    @Inject(SERVICE_CONFIG) private readonly config: OrderServiceConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(METER) private readonly meter: Meter,
  ) {}

  get app(): OrderServiceApp {
    if (!this.built) throw new Error('the order-service is not built yet');
    return this.built;
  }

  async onApplicationBootstrap(): Promise<void> {
    const store = await TradeStore.open(this.bus, this.clock);
    const recovered = await store.recover();
    const metrics = new TradeMetrics(this.meter);
    metrics.observe(() => store.all());
    store.onAppended((event) => metrics.appended(event));
    this.logger.info({ trades: recovered.trades, setAside: recovered.invalid.length }, 'trades rebuilt from the TRADES stream');
    const alerts = new AlertPublisher(this.bus, this.clock, this.bus.options.instanceId);
    for (const problem of recovered.invalid) {
      this.logger.error({ err: problem, tradeId: problem.tradeId, eventId: problem.eventId }, 'trade set aside: its stored history does not match the contract');
      await alerts.raise({
        code: 'TRADE_HISTORY_INVALID', severity: 'critical', message: problem.message, dedupKey: `trade-history:${problem.tradeId}`,
        facts: { tradeId: problem.tradeId, eventId: problem.eventId, eventType: problem.eventType, streamSeq: problem.streamSeq, problems: problem.problems },
      });
    }
    this.built = new OrderServiceApp({ bus: this.bus, store, clock: this.clock, calendar: this.calendar, config: this.config, logger: this.logger, alerts });
  }

  /** After the command handlers answer: resume every trade, then take on work. */
  async startWork(): Promise<void> {
    const app = this.app;
    app.quotes.start();
    app.resumeTrades.execute();
    this.work = await TradeWork.start(this.bus, app, this.logger);
    // HALTED keeps the book: armed trades are suspended while trading is not ACTIVE, resumed when it is.
    await app.tradingState.start(this.bus, (record) => actingAs(Actors.RISK_SERVICE, () => app.applyTradingState.execute(record)));
  }

  async onModuleDestroy(): Promise<void> {
    await this.work?.stop();
    this.built?.stop();
  }
}
