import type { NatsConnection } from '@nats-io/transport-node';
import { Streams, type ServiceName } from '@arctrigger/contracts';
import type { INestMicroservice } from '@nestjs/common';
import { Bus, createLogger, ensureStreams, ManualClock, MarketCalendar, serveBusHandlers } from '@arctrigger/service-kit';
import { startNatsServer, type TestNatsServer } from '@arctrigger/testkit';
import { WatchlistServiceConfig } from '../../src/config';
import { WatchlistAppHost } from '../../src/edges/watchlist-app.host';
import { WatchlistCommandsController } from '../../src/edges/watchlist-commands.controller';
import { WatchlistApp } from '../../src/watchlist-app';
import { GatewayActor } from './gateway-actor';

/**
 * A real nats-server with the project's permissions, the watchlist-service running in this process
 * on a ManualClock (so the 09:00 ET resolution is driven by the test), the gateway played on the
 * bus, and the console's side as a bus of the console user.
 */
export class WatchlistFixture {
  readonly clock: ManualClock;
  gateway!: GatewayActor;
  console!: Bus;
  private app: WatchlistApp | undefined;
  private handlers: INestMicroservice | undefined;
  private readonly connections: NatsConnection[] = [];
  private readonly config = WatchlistServiceConfig.parse({ WATCHLIST_RETRY_MS: '30000' });

  private constructor(
    readonly nats: TestNatsServer,
    start: string,
  ) {
    this.clock = new ManualClock(start);
  }

  static async start(at: string): Promise<WatchlistFixture> {
    const fx = new WatchlistFixture(await startNatsServer(), at);
    await ensureStreams(await fx.connect('admin'), Object.values(Streams));
    fx.gateway = new GatewayActor(await fx.bus('gateway'));
    fx.console = await fx.bus('console');
    await fx.startApp();
    return fx;
  }

  /** The app, and its command handlers served on the bus as the service process serves them. */
  async startApp(): Promise<WatchlistApp> {
    const bus = await this.bus('watchlist-service');
    const app = (this.app = await WatchlistApp.start({ bus, clock: this.clock, calendar: new MarketCalendar(), config: this.config }));
    this.handlers = await serveBusHandlers(bus, { controllers: [WatchlistCommandsController], providers: [{ provide: WatchlistAppHost, useValue: { app } }] });
    return app;
  }

  /** The service stops (its memory is gone) and a fresh one starts on the same KV. */
  async restart(): Promise<WatchlistApp> {
    await this.stopApp();
    return this.startApp();
  }

  private async stopApp(): Promise<void> {
    await this.handlers?.close();
    await this.app?.stop();
  }

  private async connect(user: ServiceName | 'admin'): Promise<NatsConnection> {
    const nc = await this.nats.connectAs(user);
    this.connections.push(nc);
    return nc;
  }

  private async bus(user: ServiceName): Promise<Bus> {
    const instanceId = `${user}-test-${this.connections.length}`;
    return new Bus(await this.connect(user), { service: user, instanceId, logger: createLogger({ service: user, instanceId, level: 'silent' }) });
  }

  async stop(): Promise<void> {
    await this.stopApp();
    this.gateway?.stop();
    for (const nc of this.connections.splice(0)) await nc.close();
    await this.nats.stop({ removeStore: true });
  }
}
