/**
 * Times one-byte TCP round trips to a port (`<port> <samples> <idleMs>`), each after `idleMs` idle,
 * and reports them over IPC (`{ times }`, ms, in order). It runs in a process of its own, as the
 * latency tap does: the bench's own process also runs the simulator and its background load, and
 * a read there could wait behind them. The first five round trips warm the other side up and are
 * not reported.
 */
import { connect } from 'node:net';

const WARM_UP = 5;

async function probe(port: number, samples: number, idleMs: number): Promise<number[]> {
  const socket = connect(port, '127.0.0.1');
  socket.setNoDelay(true);
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  const byte = Buffer.from([1]);
  const times: number[] = [];
  for (let i = 0; i < samples + WARM_UP; i++) {
    await new Promise((r) => setTimeout(r, idleMs));
    const t0 = process.hrtime.bigint();
    await new Promise<void>((resolve) => {
      socket.once('data', () => resolve());
      socket.write(byte);
    });
    if (i >= WARM_UP) times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  socket.destroy();
  return times;
}

const [port, samples, idleMs] = process.argv.slice(2).map(Number);
probe(port!, samples!, idleMs!).then(
  (times) => {
    process.send?.({ times });
    process.disconnect();
  },
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
