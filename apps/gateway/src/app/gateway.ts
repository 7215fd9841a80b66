import { EventName, type CommissionReport as IbCommission, type Contract, type Execution as IbExecution, type Order, type OrderState } from '@stoqey/ib';
import { Contracts, fail, KvBuckets, ok, TradingStateRecord, type ConId, type MarketDataLeaseGranted, type OrderRef, type ReconcileReport, type Reply } from '@arctrigger/contracts';
import { AlertPublisher, TypedKv, type Bus, type Clock, type Logger, type TimerHandle } from '@arctrigger/service-kit';
import type { Subscription } from '@nats-io/transport-node';
import type { GatewayConfig } from '../config';
import { Backoff, seededRandom } from '../connection/backoff';
import { ConnectionReporter } from '../connection/connection-reporter';
import { isOrderRejection } from '../connection/ib-codes';
import { StoredExecutions } from '../executions/stored-executions';
import { OrderIdAllocator } from '../ids/order-id-allocator';
import { REQUEST_ID_BASE, RequestIds } from '../ids/request-ids';
import { TwsLookups } from '../lookups/tws-lookups';
import { LeaseJournal, MarketDataLeasesRecord } from '../market-data/lease-journal';
import { MarketDataFeed, type TickSink } from '../market-data/market-data-feed';
import { BrokerOrderTracker } from '../orders/broker-order-tracker';
import { ContractPositions } from '../orders/contract-positions';
import type { TradingStateRead } from '../orders/kill-switch';
import { GlobalCancel } from '../orders/global-cancel';
import { OrderDesk } from '../orders/order-desk';
import { RiskApprovals } from '../orders/risk-approvals';
import { OrderSignals } from '../orders/order-signals';
import { HIGH_WATER_KEY, HighWaterRecord, PlacementRecord } from '../orders/placement-record';
import { PlacementStore } from '../orders/placement-store';
import { servePlacements } from '../orders/placement-subscriptions';
import { Pacer } from '../pacing/pacer';
import { BrokerSnapshotTaker } from '../reconciliation/broker-snapshot-taker';
import { Reconciler } from '../reconciliation/reconciler';
import { TwsSession } from '../tws/tws-session';
import { GatewayMetrics } from './gateway-metrics';
import { DurablePublisher } from './durable-publisher';
import { SystemMessages } from './system-messages';

/** Order ids whose high-water one KV save covers: most placements wait for no id write. */
const ORDER_ID_BLOCK = 100;

const DAY_MS = 86_400_000;

export interface GatewayParts {
  bus: Bus;
  clock: Clock;
  logger: Logger;
  config: GatewayConfig;
  /** Where ticks go; the bus by default. */
  tickSink?: TickSink;
  /** The gateway's instruments (no-op ones when left out). */
  metrics?: GatewayMetrics;
}

/**
 * The gateway assembled: one TWS session, its pacer and id spaces, market data, look-ups, orders,
 * broker events and reconciliation, wired to each other and to the bus. Plain code; the Nest
 * provider only starts and stops it.
 */
export class Gateway {
  readonly session: TwsSession;
  readonly pacer: Pacer;
  readonly feed: MarketDataFeed;
  readonly lookups: TwsLookups;
  readonly tracker: BrokerOrderTracker;
  readonly desk: OrderDesk;
  /** IB's global cancel (emergency cancel-all --broker). */
  readonly globalCancel: GlobalCancel;
  readonly approvals: RiskApprovals;
  readonly reconciler: Reconciler;
  readonly snapshots: BrokerSnapshotTaker;
  readonly reporter: ConnectionReporter;
  readonly publisher: DurablePublisher;
  readonly leaseJournal: LeaseJournal;
  /** The account's position per contract and what our sells hold of it (closing means closing). */
  readonly positions = new ContractPositions();
  private readonly allocator: OrderIdAllocator;
  private readonly signals: OrderSignals;
  private readonly system: SystemMessages;
  private republishTimer: TimerHandle | undefined;
  private unknownCheck: TimerHandle | undefined;
  private pruneTimer: TimerHandle | undefined;
  private stopped = false;
  private readonly metrics: GatewayMetrics;
  private placements: Subscription[] = [];

  private constructor(
    private readonly p: GatewayParts,
    private readonly store: PlacementStore,
    highWater: TypedKv<typeof HighWaterRecord>,
    private readonly tradingState: TypedKv<typeof TradingStateRecord>,
    leaseKv: TypedKv<typeof MarketDataLeasesRecord>,
  ) {
    const { bus, clock, logger, config } = p;
    const metrics = (this.metrics = p.metrics ?? new GatewayMetrics());
    const requestIds = new RequestIds();
    this.pacer = new Pacer(clock, { ratePerSec: config.PACING_RATE_PER_SEC, burst: config.PACING_BURST });
    const clientIds = Array.from({ length: config.TWS_CLIENT_ID_FALLBACKS + 1 }, (_, i) => config.TWS_CLIENT_ID + i);
    const random = seededRandom(config.GATEWAY_RANDOM_SEED ?? Math.floor(Math.random() * 2 ** 31));
    const backoff = new Backoff({ initialMs: config.RECONNECT_INITIAL_MS, maxMs: config.RECONNECT_MAX_MS, jitter: config.RECONNECT_JITTER }, random);
    this.reporter = new ConnectionReporter(clock, (s) => bus.publish(Contracts.ConnectionState, s), config.TWS_CLIENT_ID, announceIntervalOf(config));
    this.session = new TwsSession({ host: config.TWS_HOST, port: config.TWS_PORT, connectTimeoutMs: config.TWS_CONNECT_TIMEOUT_MS, clientIds, backoff, pacer: this.pacer, clock }, {
      connecting: (clientId, attempt) => this.reporter.connecting(clientId, attempt),
      ready: (info) => this.onReady(info),
      lost: (reason) => this.onLost(reason),
      vet: (accounts) =>
        !config.ARCTRIGGER_ALLOW_LIVE && accounts.some((a) => !a.startsWith('DU'))
          ? `refusing live account ${accounts.join(',')}: set ARCTRIGGER_ALLOW_LIVE=true to trade a non-paper (non-DU) account`
          : undefined,
      stopped: (stop) => {
        this.reporter.disconnected(stop.reason, stop.code);
        this.system.notice(stop.code ?? 0, stop.reason, null);
      },
    });
    this.allocator = new OrderIdAllocator(
      {
        load: async () => (await highWater.get(HIGH_WATER_KEY))?.value.highWater,
        save: async (n) => void (await highWater.put(HIGH_WATER_KEY, { highWater: n })),
      },
      REQUEST_ID_BASE,
      ORDER_ID_BLOCK,
    );
    this.publisher = new DurablePublisher(bus, logger, clock, new StoredExecutions(bus.nc), new AlertPublisher(bus, clock, 'gateway'), this.metrics);
    this.tracker = new BrokerOrderTracker(this.publisher, clock, this.positions);
    this.signals = new OrderSignals(this.tracker, clock);
    this.lookups = new TwsLookups(this.session, requestIds, clock, config.LOOKUP_CACHE_TTL_MS, config.LOOKUP_TIMEOUT_MS);
    this.feed = new MarketDataFeed(
      this.session,
      requestIds,
      clock,
      p.tickSink ??
        ((tick) => {
          metrics.ticksOut++;
          bus.publish(Contracts.MarketTick, tick, { params: { conId: tick.conId }, trace: false });
        }),
      () => void this.leaseJournal.changed(),
    );
    this.leaseJournal = new LeaseJournal(leaseKv, () => this.feed.leases.bySubscriber(), () => clock.now(), logger);
    this.approvals = new RiskApprovals(clock, config.RISK_DECISION_WAIT_MS);
    this.desk = new OrderDesk({ session: this.session, store, tracker: this.tracker, signals: this.signals, allocator: this.allocator, lookups: this.lookups, tradingState: () => this.readTradingState(), approvals: this.approvals, positions: this.positions, clock, ackTimeoutMs: config.ORDER_ACK_TIMEOUT_MS, onUnknownOutcome: () => this.reconcileUnknownLater(), onWritten: (orderRef) => this.metrics.orderPlaced(orderRef) });
    this.globalCancel = new GlobalCancel({ session: this.session, tracker: this.tracker, signals: this.signals, store, ackTimeoutMs: config.ORDER_ACK_TIMEOUT_MS });
    this.reconciler = new Reconciler(this.session, this.tracker, store, requestIds, clock, (pos) => this.publisher.position(pos), (ref: OrderRef) => this.desk.isPlacing(ref), config.LOOKUP_TIMEOUT_MS, this.positions);
    this.snapshots = new BrokerSnapshotTaker(this.session, clock, config.LOOKUP_TIMEOUT_MS);
    this.system = new SystemMessages(bus, logger, this.reporter, {
      connectivityLost: (reason) => this.signals.connectionLost(reason),
      restoredDataLost: () => {
        this.feed.resubscribeAll();
        this.reconcile('1101');
      },
      restoredDataKept: () => this.reconcile('1102'),
      clientIdInUse: () => this.session.clientIdInUse(),
    }, () => clock.now());
    this.wireOrderCallbacks();
  }

  /**
   * The gateway with its state restored (order-id high-water, placements, market-data leases),
   * listening for risk decisions; its TWS session starts with `startSession`, once its request
   * handlers answer.
   */
  static async create(parts: GatewayParts): Promise<Gateway> {
    const nc = parts.bus.nc;
    // Placement records are built from validated commands and are written before every order leaves:
    // the write skips the schema (reads check it).
    const store = new PlacementStore(await TypedKv.open(nc, KvBuckets.GATEWAY, PlacementRecord, { validateWrites: false }));
    const highWater = await TypedKv.open(nc, KvBuckets.GATEWAY, HighWaterRecord);
    const tradingState = await TypedKv.open(nc, KvBuckets.TRADING_STATE, TradingStateRecord);
    // Written from the lease book, itself built from validated requests.
    const leaseKv = await TypedKv.open(nc, KvBuckets.GATEWAY, MarketDataLeasesRecord, { validateWrites: false });
    const gateway = new Gateway(parts, store, highWater, tradingState, leaseKv);
    gateway.metrics.observe({
      twsConnected: () => gateway.reporter.current.status === 'connected',
      marketDataLines: () => gateway.feed.leases.contracts().length,
      pacingDelays: () => gateway.pacer.delayed,
    });
    await gateway.allocator.restore();
    gateway.feed.restore(await gateway.leaseJournal.restore());
    await gateway.prunePlacements();
    for (const { value } of await store.all()) gateway.tracker.expect(value.orderRef, value.ibOrderId, value.order.conId, value.permId);
    // The approvals the gateway places orders on: heard as they are published (the order path).
    parts.bus.subscribe(Contracts.RiskDecided, (decided) => gateway.approvals.onDecision(decided));
    gateway.placements = servePlacements(parts.bus, gateway.desk);
    return gateway;
  }

  /**
   * Connects to TWS. Called once the request handlers answer (the server holds their
   * subscriptions): whoever hears from a fresh session's first tick or fill can already ask the
   * gateway about it.
   */
  startSession(): void {
    this.session.start();
    this.scheduleRepublish();
  }

  stop(): void {
    this.stopped = true;
    for (const s of this.placements.splice(0)) s.unsubscribe();
    this.republishTimer?.cancel();
    this.unknownCheck?.cancel();
    this.pruneTimer?.cancel();
    this.feed.stop();
    this.session.stop();
  }

  /** Acquires market-data leases; answers once new ones are stored, so a granted lease outlives a gateway crash. */
  async acquireMarketData(subscriberId: string, conIds: readonly ConId[], ttlMs: number): Promise<MarketDataLeaseGranted> {
    const granted = this.feed.acquire(subscriberId, conIds, ttlMs);
    await this.leaseJournal.settled();
    return granted;
  }

  /** Health: ok while a TWS session is ready and firing is allowed; the detail says why not. */
  healthCheck(): { ok: boolean; detail: string } {
    const s = this.reporter.current;
    const waiting = this.pacer.waiting;
    return { ok: s.status === 'connected', detail: `${s.status}: ${s.reason}; leases ${this.feed.leases.contracts().length}; queued ${waiting.order}/${waiting.marketData}/${waiting.lookup}` };
  }

  /**
   * The connection state is re-announced with the heartbeat's period: a consumer that starts later
   * learns it, and one that stops hearing it knows the gateway's word is gone.
   */
  private scheduleRepublish(): void {
    if (this.stopped) return;
    this.republishTimer = this.p.clock.setTimer(announceIntervalOf(this.p.config), () => {
      this.reporter.republish();
      this.scheduleRepublish();
    });
  }

  private onReady(info: { clientId: number; nextValidId: number; accounts: string[]; serverVersion: number }): void {
    this.metrics.sessionReady();
    this.allocator.seed(info.nextValidId);
    this.tracker.newSession();
    this.reporter.connected({ clientId: info.clientId, account: info.accounts[0] ?? null, serverVersion: info.serverVersion });
    this.p.logger.info({ ...info }, 'TWS session ready');
    this.feed.resubscribeAll();
    this.reconcile('connect');
  }

  private onLost(reason: string): void {
    this.allocator.unseed();
    this.lookups.onDisconnect();
    this.feed.onDisconnect();
    this.signals.connectionLost(reason);
    this.reporter.disconnected(reason);
    this.p.logger.warn({ reason }, 'TWS session lost');
  }

  /** Forgets finished placements older than PLACEMENT_RETENTION_DAYS, now and then once a day. */
  private async prunePlacements(): Promise<void> {
    const { clock, config, logger } = this.p;
    try {
      const pruned = await this.store.prune(clock.now() - config.PLACEMENT_RETENTION_DAYS * DAY_MS);
      if (pruned.length > 0) logger.info({ pruned: pruned.length, retentionDays: config.PLACEMENT_RETENTION_DAYS }, 'old placement records pruned');
    } catch (error) {
      logger.warn({ err: error }, 'placement pruning failed; retried tomorrow');
    }
    if (!this.stopped) this.pruneTimer = clock.setTimer(DAY_MS, () => void this.prunePlacements());
  }

  /**
   * An unknown placement that no late callback settles is looked for at the broker after
   * UNKNOWN_RECONCILE_MS (one timer for every placement that turns unknown meanwhile); skipped when
   * nothing is unresolved by then or TWS is away (the reconnect reconciles).
   */
  private reconcileUnknownLater(): void {
    if (this.unknownCheck) return;
    this.unknownCheck = this.p.clock.setTimer(this.p.config.UNKNOWN_RECONCILE_MS, () => {
      this.unknownCheck = undefined;
      void this.store.unresolved().then(
        (open) => {
          if (open.length > 0 && this.session.isReady) this.reconcile('unknown placement');
        },
        (error: unknown) => this.p.logger.error({ err: error }, 'could not read unresolved placements'),
      );
    });
  }

  /** A reconciliation asked for on the bus (the auditor settling an unknown outcome): the report, or why TWS could not be asked. */
  async reconcileNow(why: string): Promise<Reply<ReconcileReport, 'TWS_DISCONNECTED'>> {
    if (!this.session.isReady) return fail('TWS_DISCONNECTED', 'not connected to TWS: the broker cannot be asked now');
    const report = await this.reconciler.run();
    this.p.logger.info({ why, ...report }, 'reconciliation done (asked)');
    return ok(report);
  }

  private reconcile(why: string): void {
    void this.reconciler.run().then(
      (report) => this.p.logger.info({ why, ...report }, 'reconciliation done'),
      (error: unknown) => this.p.logger.error({ err: error, why }, 'reconciliation failed'),
    );
  }

  private async readTradingState(): Promise<TradingStateRead> {
    try {
      const record = await this.tradingState.get('current');
      return record ? { found: true, record: record.value } : { found: false };
    } catch (error) {
      return { error: (error as Error).message };
    }
  }

  private wireOrderCallbacks(): void {
    const s = this.session;
    const t = this.tracker;
    s.on(EventName.openOrder, (orderId: number, contract: Contract, order: Order, state: OrderState) => t.onOpenOrder(orderId, contract, order, state));
    s.on(EventName.completedOrder, (contract: Contract, order: Order, state: OrderState) => t.onCompletedOrder(contract, order, state));
    s.on(EventName.orderStatus, (orderId: number, status: string, filled: number, remaining: number, avg: number, permId?: number, _p?: number, _l?: number, _c?: number, whyHeld?: string) =>
      t.onOrderStatus(orderId, status, filled, remaining, avg, permId, whyHeld),
    );
    s.on(EventName.execDetails, (_reqId: number, contract: Contract, execution: IbExecution) => t.onExecution(contract, execution));
    s.on(EventName.commissionReport, (report: IbCommission) => t.onCommission(report));
    s.on(EventName.error, (error: Error, code: number, reqId: number) => this.onTwsError(error?.message ?? String(error), code, reqId));
    s.on(EventName.info, (message: string, code: number) => this.system.handle(code, message, null));
  }

  private onTwsError(message: string, code: number, reqId: number): void {
    if (code === undefined) return;
    if (RequestIds.isRequestId(reqId)) {
      if (this.lookups.onError(reqId, code, message)) return;
      if (this.feed.onRequestError(reqId, code)) {
        this.p.logger.warn({ code, message, reqId }, 'TWS dropped a market-data request for pacing: sending it again after a backoff');
        return;
      }
      this.system.notice(code, message, reqId);
      return;
    }
    if (reqId >= 0) {
      const ours = this.tracker.onOrderError(reqId, code, message, isOrderRejection(code));
      if (!ours) this.system.notice(code, message, reqId);
      return;
    }
    this.system.handle(code, message, null);
  }
}

function announceIntervalOf(config: GatewayConfig): number {
  return config.CONNECTION_STATE_INTERVAL_MS ?? config.HEARTBEAT_INTERVAL_MS;
}
