import pino from 'pino';
import type { NatsConnection } from '@nats-io/transport-node';
import type { ServiceName } from '@arctrigger/contracts';
import { startNatsServer, type TestNatsServer } from '@arctrigger/testkit';
import { Bus } from '../src/bus/bus';
import { ensureStreams } from '../src/jetstream/ensure-streams';
import { Streams } from '@arctrigger/contracts';

/** A real nats-server plus Bus instances connected as given service users. */
export class BusFixture {
  private readonly connections: NatsConnection[] = [];
  private constructor(readonly nats: TestNatsServer) {}

  static async start(): Promise<BusFixture> {
    const fixture = new BusFixture(await startNatsServer());
    const admin = await fixture.connect('admin');
    await ensureStreams(admin, Object.values(Streams));
    return fixture;
  }

  async connect(user: ServiceName | 'admin'): Promise<NatsConnection> {
    const nc = await this.nats.connectAs(user);
    this.connections.push(nc);
    return nc;
  }

  async bus(user: ServiceName): Promise<Bus> {
    return new Bus(await this.connect(user), { service: user, instanceId: `${user}-test`, logger: pino({ level: 'silent' }) });
  }

  async stop(): Promise<void> {
    for (const nc of this.connections) await nc.close();
    await this.nats.stop({ removeStore: true });
  }
}
