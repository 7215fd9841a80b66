import type { NatsConnection } from '@nats-io/transport-node';
import { Streams, type ServiceName } from '@arctrigger/contracts';
import { Bus, createLogger, ensureStreams, ManualClock, MarketCalendar } from '@arctrigger/service-kit';
import { startNatsServer, type TestNatsServer } from '@arctrigger/testkit';
import { WatchlistServiceConfig } from '../../src/config';
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

  async startApp(): Promise<WatchlistApp> {
    this.app = await WatchlistApp.start({ bus: await this.bus('watchlist-service'), clock: this.clock, calendar: new MarketCalendar(), config: this.config });
    return this.app;
  }

  /** The service stops (its memory is gone) and a fresh one starts on the same KV. */
  async restart(): Promise<WatchlistApp> {
    await this.app?.stop();
    return this.startApp();
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
    await this.app?.stop();
    this.gateway?.stop();
    for (const nc of this.connections.splice(0)) await nc.close();
    await this.nats.stop({ removeStore: true });
  }
}
