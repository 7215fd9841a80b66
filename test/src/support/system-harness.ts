/**
 * The whole system, real, for cross-service tests: a nats-server with the project config, the TWS
 * simulator in-process on a real socket, and any of the services as real child processes. Tests
 * talk to the services over the bus as the NATS user a real caller would use.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { NatsConnection } from '@nats-io/transport-node';
import pino from 'pino';
import { Streams, type ConnectionState, type ServiceName } from '@arctrigger/contracts';
import { Bus, ensureStreams } from '@arctrigger/service-kit';
import { BusRecorder, startNatsCluster, startNatsServer, startServiceProcess, type ServiceProcess, type TestNatsCluster, type TestNatsServer } from '@arctrigger/testkit';
import { startTwsSim, type TwsSim, type TwsSimOptions } from '@arctrigger/tws-sim';

export type AppName = ServiceName;

export interface SystemOptions {
  /** Services to start as processes, in this order (the gateway first when present). */
  services: AppName[];
  sim?: Omit<TwsSimOptions, 'port'>;
  /** Extra environment per service (merged over the defaults). */
  env?: Partial<Record<AppName, Record<string, string>>>;
  /**
   * Run the whole system "as of" another instant: the simulator's clock and every service's
   * clock (ARCTRIGGER_CLOCK_OFFSET_MS, independent of when a process starts, restarts included)
   * read `Date.now() + clockShiftMs`, so all agree on "now" to the millisecond.
   */
  clockShiftMs?: number;
  /** The port the gateway dials instead of the simulator's (a TCP tap in front of it, say). */
  gatewayTwsPort?: (sim: TwsSim) => Promise<number>;
  /** How long a service may take to say it is ready (default 30 s; a loaded machine needs more). */
  readyTimeoutMs?: number;
  /** A 3-node JetStream cluster instead of one server (every stream and bucket with 3 replicas). */
  cluster?: boolean;
}

export class SystemHarness {
  readonly processes = new Map<AppName, ServiceProcess>();
  /** Every process started, restarts included (their output is kept for ARCTRIGGER_TEST_LOG_DIR). */
  private readonly everStarted: ServiceProcess[] = [];
  private readonly connections: NatsConnection[] = [];
  admin!: NatsConnection;
  private twsPort: number | undefined;

  private constructor(
    readonly nats: TestNatsServer,
    readonly sim: TwsSim | undefined,
    private readonly options: SystemOptions,
  ) {}

  static async start(options: SystemOptions): Promise<SystemHarness> {
    const nats = options.cluster ? await startNatsCluster() : await startNatsServer();
    const shift = options.clockShiftMs;
    const simClock = shift === undefined ? {} : { clock: Date.now() + shift };
    const sim = options.sim ? await startTwsSim({ port: 0, ...simClock, ...options.sim }) : undefined;
    const h = new SystemHarness(nats, sim, options);
    try {
      if (sim && options.gatewayTwsPort) h.twsPort = await options.gatewayTwsPort(sim);
      h.admin = await h.connect('admin');
      await ensureStreams(h.admin, Object.values(Streams), nats.replicas);
      const conn = await BusRecorder.start(h.admin, 'gw.conn.v1');
      await h.admin.flush();
      // The gateway first (the others' look-ups and quotes go through it), then the rest side by
      // side: each waits for its own "ready" line, none needs another to be ready to start.
      const [first, rest] = options.services.includes('gateway') ? [['gateway' as AppName], options.services.filter((a) => a !== 'gateway')] : [[], options.services];
      for (const app of first) await h.startService(app);
      // All settled before a failure is thrown: every process that did start is known, and stopped below.
      const started = await Promise.allSettled(rest.map((app) => h.startService(app)));
      const failed = started.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failed) throw failed.reason;
      if (options.services.includes('gateway')) {
        await conn.waitFor((m) => (m.json as ConnectionState).status === 'connected', 20_000);
      }
      conn.stop();
      return h;
    } catch (error) {
      // A service that failed to start must not leave the ones before it (and NATS) running.
      await h.stop().catch(() => undefined);
      throw error;
    }
  }

  /** Environment the harness gives a service: its NATS user, the simulator's port, fast timings. */
  envFor(app: AppName): Record<string, string> {
    const base: Record<string, string> = { ...this.nats.envFor(app), SERVICE_INSTANCE_ID: `${app}-e2e`, HEARTBEAT_INTERVAL_MS: '500' };
    if (this.options.clockShiftMs !== undefined) base.ARCTRIGGER_CLOCK_OFFSET_MS = String(this.options.clockShiftMs);
    if (app === 'gateway' && this.sim) Object.assign(base, { TWS_PORT: String(this.twsPort ?? this.sim.port), TWS_CLIENT_ID: '7', RECONNECT_INITIAL_MS: '100' });
    return { ...base, ...(this.options.env?.[app] ?? {}) };
  }

  /** The system's "now" (shifted when `clockShiftMs` is given). */
  now(): number {
    return Date.now() + (this.options.clockShiftMs ?? 0);
  }

  async startService(app: AppName, extraEnv: Record<string, string> = {}): Promise<ServiceProcess> {
    // Generous by default: on a loaded machine (two cores shared by several suites) a start can take a minute.
    const proc = await startServiceProcess({ app, env: { ...this.envFor(app), ...extraEnv }, readyTimeoutMs: this.options.readyTimeoutMs ?? 120_000 });
    this.processes.set(app, proc);
    this.everStarted.push(proc);
    return proc;
  }

  process(app: AppName): ServiceProcess {
    const p = this.processes.get(app);
    if (!p) throw new Error(`${app} is not running`);
    return p;
  }

  async connect(user: AppName | 'admin'): Promise<NatsConnection> {
    const nc = await this.nats.connectAs(user);
    this.connections.push(nc);
    return nc;
  }

  /** A Bus connected as `user` (e.g. 'order-service' to send broker order commands). */
  async bus(user: AppName): Promise<Bus> {
    return new Bus(await this.connect(user), { service: user, instanceId: `${user}-e2e-client`, logger: pino({ level: 'silent' }) });
  }

  /**
   * With ARCTRIGGER_TEST_LOG_DIR set, every service process's output (one file per start) and each
   * NATS node's is written there when the system stops: what to read after a failed chaos row.
   */
  private keepLogs(): void {
    const dir = process.env.ARCTRIGGER_TEST_LOG_DIR;
    if (!dir) return;
    mkdirSync(dir, { recursive: true });
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    this.everStarted.forEach((p, i) => writeFileSync(join(dir, `${stamp}-${String(i).padStart(2, '0')}-${p.name}.log`), p.output()));
    const nodes = (this.nats as Partial<TestNatsCluster>).nodes ?? [];
    for (const n of nodes) writeFileSync(join(dir, `${stamp}-${n.name}.log`), n.log());
  }

  async stop(): Promise<void> {
    await Promise.all([...this.processes.values()].map((p) => p.stop()));
    this.keepLogs();
    for (const nc of this.connections) await nc.close().catch(() => undefined);
    await this.sim?.close();
    await this.nats.stop({ removeStore: true });
  }
}
