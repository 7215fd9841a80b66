/**
 * What one process wake-up costs on this machine, measured the way the tick-to-order path pays it:
 * a one-byte TCP round trip to an echo process (two wake-ups: the echo's and the prober's, each a
 * process of its own) after both have been idle for a while, as every hop of the path is between
 * fires. The path from tick to order wakes a process about a dozen times in a row (gateway,
 * nats-server, trigger-service, order-service, risk-service and back), so this is the floor each of
 * them adds, and its p99 is how far any one of them may stall.
 */
import { fork } from 'node:child_process';
import { join } from 'node:path';
import { probeRoundTrips, type RoundTrips } from './round-trip-probe';

export interface WakeUpBaseline {
  samples: number;
  idleMs: number;
  /** Round trip (two wake-ups), ms. */
  roundTrip: RoundTrips;
}

export async function measureWakeUps(samples = 500, idleMs = 20): Promise<WakeUpBaseline> {
  const child = fork(join(__dirname, 'echo-process.js'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  try {
    const port = await new Promise<number>((resolve, reject) => {
      child.once('error', reject);
      child.once('message', (m: { port: number }) => resolve(m.port));
    });
    return { samples, idleMs, roundTrip: await probeRoundTrips(port, samples, idleMs) };
  } finally {
    child.disconnect();
  }
}
