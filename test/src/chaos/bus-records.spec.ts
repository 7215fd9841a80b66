/**
 * The invariants' KV reader on a real nats-server: the last value of every key, from the bucket's
 * stream (not per-key gets a lagging replica could answer), deleted and purged keys left out.
 */
import { Kvm } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/transport-node';
import { startNatsServer, type TestNatsServer } from '@arctrigger/testkit';
import { readBucket } from './bus-records';

describe('chaos bus records', () => {
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

  it('chaos bus records read the last value of every key of a bucket and leave deleted and purged keys out', async () => {
    const kv = await new Kvm(nc).create('records-test');
    expect(await readBucket(nc, 'records-test')).toEqual(new Map());
    await kv.put('a', JSON.stringify({ v: 1 }));
    await kv.put('b', JSON.stringify({ v: 1 }));
    await kv.put('a', JSON.stringify({ v: 2 }));
    await kv.put('c', JSON.stringify({ v: 1 }));
    await kv.delete('b');
    await kv.put('d', JSON.stringify({ v: 1 }));
    await kv.purge('d');
    expect(await readBucket(nc, 'records-test')).toEqual(new Map([['a', { v: 2 }], ['c', { v: 1 }]]));
  }, 30_000);
});
