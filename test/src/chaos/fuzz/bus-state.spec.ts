/**
 * The fuzzer's before/after reader on a real nats-server: a bus where only some of the project's
 * streams and buckets exist (no service created the others) is read without failing, the missing
 * ones as absent, and one that appears or changes afterwards shows as a state change.
 */
import { Kvm } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/transport-node';
import { KvBuckets } from '@arctrigger/contracts';
import { startNatsServer, type TestNatsServer } from '@arctrigger/testkit';
import { busState, diffState } from './bus-state';

describe('fuzz bus state', () => {
  let nats: TestNatsServer;
  let nc: NatsConnection;
  beforeAll(async () => {
    nats = await startNatsServer();
    nc = await nats.connectAs('admin');
  }, 60_000);
  afterAll(async () => {
    await nc?.close();
    await nats?.stop({ removeStore: true });
  });

  it('fuzz bus state reads a bus where no service created the streams and buckets, then sees a bucket appear and a key change', async () => {
    const empty = await busState(nc);
    expect(empty.get(`kv ${KvBuckets.TRADES.name}`)).toBe('absent');
    expect(empty.get('dead letters without a reason')).toBe('0');

    const trades = await new Kvm(nc).create(KvBuckets.TRADES.name);
    await trades.put('t1', '{}');
    const created = await busState(nc);
    expect(diffState(empty, created)).toEqual([`kv ${KvBuckets.TRADES.name}: absent → present`, `kv ${KvBuckets.TRADES.name}/t1: absent → revision 1 PUT`]);
    await trades.put('t1', '{"changed":true}');
    expect(diffState(created, await busState(nc))).toEqual([`kv ${KvBuckets.TRADES.name}/t1: revision 1 PUT → revision 2 PUT`]);
  }, 60_000);
});
