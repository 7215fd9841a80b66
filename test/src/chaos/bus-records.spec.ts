/**
 * The invariants' KV reader on a real nats-server: the last value of every key, from the bucket's
 * stream (not per-key gets a lagging replica could answer), deleted and purged keys left out.
 */
import { Kvm } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/transport-node';
import { startNatsServer, type TestNatsServer } from '@arctrigger/testkit';
import { jetstream } from '@nats-io/jetstream';
import { consumeUntilEnd, readBucket } from './bus-records';

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

  it('chaos bus records give up a read whose end never comes, with an error saying how far it got, and close its consumer', async () => {
    const kv = await new Kvm(nc).create('records-no-end');
    await kv.put('a', JSON.stringify({ v: 1 }));
    await kv.put('b', JSON.stringify({ v: 1 }));
    const messages = await (await jetstream(nc).consumers.get('KV_records-no-end')).consume();
    // An end that never comes: the last message read is never taken for the end.
    await expect(consumeUntilEnd(messages, 'bucket records-no-end', () => false, 300)).rejects.toThrow('reading bucket records-no-end did not end within 300 ms (2 messages read)');
    expect(await messages.closed()).toBeUndefined();
  }, 30_000);
});
