import type { NatsConnection } from '@nats-io/transport-node';
import { Contracts, KvBuckets, Streams, TradingStateRecord, type ConnectionState, TradingState } from '@arctrigger/contracts';
import { Bus, createLogger, ensureStreams, TypedKv } from '@arctrigger/service-kit';
import { BusRecorder, eventually, startNatsServer, startServiceProcess, type ServiceProcess, type TestNatsServer } from '@arctrigger/testkit';
// Tests drive the simulator in-process (tests only; gateway src never imports another app).
import { startTwsSim, type TwsSim } from '../../../tws-sim/src';
import { TwsTap } from './tws-tap';

export const AAPL = 265598;
export const SPY = 756733;

/** A regular-session instant (Tuesday 10:30 US/Eastern) so the simulator fills orders. */
export const SESSION_OPEN = '2026-11-24T15:30:00Z';

export interface HarnessOptions {
  env?: Record<string, string>;
  clientId?: number;
  /** Runs after the simulator starts and before the gateway does (e.g. take the gateway's client id). */
  beforeGateway?: (sim: TwsSim) => Promise<void>;
  /** The wall clock the simulator draws its permIds and execIds from (fixed: every run gives the same ids). */
  simWallClock?: () => number;
}

const startSim = (port: number, wallClock: (() => number) | undefined): Promise<TwsSim> =>
  startTwsSim({
    port,
    clock: SESSION_OPEN,
    ...(wallClock ? { wallClock } : {}),
    scenario: {
      tickIntervalMs: 100,
      stocks: [
        { symbol: 'AAPL', conId: AAPL, primaryExchange: 'NASDAQ', price: 230 },
        { symbol: 'SPY', conId: SPY, primaryExchange: 'ARCA', price: 600 },
      ],
    },
  });

/**
 * Everything a gateway test needs, real: nats-server, the simulator (in-process, real socket), a
 * tap between them, and the gateway as a child process. Tests talk to it over the bus as the
 * order-service (the only user allowed to send order commands).
 */
export class GatewayHarness {
  gateway!: ServiceProcess;
  readonly connections: NatsConnection[] = [];
  orders!: Bus;
  admin!: NatsConnection;
  conn!: BusRecorder;

  private constructor(
    readonly nats: TestNatsServer,
    public sim: TwsSim,
    readonly tap: TwsTap,
    private readonly options: HarnessOptions,
  ) {}

  static async start(options: HarnessOptions = {}): Promise<GatewayHarness> {
    const nats = await startNatsServer();
    const sim = await startSim(0, options.simWallClock);
    const tap = await TwsTap.start(sim.port);
    const h = new GatewayHarness(nats, sim, tap, options);
    h.admin = await h.connect('admin');
    await ensureStreams(h.admin, Object.values(Streams));
    h.conn = await BusRecorder.start(h.admin, 'gw.conn.v1');
    // The risk-service creates the trading state at bootstrap; without it opening orders fail closed.
    await h.setTradingState(TradingState.ACTIVE);
    await options.beforeGateway?.(sim);
    h.orders = new Bus(await h.connect('order-service'), { service: 'order-service', instanceId: 'order-service-test', logger: createLogger({ service: 'order-service', instanceId: 'order-service-test', level: 'silent' }) });
    await h.startGateway();
    return h;
  }

  async connect(user: Parameters<TestNatsServer['connectAs']>[0]): Promise<NatsConnection> {
    const nc = await this.nats.connectAs(user);
    this.connections.push(nc);
    return nc;
  }

  /** Starts the gateway process and waits until its TWS session is ready. */
  async startGateway(): Promise<void> {
    const before = this.conn.messages.length;
    this.gateway = await startServiceProcess({
      app: 'gateway',
      env: {
        ...this.nats.envFor('gateway'),
        TWS_PORT: String(this.tap.port),
        TWS_CLIENT_ID: String(this.options.clientId ?? 7),
        RECONNECT_INITIAL_MS: '100',
        RECONNECT_MAX_MS: '500',
        ORDER_ACK_TIMEOUT_MS: '3000',
        LOOKUP_TIMEOUT_MS: '3000',
        GATEWAY_RANDOM_SEED: '1',
        LOG_LEVEL: 'info',
        ...this.options.env,
      },
    });
    await this.waitConnected(before);
  }

  /** Stops the simulator and starts a new one on its port (TWS restarted: orders, ids and positions gone). */
  async restartSim(): Promise<void> {
    const port = this.sim.port;
    await this.sim.close();
    this.sim = await startSim(port, this.options.simWallClock);
  }

  /** Resolves with the first `connected` state published after message index `from`. */
  async waitConnected(from: number, timeoutMs = 15_000): Promise<ConnectionState> {
    const m = await this.conn.waitFor((msg) => this.conn.messages.indexOf(msg) >= from && (msg.json as ConnectionState).status === 'connected', timeoutMs);
    return m.json as ConnectionState;
  }

  /** Waits until reconciliation after the latest connect has finished (logged by the gateway). */
  async reconciled(count = 1): Promise<void> {
    await eventually(() => (this.gateway.output().match(/"msg":"reconciliation done"/g) ?? []).length >= count, { timeoutMs: 15_000, what: `reconciliation #${count}` });
  }

  /** Writes the kill switch as the risk-service would. */
  async setTradingState(state: TradingState): Promise<void> {
    const kv = await TypedKv.open(await this.connect('risk-service'), KvBuckets.TRADING_STATE, TradingStateRecord);
    await kv.put('current', { state, reason: 'test', changedBy: 'risk-service', at: Date.now() });
  }

  /** Deletes the kill-switch record as only the admin identity may. */
  async deleteTradingState(): Promise<void> {
    const kv = await TypedKv.open(await this.connect('admin'), KvBuckets.TRADING_STATE, TradingStateRecord);
    await kv.delete('current');
  }

  /** A Bus connected as the risk-service (the only caller of CancelOpeningOrders). */
  async riskBus(): Promise<Bus> {
    return new Bus(await this.connect('risk-service'), { service: 'risk-service', instanceId: 'risk-service-test', logger: createLogger({ service: 'risk-service', instanceId: 'risk-service-test', level: 'silent' }) });
  }

  recorder(subject: string): Promise<BusRecorder> {
    return BusRecorder.start(this.admin, subject);
  }

  async stop(): Promise<void> {
    await this.gateway?.stop();
    for (const nc of this.connections) await nc.close().catch(() => undefined);
    await this.tap.close();
    await this.sim.close();
    await this.nats.stop({ removeStore: true });
  }
}

export { Contracts };
