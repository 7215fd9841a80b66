import { jetstream } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { Contracts, fail, ok, type MarketTick, type TriggerEvent } from '@arctrigger/contracts';
import { Bus, createLogger } from '@arctrigger/service-kit';
import { startNatsServer, startServiceProcess, type ServiceProcess, type TestNatsServer } from '@arctrigger/testkit';

/** Every process runs "as of" a regular-session morning; ticks are stamped with the same shifted time. */
export const CLOCK_SHIFT = Date.parse('2026-03-10T14:00:00Z') - Date.now();
export const shiftedNow = () => Date.now() + CLOCK_SHIFT;

export function startTriggerProcess(nats: TestNatsServer, instanceId: string, env: Record<string, string> = {}): Promise<ServiceProcess> {
  return startServiceProcess({
    app: 'trigger-service',
    env: {
      ...nats.envFor('trigger-service'),
      SERVICE_INSTANCE_ID: instanceId,
      // An offset from the wall clock, not a start instant: a start instant is read when the
      // process boots, so two instances booted seconds apart under load would disagree on "now" by
      // more than a lease's TTL, each seeing the other's leases and member record expired (a
      // joining instance once never saw the first as live and held every partition).
      ARCTRIGGER_CLOCK_OFFSET_MS: String(CLOCK_SHIFT),
      TRIGGER_PARTITIONS: '16',
      TRIGGER_LEASE_TTL_MS: '2000',
      TRIGGER_HEARTBEAT_MS: '400',
      TRIGGER_MAX_TICK_AGE_MS: '5000',
      MD_LEASE_TTL_MS: '5000',
      HEARTBEAT_INTERVAL_MS: '1000',
      ...env,
    },
  });
}

/** A bus connected as `user`, for a test playing that service. */
async function busAs(nats: TestNatsServer, user: 'gateway' | 'order-service'): Promise<Bus> {
  return new Bus(await nats.connectAs(user), { service: user, instanceId: `test-${user}`, logger: createLogger({ service: user, instanceId: 'test', level: 'warn' }) });
}

/**
 * What a process test plays against: its own nats-server, an admin connection, buses as the
 * gateway and the order-service, and the trigger-service processes it starts (`procs`, killed by
 * `stop` with everything else).
 */
export interface ProcessWorld {
  nats: TestNatsServer;
  admin: NatsConnection;
  gateway: Bus;
  orders: Bus;
  procs: ServiceProcess[];
  stop(): Promise<void>;
}

export async function startProcessWorld(): Promise<ProcessWorld> {
  const nats = await startNatsServer();
  const admin = await nats.connectAs('admin');
  const gateway = await busAs(nats, 'gateway');
  const orders = await busAs(nats, 'order-service');
  const procs: ServiceProcess[] = [];
  return {
    nats, admin, gateway, orders, procs,
    async stop() {
      for (const p of procs.splice(0)) await p.kill();
      await gateway.nc.close();
      await orders.nc.close();
      await admin.close();
      await nats.stop({ removeStore: true });
    },
  };
}

/** Plays the gateway's request side: leases granted, quotes from `quotes` (NO_QUOTE otherwise). */
export function answerGatewayRequests(gateway: Bus, quotes: Map<number, MarketTick>): void {
  gateway.reply(Contracts.AcquireMarketDataLease, (req) => ok({ leases: req.conIds.map((conId) => ({ conId, expiresAt: shiftedNow() + req.ttlMs })) }));
  gateway.reply(Contracts.ReleaseMarketDataLease, (req) => ok({ released: req.conIds }));
  gateway.reply(Contracts.QuoteSnapshot, (req) => {
    const q = quotes.get(req.conId);
    return q ? ok({ ...q, receivedAt: shiftedNow() }) : fail('NO_QUOTE', 'no quote yet');
  });
}

/** Every event stored in the TRIGGER_EVENTS stream (de-duplicated by JetStream), in order. */
export async function storedTriggerEvents(nc: NatsConnection): Promise<TriggerEvent[]> {
  const js = jetstream(nc);
  const consumer = await js.consumers.get('TRIGGER_EVENTS');
  const out: TriggerEvent[] = [];
  const info = await consumer.info();
  let pending = info.num_pending;
  while (pending > 0) {
    const batch = await consumer.fetch({ max_messages: Math.min(pending, 500), expires: 2_000 });
    for await (const m of batch) {
      out.push(m.json<TriggerEvent>());
      pending--;
    }
  }
  return out;
}
