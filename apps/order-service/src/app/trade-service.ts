import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { Contracts, Streams, fail, ok, type MarketRule } from '@arctrigger/contracts';
import { Bus, CLOCK, LOGGER, MARKET_CALENDAR, SERVICE_CONFIG, consumeDurable, type Clock, type MarketCalendar, type RunningConsumer } from '@arctrigger/service-kit';
import type { Subscription } from '@nats-io/transport-node';
import type { Logger } from 'pino';
import type { OrderServiceConfig } from '../config';
import { armTrade } from './arm-trade';
import { onBrokerOrderEvent } from './broker-flow';
import { onCommission } from './commission-flow';
import { KeyedQueue } from './keyed-queue';
import { onExecution } from './position-flow';
import { QuoteBook } from './quote-book';
import { resumeTrades } from './resume-trades';
import { breakeven, cancelTrade, flatten, modifyTrade, premarketDecision, resetTrade, takeProfit } from './trade-commands';
import type { TradeContext } from './trade-context';
import { TradeStore } from './trade-store';
import { TradeTimers } from './trade-timers';
import { TradeTraces } from './trade-traces';
import { onTriggerEvent, onTriggerFiring } from './trigger-flow';

/**
 * The order-service at its edge: rebuilds the trades from the TRADES stream, resumes them,
 * answers the trade commands and queries, and consumes trigger events, broker order events and
 * executions through durable consumers. Every state change of a trade runs in that trade's queue.
 */
@Injectable()
export class TradeService implements OnApplicationBootstrap, OnModuleDestroy {
  private ctx!: TradeContext;
  private readonly subs: Subscription[] = [];
  private readonly consumers: RunningConsumer[] = [];

  constructor(
    private readonly bus: Bus,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(MARKET_CALENDAR) private readonly calendar: MarketCalendar,
    @Inject(SERVICE_CONFIG) private readonly config: OrderServiceConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const store = await TradeStore.open(this.bus, this.clock);
    const quotes = new QuoteBook(this.bus, this.clock, 'order-service', this.config.QUOTE_LEASE_TTL_MS);
    const ctx: TradeContext = {
      bus: this.bus, store, quotes, timers: new TradeTimers(this.clock), queue: new KeyedQueue(), clock: this.clock,
      calendar: this.calendar, config: this.config, logger: this.logger, rules: new Map<number, MarketRule>(), traces: new TradeTraces(),
    };
    this.ctx = ctx;
    const count = await store.recover();
    this.logger.info({ trades: count }, 'trades rebuilt from the TRADES stream');
    quotes.start();
    this.registerReplies(ctx);
    resumeTrades(ctx);
    const inQueue = <T>(tradeId: string, task: () => Promise<T>) => ctx.queue.run(tradeId, task);
    // A trigger's fire is taken from the first copy that arrives: the trigger-service's
    // `trg.firing` notice (core, sent beside its compare-and-set: see onTriggerFiring), the `fired`
    // event as published (core), or its stored copy (durable consumer below, which also gets
    // anything these subscriptions missed). A later copy finds the work done and does nothing.
    // (The queue groups keep the names they had when only entries fired this way: instances of
    // two versions side by side stay in one group.)
    const fire = (tradeId: string, task: () => Promise<void>, copy: string) =>
      void inQueue(tradeId, task).catch((error: unknown) =>
        this.logger.error({ err: error, tradeId }, `trigger fire (${copy}) failed; the durable copy of fired retries it`));
    this.subs.push(this.bus.subscribe(Contracts.TriggerFiring, (notice) => {
      fire(notice.owner.tradeId, () => onTriggerFiring(ctx, notice), 'trg.firing notice');
    }, { queue: 'order-service-entry-firing' }));
    this.subs.push(this.bus.subscribe(Contracts.TriggerEvent, (e) => {
      if (e.type === 'fired') fire(e.owner.tradeId, () => onTriggerEvent(ctx, e), 'fired as published');
    }, { queue: 'order-service-entry-fires' }));
    this.consumers.push(
      await consumeDurable(this.bus, { contract: Contracts.TriggerEvent, stream: Streams.TRIGGER_EVENTS.name, durable: 'order-service-triggers' },
        (e) => inQueue(e.owner.tradeId, () => onTriggerEvent(ctx, e))),
      await consumeDurable(this.bus, { contract: Contracts.BrokerOrderEvent, stream: Streams.BROKER_ORDERS.name, durable: 'order-service-orders' },
        (e, m) => inQueue(m.subject.split('.').pop()!, () => onBrokerOrderEvent(ctx, e))),
      await consumeDurable(this.bus, { contract: Contracts.Execution, stream: Streams.EXECUTIONS.name, durable: 'order-service-executions', filterSubject: 'gw.exec.v1.>' },
        (e, m) => inQueue(m.subject.split('.').pop()!, () => ctx.traces.inEntryTrace(m.subject.split('.').pop()!, 'trade fill', () => onExecution(ctx, e)))),
      await consumeDurable(this.bus, { contract: Contracts.CommissionReport, stream: Streams.EXECUTIONS.name, durable: 'order-service-commissions', filterSubject: 'gw.commission.v1.>' },
        (e, m) => inQueue(m.subject.split('.').pop()!, () => onCommission(ctx, e))),
    );
  }

  private registerReplies(ctx: TradeContext): void {
    const q = <T>(id: string, task: () => Promise<T>) => ctx.queue.run(id, task);
    this.subs.push(
      this.bus.reply(Contracts.ArmTrade, (cmd) => (cmd.tradeId ? q(cmd.tradeId, () => armTrade(ctx, cmd)) : armTrade(ctx, cmd))),
      // In the new trade's queue, like an arm (the finished trade it reads cannot change any more).
      this.bus.reply(Contracts.ResetTrade, (cmd) => (cmd.newTradeId ? q(cmd.newTradeId, () => resetTrade(ctx, cmd)) : resetTrade(ctx, cmd))),
      this.bus.reply(Contracts.ModifyTrade, (cmd) => q(cmd.tradeId, () => modifyTrade(ctx, cmd))),
      this.bus.reply(Contracts.CancelTrade, (cmd) => q(cmd.tradeId, () => cancelTrade(ctx, cmd.tradeId))),
      this.bus.reply(Contracts.Breakeven, (cmd) => q(cmd.tradeId, () => breakeven(ctx, cmd.tradeId))),
      this.bus.reply(Contracts.TakeProfit, (cmd) => q(cmd.tradeId, () => takeProfit(ctx, cmd))),
      this.bus.reply(Contracts.Flatten, (cmd) => q(cmd.tradeId, () => flatten(ctx, cmd.tradeId))),
      this.bus.reply(Contracts.PremarketDecision, (cmd) => q(cmd.tradeId, () => premarketDecision(ctx, cmd))),
      // Through the trade's queue: the answer includes every change already under way.
      this.bus.reply(Contracts.GetTrade, (cmd) => q(cmd.tradeId, async () => {
        const trade = ctx.store.get(cmd.tradeId);
        if (!trade) return fail('TRADE_NOT_FOUND', `no trade ${cmd.tradeId}`);
        return ok({ trade, events: await ctx.store.history(cmd.tradeId) });
      })),
      this.bus.reply(Contracts.ListTrades, (query) => {
        const trades = ctx.store
          .all()
          .filter((t) => (!query.states || query.states.includes(t.state)) && (!query.symbol || t.spec.symbol === query.symbol))
          .sort((a, b) => b.updatedAt - a.updatedAt)
          .slice(0, query.limit);
        return ok({ trades });
      }),
    );
  }

  async onModuleDestroy(): Promise<void> {
    for (const s of this.subs) s.unsubscribe();
    for (const c of this.consumers) await c.stop();
    this.ctx?.timers.stop();
    this.ctx?.quotes.stop();
  }
}
