/**
 * Times one-byte TCP round trips to a port, from a process of its own, as the latency tap does: the
 * bench's own process also runs the simulator and its background load, and a read there could wait
 * behind them. The first five round trips warm the other side up and are not reported.
 *
 * `<port> <samples> <idleMs>`: that many round trips, each after `idleMs` idle, reported over IPC
 * as `{ times }` (ms, in order). `<port> on-demand`: warms up, says `{ ready: true }`, then times
 * one round trip per `{ probe: true }` it is sent and answers `{ time }`.
 */
import { connect, type Socket } from 'node:net';

const WARM_UP = 5;

async function connected(port: number): Promise<Socket> {
  const socket = connect(port, '127.0.0.1');
  socket.setNoDelay(true);
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  return socket;
}

const byte = Buffer.from([1]);

async function roundTrip(socket: Socket): Promise<number> {
  const t0 = process.hrtime.bigint();
  await new Promise<void>((resolve) => {
    socket.once('data', () => resolve());
    socket.write(byte);
  });
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

const idle = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function probe(port: number, samples: number, idleMs: number): Promise<number[]> {
  const socket = await connected(port);
  const times: number[] = [];
  for (let i = 0; i < samples + WARM_UP; i++) {
    await idle(idleMs);
    const time = await roundTrip(socket);
    if (i >= WARM_UP) times.push(time);
  }
  socket.destroy();
  return times;
}

async function onDemand(port: number): Promise<void> {
  const socket = await connected(port);
  for (let i = 0; i < WARM_UP; i++) {
    await idle(20);
    await roundTrip(socket);
  }
  process.on('message', (m: { probe?: boolean }) => {
    if (m.probe) void roundTrip(socket).then((time) => process.send?.({ time }));
  });
  process.on('disconnect', () => socket.destroy());
  process.send?.({ ready: true });
}

const [port, mode, idleMs] = process.argv.slice(2);
const run = mode === 'on-demand'
  ? onDemand(Number(port))
  : probe(Number(port), Number(mode), Number(idleMs)).then((times) => {
    process.send?.({ times });
    process.disconnect();
  });
run.catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
