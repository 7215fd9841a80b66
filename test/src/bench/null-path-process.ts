/**
 * One stage of the null path (see null-path.ts), as a process of its own: it forwards each message
 * to the next stage with nothing but a JSON decode and encode in between. Stages, in path order:
 * `gateway` (a TCP byte in → `bench.null.1`; `bench.null.4` → a TCP byte out), `trigger`
 * (1 → 2), `order` (2 → 3), `risk` (3 → a KV compare-and-set, awaited → 4; `risk-no-kv`: 3 → 4 at
 * once). Reports its TCP port (gateway) or readiness over IPC; exits when its parent disconnects.
 */
import { createServer, type Socket } from 'node:net';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { z } from 'zod';
import { tierUpSooner, TypedKv } from '@arctrigger/service-kit';

const [role] = process.argv.slice(2);
const enc = new TextEncoder();
const dec = new TextDecoder();
const forward = (data: Uint8Array) => enc.encode(JSON.stringify({ ...JSON.parse(dec.decode(data)), hop: role }));

async function main(): Promise<void> {
  // Tiered as a ready service is (runService): the floor is this topology run as the services run.
  tierUpSooner();
  const nc: NatsConnection = await connect({ servers: process.env.NATS_URL!, user: process.env.NATS_USER!, pass: process.env.NATS_PASSWORD!, noAsyncTraces: true });
  process.on('disconnect', () => void nc.close().finally(() => process.exit(0)));
  if (role === 'gateway') {
    let client: Socket | undefined;
    nc.subscribe('bench.null.4', { callback: (_err, msg) => { forward(msg.data); client?.write(Buffer.from([1])); } });
    const message = enc.encode(JSON.stringify({ conId: 7001, price: 100.3, size: 100, receivedAt: 0, pad: 'x'.repeat(200) }));
    const server = createServer((socket) => {
      client = socket;
      socket.setNoDelay(true);
      socket.on('data', () => nc.publish('bench.null.1', forward(message)));
    });
    await nc.flush();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      process.send?.({ port: typeof address === 'object' && address ? address.port : 0 });
    });
    return;
  }
  if (role === 'risk-no-kv') {
    nc.subscribe('bench.null.3', { callback: (_err, msg) => nc.publish('bench.null.4', forward(msg.data)) });
  } else if (role === 'risk') {
    const kv = await TypedKv.open(nc, { name: 'bench-null-path', description: 'null path bench', history: 1, ttlMs: 0 }, z.number());
    let revision = await kv.put('book', 0);
    nc.subscribe('bench.null.3', {
      callback: (_err, msg) => {
        const out = forward(msg.data);
        void kv.update('book', revision, revision).then((written) => {
          if (!written.ok) throw new Error('null path: compare-and-set lost');
          revision = written.revision;
          nc.publish('bench.null.4', out);
        });
      },
    });
  } else {
    const [from, to] = role === 'trigger' ? [1, 2] : [2, 3];
    nc.subscribe(`bench.null.${from}`, { callback: (_err, msg) => nc.publish(`bench.null.${to}`, forward(msg.data)) });
  }
  await nc.flush();
  process.send?.({ port: 0 });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
