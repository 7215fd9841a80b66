import { Streams, type ServiceName } from '@arctrigger/contracts';
import type { INestMicroservice } from '@nestjs/common';
import { Bus, createLogger, ensureStreams, ManualClock, MarketCalendar, serveBusHandlers } from '@arctrigger/service-kit';
import { startNatsServer, type TestNatsServer } from '@arctrigger/testkit';
import type { NatsConnection } from '@nats-io/transport-node';
import { RiskAppHost } from '../../src/edges/risk-app.host';
import { RiskCommandsController } from '../../src/edges/risk-commands.controller';
import { RiskApp } from '../../src/risk-app';
import type { RiskServiceConfig } from '../../src/config';
import { config, REGULAR_HOURS } from './builders';

/**
 * A real nats-server with the project's permissions, and risk-service instances running in this
 * process on a ManualClock (so day rolls and expiry are driven by the test). Other services are
 * played by buses connected as their own NATS users.
 */
export class RiskFixture {
  readonly clock: ManualClock;
  private readonly connections: NatsConnection[] = [];
  private readonly apps: Array<{ app: RiskApp; handlers: INestMicroservice; nc: NatsConnection }> = [];
  private instances = 0;

  private constructor(
    readonly nats: TestNatsServer,
    readonly config: RiskServiceConfig,
    start: number,
  ) {
    this.clock = new ManualClock(start);
  }

  static async start(options: { env?: Record<string, string>; at?: number; instances?: number } = {}): Promise<RiskFixture> {
    const nats = await startNatsServer();
    const fx = new RiskFixture(nats, config(options.env), options.at ?? REGULAR_HOURS);
    const admin = await fx.connect('admin');
    await ensureStreams(admin, Object.values(Streams));
    for (let i = 0; i < (options.instances ?? 1); i++) await fx.startInstance();
    return fx;
  }

  /** Starts one more risk-service instance on the same bus and KV. */
  async startInstance(): Promise<RiskApp> {
    const bus = await this.bus('risk-service', `risk-service-${++this.instances}`);
    const app = await RiskApp.start({ bus, clock: this.clock, calendar: new MarketCalendar(), config: this.config });
    // Its commands answered as the service process answers them: Nest handlers on the bus.
    const handlers = await serveBusHandlers(bus, { controllers: [RiskCommandsController], providers: [{ provide: RiskAppHost, useValue: { app } }] });
    this.apps.push({ app, handlers, nc: bus.nc });
    return app;
  }

  /** The instance started `index`-th (0 first) as it is now. */
  instance(index: number): RiskApp {
    return this.apps[index]!.app;
  }

  /**
   * Kills instance `index` as kill -9 would: its connection closes with nothing written or given up
   * (no last snapshot, no lease release); its timers on the ManualClock find the connection closed.
   */
  async crash(index: number): Promise<void> {
    const [crashed] = this.apps.splice(index, 1);
    await crashed!.nc.close();
    await crashed!.handlers.close().catch(() => undefined);
  }

  /** Stops every instance (as a crash would, minus the process) and starts a fresh one: memory is gone, KV stays. */
  async restart(): Promise<void> {
    await this.stopInstances();
    await this.startInstance();
  }

  private async stopInstances(): Promise<void> {
    for (const { app, handlers } of this.apps.splice(0)) {
      await handlers.close();
      await app.stop();
    }
  }

  async connect(user: ServiceName | 'admin'): Promise<NatsConnection> {
    const nc = await this.nats.connectAs(user);
    this.connections.push(nc);
    return nc;
  }

  async bus(user: ServiceName | 'admin', instanceId: string = `${user}-test`): Promise<Bus> {
    const nc = await this.connect(user);
    return new Bus(nc, { service: user, instanceId, logger: createLogger({ service: user, instanceId, level: 'silent' }) });
  }

  async stop(): Promise<void> {
    await this.stopInstances();
    for (const nc of this.connections.splice(0)) await nc.close();
    await this.nats.stop({ removeStore: true });
  }
}
