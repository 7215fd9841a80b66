/**
 * JetStream writes and reads on a 3-node cluster while the node leading the stream (or bucket) is
 * killed with kill -9: what the chaos row "kill -9 stream leader mid-sweep" does to every service.
 * A durable publish and a KV compare-and-set made during the election are stored once, after it,
 * without the caller retrying; a KV read straight after a write sees it.
 */
import pino from 'pino';
import { jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { z } from 'zod';
import { Contracts, KvBuckets, Streams } from '@arctrigger/contracts';
import { connectTestUser, eventually, startNatsCluster, tradeEvent, type NatsNode, type TestNatsCluster } from '@arctrigger/testkit';
import { Bus } from '../src/bus/bus';
import { ensureStreams } from '../src/jetstream/ensure-streams';
import { TypedKv } from '../src/jetstream/typed-kv';

describe('JetStream through a stream leader killed with kill -9', () => {
  let cluster: TestNatsCluster;
  let admin: NatsConnection;
  const connections: NatsConnection[] = [];
  const replicas = process.env.NATS_REPLICAS;
  const connect = async (user: 'admin' | 'order-service' | 'trigger-service', servers: string[]) => {
    const nc = await connectTestUser(servers, user, `leader-kill-${user}`);
    connections.push(nc);
    return nc;
  };
  /** The node leading `stream` and the URLs of the two others (a client there sees no disconnect). */
  const leaderOf = async (stream: string): Promise<{ leader: NatsNode; others: string[] }> => {
    const leader = await cluster.streamLeader(admin, stream);
    if (!leader) throw new Error(`${stream} has no leader`);
    return { leader, others: cluster.nodes.filter((n) => n !== leader).map((n) => n.url) };
  };

  beforeAll(async () => {
    process.env.NATS_REPLICAS = '3';
    cluster = await startNatsCluster();
    admin = await connect('admin', cluster.nodes.map((n) => n.url));
    // A cluster just started may have a meta leader before it knows every peer ("no suitable peers
    // for placement" for three replicas): the stream the tests use is made once it can be.
    await eventually(() => ensureStreams(admin, [Streams.TRADES], 3).then(() => true), { timeoutMs: 30_000, intervalMs: 250, what: 'TRADES with three replicas' });
  }, 120_000);
  // Each test kills one node: it is started again (same store) before the next test needs a quorum.
  afterEach(async () => {
    for (const n of cluster.nodes) if (!n.running) await n.start();
  }, 60_000);
  afterAll(async () => {
    if (replicas === undefined) delete process.env.NATS_REPLICAS;
    else process.env.NATS_REPLICAS = replicas;
    for (const nc of connections) await nc.close().catch(() => undefined);
    await cluster?.stop({ removeStore: true });
  });

  it('appends made while TRADES elects a new leader are stored once each, in order, without the caller retrying', async () => {
    const { leader, others } = await leaderOf(Streams.TRADES.name);
    const orders = new Bus(await connect('order-service', others), { service: 'order-service', instanceId: 'leader-kill', logger: pino({ level: 'silent' }) });
    const append = (seq: number, expected: number) =>
      orders.publishDurable(Contracts.TradeEvent, tradeEvent('lk1', seq, 'ARMED'), { params: { tradeId: 'lk1' }, msgId: `lk1:${seq}`, expectLastSubjectSequence: expected });
    const seqs = [(await append(1, 0)).seq];

    const killed = leader.kill();
    // Straight into the election: before the fix, the first of these failed (no answer within 5 s,
    // or "no responders") and the trade's history stopped there.
    for (let seq = 2; seq <= 4; seq++) seqs.push((await append(seq, seqs.at(-1)!)).seq);
    await killed;

    // Read back once the JetStream API answers again (a new meta leader too, when it was on the killed node).
    const stored = await eventually(async () => {
      const jsm = await jetstreamManager(admin);
      const info = await jsm.streams.info(Streams.TRADES.name, { subjects_filter: 'trade.evt.v1.lk1' });
      const ids = await Promise.all(seqs.map(async (seq) => (await jsm.streams.getMessage(Streams.TRADES.name, { seq }))?.header.get('Nats-Msg-Id')));
      return { count: info.state.subjects?.['trade.evt.v1.lk1'], ids };
    }, { timeoutMs: 30_000, intervalMs: 250, what: 'the stream answering again' });
    expect(stored).toEqual({ count: 4, ids: ['lk1:1', 'lk1:2', 'lk1:3', 'lk1:4'] });
  }, 120_000);

  it('a KV compare-and-set made while the bucket elects a new leader succeeds once, and a read straight after sees it', async () => {
    const schema = z.object({ n: z.number() });
    const triggerNc = await connect('trigger-service', cluster.nodes.map((n) => n.url));
    // (Made once the node the previous test killed and restarted counts as a peer again.)
    const first = await eventually(() => TypedKv.open(triggerNc, KvBuckets.TRIGGERS, schema), { timeoutMs: 30_000, intervalMs: 250, what: 'the triggers bucket with three replicas' });
    const created = await first.create('lk-2', { n: 0 });
    if (!created.ok) throw new Error('create conflicted');
    const { leader, others } = await leaderOf(`KV_${KvBuckets.TRIGGERS.name}`);
    const kv = await TypedKv.open(await connect('trigger-service', others), KvBuckets.TRIGGERS, schema);

    const killed = leader.kill();
    let revision = created.revision;
    for (let n = 1; n <= 3; n++) {
      const cas = await kv.update('lk-2', { n }, revision);
      expect(cas.ok).toBe(true);
      if (!cas.ok) return;
      revision = cas.revision;
      // Read after write, from whichever node this client is on: the write's revision, never an older one.
      expect(await kv.get('lk-2')).toEqual({ value: { n }, revision });
    }
    await killed;
  }, 120_000);
});
