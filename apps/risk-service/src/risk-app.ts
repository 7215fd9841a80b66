import { Contracts, KvBuckets, DurableConsumers, ok, RiskLimitsView, TradingStateRecord } from '@arctrigger/contracts';
import { AlertPublisher, asAnswerTo, consumeDurable, TypedKv, type Bus, type Clock, type MarketCalendar, type RunningConsumer } from '@arctrigger/service-kit';
import type { Subscription } from '@nats-io/transport-node';
import { BookStore } from './book/book-store';
import { DecisionLog } from './book/decision-log';
import { DeciderLease, DeciderLeaseRecord } from './book/decider-lease';
import { RiskBookRecord } from './book/risk-book';
import { parseDayRoll, riskDayClock } from './book/risk-day';
import { RiskMetrics } from './check/risk-metrics';
import { OrderChecker } from './check/order-checker';
import { RiskDecider } from './check/risk-decider';
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
    /** The risk gate: serving only while this instance holds the decider lease. */
    readonly decider: RiskDecider,
    private readonly lease: DeciderLease,
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
    const decisions = new DecisionLog(bus, bus.options.instanceId);
    const book = new BookStore(await TypedKv.open(nc, KvBuckets.RISK, RiskBookRecord, { validateWrites: false }), clock, decisions, bus.logger, () => gate.lost(), config.RISK_BOOK_WRITE_INTERVAL_MS);
    const positions = new PositionBook(
      await TypedKv.open(nc, KvBuckets.RISK, PositionRecord, { validateWrites: false }),
      await TypedKv.open(nc, KvBuckets.RISK, ContractRecord),
    );
    await Promise.all([state.load(), limits.load(limitsFromConfig(config)), positions.load()]);

    const quotes = new QuoteBoard();
    const transitions = new TradingStateService(state, bus, clock);
    const panic = new Panic(bus, transitions, state, clock);
    const alerts = new AlertPublisher(bus, clock, bus.options.instanceId);
    const lossMonitor = new LossMonitor(positions, quotes, limits, state, transitions, () => dayAt(clock.now()), alerts, config.RISK_LOSS_WARNING_PERCENT);
    const leases = new HeldMarketData(bus, clock, `risk-service:${bus.options.instanceId}`, config.RISK_MD_LEASE_TTL_MS, (tick) => {
      quotes.update(tick);
      // A failed transition (e.g. NATS closing) is logged; the next tick evaluates again.
      lossMonitor.evaluateSoon((error: unknown) => bus.logger.error({ err: error }, 'loss-limit evaluation failed'));
    });
    const checker = new OrderChecker(book, decisions, limits, state, positions, calendar, clock, dayAt, config.RISK_RESERVATION_TTL_MS);
    const gate = new RiskDecider(bus, book, checker, positions, metrics);
    const lease = new DeciderLease(
      await TypedKv.open(nc, KvBuckets.RISK, DeciderLeaseRecord), clock, bus.options.instanceId, config.RISK_DECIDER_LEASE_MS,
      { won: () => gate.won(), lost: () => gate.lost() },
      (message, fields) => bus.logger.info(fields ?? {}, message),
    );
    gate.useLease(lease);
    const fills = new FillProjector(positions, clock, dayAt, async () => {
      await leases.hold(positions.heldConIds());
      await lossMonitor.evaluate();
    });

    metrics.observe({ tradingState: () => state.current().state, openPositions: () => [...positions.openPositions()].length });
    const reconciler = new PositionReconciler(positions, bus, clock, config.RISK_POSITION_RECHECK_MS);
    const subscriptions = [
      bus.subscribe(Contracts.BrokerPosition, (snapshot) => reconciler.onBrokerPosition(snapshot)),
    ];
    const consumers = [
      await consumeDurable(bus, { contract: Contracts.Execution, stream: DurableConsumers.RISK_SERVICE_EXECUTIONS.stream, durable: DurableConsumers.RISK_SERVICE_EXECUTIONS.name }, (exec) => fills.onExecution(exec)),
      await consumeDurable(bus, { contract: Contracts.CommissionReport, stream: DurableConsumers.RISK_SERVICE_COMMISSIONS.stream, durable: DurableConsumers.RISK_SERVICE_COMMISSIONS.name }, (r) => fills.onCommission(r)),
    ];
    // Held contracts from before a restart: quotes again (a missing gateway is retried at renewal).
    void leases.hold(positions.heldConIds());
    // Decides once it holds the lease (at once when free or its own; else when the holder's runs out).
    await lease.start();
    const commands: RiskCommands = {
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
    return new RiskApp(commands, gate, lease, subscriptions, consumers, [leases, state, limits, positions, reconciler]);
  }

  /** Takes the decider lease now if it is free or has run out, and resolves once this instance decides (true) or not (false). */
  async takeOverIfFree(): Promise<boolean> {
    if (!(await this.lease.takeIfFree())) return false;
    await this.decider.ready();
    return true;
  }

  async stop(): Promise<void> {
    // The book's last changes written, then the lease given up: a standby decides at once.
    await this.decider.stop();
    await this.lease.stop();
    for (const s of this.subscriptions) s.unsubscribe();
    for (const c of this.consumers) await c.stop();
    for (const s of this.stoppables) s.stop();
  }
}
