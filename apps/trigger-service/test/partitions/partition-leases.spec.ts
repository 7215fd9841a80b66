import pino from 'pino';
import { KvBuckets } from '@arctrigger/contracts';
import { ManualClock } from '@arctrigger/service-kit';
import { eventually, startNatsServer, type TestNatsServer } from '@arctrigger/testkit';
import type { NatsConnection, Subscription } from '@nats-io/transport-node';
import { PartitionLeases } from '../../src/partitions/partition-leases';

/**
 * Partition leases against a real nats-server: two instances share the partitions through KV
 * compare-and-set, each planning from its watched mirror of the bucket — a heartbeat reads nothing
 * from KV, it only writes.
 */
const PARTITIONS = 8;
const options = (instanceId: string, ttlMs = 3_000) => ({ instanceId, partitions: PARTITIONS, ttlMs, heartbeatMs: 1_000 });

describe('partition leases', () => {
  let nats: TestNatsServer;
  let admin: NatsConnection;
  const conns: NatsConnection[] = [];
  const logger = pino({ level: 'silent' });

  beforeAll(async () => {
    nats = await startNatsServer();
    admin = await nats.connectAs('admin');
  });

  afterAll(async () => {
    for (const nc of conns) await nc.close();
    await admin?.close();
    await nats?.stop({ removeStore: true });
  });

  const open = async (instanceId: string, clock: ManualClock, ttlMs?: number) => {
    const nc = await nats.connectAs('trigger-service');
    conns.push(nc);
    return PartitionLeases.open(nc, clock, options(instanceId, ttlMs), logger);
  };

  /** Counts the writes to the lease bucket (partition leases and member records) while `during` runs. */
  const kvWritesDuring = async (during: () => Promise<void>): Promise<string[]> => {
    const written: string[] = [];
    const sub = admin.subscribe(`$KV.${KvBuckets.TRIGGER_LEASES.name}.>`, { callback: (_e, m) => void written.push(m.subject.split('.').slice(2).join('.')) });
    await admin.flush();
    await during();
    await admin.flush();
    sub.unsubscribe();
    return written;
  };

  /** Counts the KV reads (direct gets, key listings) seen on the server while `during` runs. */
  const kvReadsDuring = async (during: () => Promise<void>): Promise<number> => {
    let reads = 0;
    const count = () => {
      reads++;
    };
    const bucket = `KV_${KvBuckets.TRIGGER_LEASES.name}`;
    const subs: Subscription[] = [`$JS.API.DIRECT.GET.${bucket}`, `$JS.API.CONSUMER.CREATE.${bucket}`]
      .flatMap((subject) => [subject, `${subject}.>`])
      .map((subject) => admin.subscribe(subject, { callback: count }));
    await admin.flush();
    await during();
    await admin.flush();
    for (const s of subs) s.unsubscribe();
    return reads;
  };

  it('partition leases: one instance owns all, a second takes half once the first gives it up, each heartbeat reads no KV, and a stopped instance hands its partitions back', async () => {
    const clock = new ManualClock(1_000_000);
    const a = await open('a', clock);
    await a.beat();
    expect([...a.owned.keys()].sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);

    const b = await open('b', clock);
    // Another instance's writes reach a mirror through its watch, a moment after they are stored:
    // a heartbeat repeats (the clock a little further each time) until its plan has seen them.
    const beatUntil = (leases: PartitionLeases, owned: number) =>
      eventually(async () => {
        clock.advance(10);
        await leases.beat();
        return leases.owned.size === owned;
      }, { what: `${owned} partitions owned` });
    // b announces itself and finds nothing free; a sees b (through its watch) and releases the
    // excess; b claims it. Every one of these heartbeats only writes.
    const reads = await kvReadsDuring(async () => {
      await b.beat();
      expect(b.owned.size).toBe(0);
      await beatUntil(a, PARTITIONS / 2);
      await beatUntil(b, PARTITIONS / 2);
    });
    expect(reads).toBe(0);
    expect(a.owned.size).toBe(PARTITIONS / 2);
    expect(b.owned.size).toBe(PARTITIONS / 2);
    for (const p of a.owned.keys()) expect(b.isOwned(p)).toBe(false);

    await a.releaseAll();
    await beatUntil(b, PARTITIONS);
  });

  it('partition leases: a lease is renewed once it has no more than ⅔ of its TTL left, not every heartbeat, and is never fenced meanwhile', async () => {
    const clock = new ManualClock(2_000_000);
    const c = await open('c-renewal', clock, 10_000);
    // A fresh bucket state for this instance: take over whatever the first test left.
    clock.advance(20_000);
    await c.beat();
    expect(c.owned.size).toBe(PARTITIONS);
    const byBeat: string[][] = [];
    for (let beat = 1; beat <= 8; beat++) {
      clock.advance(1_000);
      byBeat.push(await kvWritesDuring(() => c.beat()));
      expect(c.owned.size).toBe(PARTITIONS);
    }
    // 10 s TTL, 1 s heartbeats: 9, 8, 7 s left → nothing written; 6 s left (≤ 6.67) → every lease
    // and the member record renewed; then 9, 8, 7 s left again → nothing; 6 s → renewed.
    const renewal = [...Array.from({ length: PARTITIONS }, (_, p) => `p.${p}`), 'members.c-renewal'].sort();
    expect(byBeat.map((w) => [...w].sort())).toEqual([[], [], [], renewal, [], [], [], renewal]);
  });
});
