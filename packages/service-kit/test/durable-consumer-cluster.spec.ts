/**
 * A durable consumer on a 3-node JetStream cluster: when the node leading the consumer is killed,
 * the instance (connected to a surviving node, so it sees no disconnect) notices its lost pull by
 * the missed heartbeats and pulls again, and the next message reaches it once the consumer has a
 * new leader — not after the client's default 30 s pull.
 */
import pino from 'pino';
import { jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { Contracts, Streams } from '@arctrigger/contracts';
import { connectTestUser, eventually, startNatsCluster, tradeEvent, type TestNatsCluster } from '@arctrigger/testkit';
import { Bus } from '../src/bus/bus';
import { consumeDurable } from '../src/jetstream/durable-consumer';
import { ensureStreams } from '../src/jetstream/ensure-streams';

describe('durable consumer on a cluster', () => {
  let cluster: TestNatsCluster;
  const connections: NatsConnection[] = [];
  const connect = async (user: 'admin' | 'order-service' | 'risk-service', servers: string[]) => {
    const nc = await connectTestUser(servers, user, `cluster-test-${user}`);
    connections.push(nc);
    return nc;
  };
  const bus = (nc: NatsConnection, service: 'order-service' | 'risk-service') => new Bus(nc, { service, instanceId: `${service}-cluster-test`, logger: pino({ level: 'silent' }) });

  beforeAll(async () => {
    cluster = await startNatsCluster();
  }, 120_000);
  afterAll(async () => {
    for (const nc of connections) await nc.close().catch(() => undefined);
    await cluster?.stop({ removeStore: true });
  });

  it('durable consumer pulls again within seconds after the node leading it is killed', async () => {
    const everyNode = cluster.nodes.map((n) => n.url);
    const admin = await connect('admin', everyNode);
    await ensureStreams(admin, [Streams.TRADES], 3);
    const options = { contract: Contracts.TradeEvent, stream: Streams.TRADES.name, durable: 'risk-test-cluster', filterSubject: 'trade.evt.v1.cl1', ackWaitMs: 5_000 };
    // Create the durable, then find the node leading it and connect the instance to another one.
    await (await consumeDurable(bus(await connect('risk-service', everyNode), 'risk-service'), options, () => undefined)).stop();
    const jsm = await jetstreamManager(admin);
    const leaderName = (await jsm.consumers.info(Streams.TRADES.name, 'risk-test-cluster')).cluster?.leader;
    const leader = cluster.nodes.find((n) => n.name === leaderName)!;
    const survivor = cluster.nodes.find((n) => n !== leader)!;
    const seen: number[] = [];
    const consumer = await consumeDurable(bus(await connect('risk-service', [survivor.url]), 'risk-service'), options, (e) => void seen.push(e.seq));
    const orders = bus(await connect('order-service', cluster.nodes.filter((n) => n !== leader).map((n) => n.url)), 'order-service');
    await orders.publishDurable(Contracts.TradeEvent, tradeEvent('cl1', 1, 'ARMED'), { params: { tradeId: 'cl1' }, msgId: 'cl1:1' });
    await eventually(() => seen.includes(1), { timeoutMs: 10_000, what: 'the first message' });

    await leader.kill();
    await eventually(async () => {
      await orders.publishDurable(Contracts.TradeEvent, tradeEvent('cl1', 2, 'ARMED'), { params: { tradeId: 'cl1' }, msgId: 'cl1:2' });
      return true;
    }, { timeoutMs: 30_000, intervalMs: 250, what: 'a publish once the stream has a leader again' });
    const storedAt = Date.now();
    // The consumer's own new leader (elected after the stream's: up to ~10 s on a loaded machine),
    // then two missed heartbeats (half a pull each) and a new pull: within 20 s. With the client's
    // default 30 s pull the message took more than 25 s.
    await eventually(() => seen.includes(2), { timeoutMs: 25_000, intervalMs: 100, what: 'the message after the kill' });
    const deliveredAfter = Date.now() - storedAt;
    await consumer.stop();
    expect(deliveredAfter).toBeLessThan(20_000);
  }, 120_000);
});
