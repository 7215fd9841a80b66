import { fork } from 'node:child_process';
import { join } from 'node:path';

export interface RoundTrips {
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
}

/** One-byte round trips to `port`, timed from a process of its own (round-trip-probe-process). */
export async function probeRoundTrips(port: number, samples: number, idleMs: number): Promise<RoundTrips> {
  const prober = fork(join(__dirname, 'round-trip-probe-process.js'), [String(port), String(samples), String(idleMs)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const times = await new Promise<number[]>((resolve, reject) => {
    prober.once('error', reject);
    prober.once('exit', (code) => reject(new Error(`round-trip probe exited (${code}) without its times`)));
    prober.once('message', (m: { times: number[] }) => resolve(m.times));
  });
  times.sort((a, b) => a - b);
  const at = (p: number) => times[Math.min(times.length - 1, Math.ceil((p / 100) * times.length) - 1)]!;
  return { p50: at(50), p99: at(99), max: times[times.length - 1]! };
}
