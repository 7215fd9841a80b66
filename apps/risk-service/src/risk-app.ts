import { Contracts, KvBuckets, DurableConsumers, ok, RiskLimitsView, TradingStateRecord } from '@arctrigger/contracts';
import { AlertPublisher, asAnswerTo, consumeDurable, TypedKv, type Bus, type Clock, type MarketCalendar, type RunningConsumer } from '@arctrigger/service-kit';
import type { Subscription } from '@nats-io/transport-node';
import { BookStore } from './book/book-store';
import { RiskBookRecord } from './book/risk-book';
import { parseDayRoll, riskDayClock } from './book/risk-day';
import { RiskMetrics } from './check/risk-metrics';
import { publishDecision } from './check/decision-publisher';
import { OrderChecker } from './check/order-checker';
import type { RiskServiceConfig } from './config';
import { limitsFromConfig } from './limits/limits-from-config';
import { LimitsStore } from './limits/limits-store';
import { FillProjector } from './positions/fill-projector';
import { LossMonitor } from './positions/loss-monitor';
import { HeldMarketData } from './positions/held-market-data';
import { PositionRecord } from './positions/position';
import { PositionReconciler } from './positions/position-reconciler';
import { ContractRecord, PositionBook } from './positions/position-book';
import { buildPositionsView } from './positions/positions-view';
import { QuoteBoard } from './positions/quote-board';
import { Panic } from './emergency/panic';
import { commandEventFor } from './trading-state/trading-state-machine';
import { TradingStateService } from './trading-state/trading-state-service';
import { TradingStateStore } from './trading-state/trading-state-store';
import type { RiskCommands } from './edges/risk-commands';

export interface RiskAppDeps {
  readonly bus: Bus;
  readonly clock: Clock;
  readonly calendar: MarketCalendar;
  readonly config: RiskServiceConfig;
  /** The service's instruments (no-op ones when left out). */
  readonly metrics?: RiskMetrics;
}

/**
 * The risk-service, wired: KV-backed stores, the pre-trade gate, the trading state and kill
 * switch, positions and P&L from executions and quotes, and the bus handlers. Plain code, started
 * by the Nest module in the service process and directly by tests and benchmarks.
 */
export class RiskApp {
  private constructor(
    /** Answered on the bus by RiskCommandsController (the checks stay on direct subscriptions: the fire path). */
    readonly commands: RiskCommands,
    private readonly subscriptions: Subscription[],
    private readonly consumers: RunningConsumer[],
    private readonly stoppables: Array<{ stop(): void }>,
  ) {}

  static async start({ bus, clock, calendar, config, metrics = new RiskMetrics() }: RiskAppDeps): Promise<RiskApp> {
    const dayAt = riskDayClock(parseDayRoll(config.RISK_DAY_ROLL_ET));
    const nc = bus.nc;
    const state = new TradingStateStore(await TypedKv.open(nc, KvBuckets.TRADING_STATE, TradingStateRecord), clock);
    const limits = new LimitsStore(await TypedKv.open(nc, KvBuckets.RISK, RiskLimitsView), bus, clock);
    // The book and the positions are written on every check and fill, built from validated requests
    // and executions: their writes skip the schema (every read, at start and after a conflict, checks it).
    const book = new BookStore(await TypedKv.open(nc, KvBuckets.RISK, RiskBookRecord, { validateWrites: false }), clock);
    const positions = new PositionBook(
      await TypedKv.open(nc, KvBuckets.RISK, PositionRecord, { validateWrites: false }),
      await TypedKv.open(nc, KvBuckets.RISK, ContractRecord),
    );
    await Promise.all([state.load(), limits.load(limitsFromConfig(config)), book.load(), positions.load()]);

    const quotes = new QuoteBoard();
    const transitions = new TradingStateService(state, bus, clock);
    const panic = new Panic(bus, transitions, state, clock);
    const alerts = new AlertPublisher(bus, clock, bus.options.instanceId);
    const lossMonitor = new LossMonitor(positions, quotes, limits, state, transitions, () => dayAt(clock.now()), alerts, config.RISK_LOSS_WARNING_PERCENT);
    const leases = new HeldMarketData(bus, clock, `risk-service:${bus.options.instanceId}`, config.RISK_MD_LEASE_TTL_MS, (tick) => {
      quotes.update(tick);
      // A failed transition (e.g. NATS closing) is logged; the next tick evaluates again.
      lossMonitor.evaluate().catch((error: unknown) => bus.logger.error({ err: error }, 'loss-limit evaluation failed'));
    });
    const checker = new OrderChecker(book, limits, state, positions, calendar, clock, dayAt, config.RISK_RESERVATION_TTL_MS);
    const fills = new FillProjector(positions, clock, dayAt, async () => {
      await leases.hold(positions.heldConIds());
      await lossMonitor.evaluate();
    });

    metrics.observe({ tradingState: () => state.current().state, openPositions: () => [...positions.openPositions()].length });
    const reconciler = new PositionReconciler(positions, bus, clock, config.RISK_POSITION_RECHECK_MS);
    const subscriptions = [
      bus.subscribe(Contracts.BrokerPosition, (snapshot) => reconciler.onBrokerPosition(snapshot)),
      bus.reply(Contracts.RiskCheckV2, async (order) => {
        const decision = await checker.check(order);
        // Decisions counted are those of orders about to be sent; arm-time pre-checks are not.
        if (order.purpose === 'fire') {
          publishDecision(bus, clock, order, decision);
          metrics.decided(decision);
        }
        return ok(decision);
      }),
      // Version 1 (order-services of the previous release) checks the order about to be sent.
      bus.reply(Contracts.RiskCheck, async (order) => {
        const decision = await checker.check({ ...order, purpose: 'fire' });
        publishDecision(bus, clock, order, decision);
        metrics.decided(decision);
        return ok(decision);
      }),
    ];
    const consumers = [
      await consumeDurable(bus, { contract: Contracts.Execution, stream: DurableConsumers.RISK_SERVICE_EXECUTIONS.stream, durable: DurableConsumers.RISK_SERVICE_EXECUTIONS.name }, (exec) => fills.onExecution(exec)),
      await consumeDurable(bus, { contract: Contracts.CommissionReport, stream: DurableConsumers.RISK_SERVICE_COMMISSIONS.stream, durable: DurableConsumers.RISK_SERVICE_COMMISSIONS.name }, (r) => fills.onCommission(r)),
    ];
    // Held contracts from before a restart: quotes again (a missing gateway is retried at renewal).
    void leases.hold(positions.heldConIds());
    const commands: RiskCommands = {
      release: async (command) => ok(await checker.release(command)),
      setTradingState: (command) => asAnswerTo(Contracts.SetTradingState, transitions.apply(commandEventFor(command.state), command.reason, command.actor)),
      panic: (command) => panic.execute(command),
      changeLimits: (command) => asAnswerTo(Contracts.ChangeRiskLimits, limits.change(command)),
      limits: () => ok(limits.view()),
      // The held contracts change like after a fill: quotes leased, loss limits judged again.
      adoptPosition: async (command) => {
        const adopted = await positions.adopt(command);
        await leases.hold(positions.heldConIds());
        await lossMonitor.evaluate();
        return ok(adopted);
      },
      positions: (query) => ok(buildPositionsView(positions.all(), quotes, { day: dayAt(clock.now()), now: clock.now(), staleAfterMs: config.RISK_QUOTE_STALE_MS, includeFlat: query.includeFlat })),
    };
    return new RiskApp(commands, subscriptions, consumers, [leases, state, limits, positions, reconciler]);
  }

  async stop(): Promise<void> {
    for (const s of this.subscriptions) s.unsubscribe();
    for (const c of this.consumers) await c.stop();
    for (const s of this.stoppables) s.stop();
  }
}
