import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

export interface RoundTrips {
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
}

/** The `p`th percentile (nearest rank) of `values`; NaN when there are none. */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
}

/** p50 / p99 / max of round-trip times (ms). */
export function roundTripsOf(times: readonly number[]): RoundTrips {
  return { p50: percentile(times, 50), p99: percentile(times, 99), max: percentile(times, 100) };
}

/** One-byte round trips to `port`, timed from a process of its own (round-trip-probe-process). */
export async function probeRoundTrips(port: number, samples: number, idleMs: number): Promise<RoundTrips> {
  const prober = fork(join(__dirname, 'round-trip-probe-process.js'), [String(port), String(samples), String(idleMs)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const times = await new Promise<number[]>((resolve, reject) => {
    prober.once('error', reject);
    prober.once('exit', (code) => reject(new Error(`round-trip probe exited (${code}) without its times`)));
    prober.once('message', (m: { times: number[] }) => resolve(m.times));
  });
  return roundTripsOf(times);
}

/**
 * A round-trip prober (round-trip-probe-process, on demand) that times one round trip to its port
 * each time it is asked: a bench interleaves them with its own measurements, so both see the
 * machine in the same state.
 */
export class OnDemandProber {
  private constructor(private readonly child: ChildProcess) {}

  static async start(port: number): Promise<OnDemandProber> {
    const child = fork(join(__dirname, 'round-trip-probe-process.js'), [String(port), 'on-demand'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    await new Promise<void>((resolve, reject) => {
      child.once('error', reject);
      child.once('exit', (code) => reject(new Error(`round-trip probe exited (${code}) before it was ready`)));
      child.once('message', () => resolve());
    });
    return new OnDemandProber(child);
  }

  /** One round trip, ms. */
  once(): Promise<number> {
    return new Promise<number>((resolve) => {
      this.child.once('message', (m: { time: number }) => resolve(m.time));
      this.child.send({ probe: true });
    });
  }

  stop(): void {
    if (this.child.connected) this.child.disconnect();
  }
}
