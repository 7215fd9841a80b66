/**
 * What one process wake-up costs on this machine, measured the way the tick-to-order path pays it:
 * a one-byte TCP round trip to an echo process (two wake-ups: the echo's and ours) after the
 * processes have been idle for a while, as every hop of the path is between fires. The path from
 * tick to order wakes a process about a dozen times in a row (gateway, nats-server, trigger-service,
 * order-service, risk-service and back), so this is the floor each of them adds, and its p99 is
 * how far any one of them may stall.
 */
import { fork } from 'node:child_process';
import { connect } from 'node:net';
import { join } from 'node:path';

export interface WakeUpBaseline {
  samples: number;
  idleMs: number;
  /** Round trip (two wake-ups), ms. */
  roundTrip: { p50: number; p99: number; max: number };
}

export async function measureWakeUps(samples = 500, idleMs = 20): Promise<WakeUpBaseline> {
  const child = fork(join(__dirname, 'echo-process.js'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  try {
    const port = await new Promise<number>((resolve, reject) => {
      child.once('error', reject);
      child.once('message', (m: { port: number }) => resolve(m.port));
    });
    const socket = connect(port, '127.0.0.1');
    socket.setNoDelay(true);
    await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
    const byte = Buffer.from([1]);
    const times: number[] = [];
    for (let i = 0; i < samples; i++) {
      await new Promise((r) => setTimeout(r, idleMs));
      const t0 = process.hrtime.bigint();
      await new Promise<void>((resolve) => {
        socket.once('data', () => resolve());
        socket.write(byte);
      });
      times.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
    socket.destroy();
    times.sort((a, b) => a - b);
    const at = (p: number) => times[Math.min(times.length - 1, Math.ceil((p / 100) * times.length) - 1)]!;
    return { samples, idleMs, roundTrip: { p50: at(50), p99: at(99), max: times[times.length - 1]! } };
  } finally {
    child.disconnect();
  }
}
