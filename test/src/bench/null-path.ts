/**
 * The null path: the tick-to-order path's shape with every service replaced by a process that only
 * forwards (null-path-process.ts), through the same nats-server under the same background load. A
 * byte over TCP to the "gateway", three bus hops (trigger, order, risk), the risk stage's awaited
 * KV compare-and-set, one bus hop back to the "gateway" and a byte over TCP back: the same run of
 * process wake-ups as a fire, with none of the services' work. What it costs is the floor any
 * implementation of this topology pays on this machine; the gap to the real path is the services'
 * own share.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { probeRoundTrips } from './round-trip-probe';

export interface NullPathLatency {
  withKvWrite: boolean;
  samples: number;
  idleMs: number;
  p50: number;
  p99: number;
  max: number;
}


async function startStage(role: string, natsEnv: Record<string, string>): Promise<{ child: ChildProcess; port: number }> {
  const child = fork(join(__dirname, 'null-path-process.js'), [role], { env: { ...process.env, ...natsEnv }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`null path stage ${role} exited (${code}) before it was ready`)));
    child.once('message', (m: { port: number }) => resolve(m.port));
  });
  return { child, port };
}

/** The null path's four stages, running: `port` is its "gateway" (a byte in, a byte back once it went round). */
export interface RunningNullPath {
  readonly port: number;
  stop(): void;
}

/** `withKvWrite: false` leaves the risk stage's compare-and-set out, to show what that one step costs. */
export async function startNullPath(natsEnv: Record<string, string>, withKvWrite: boolean): Promise<RunningNullPath> {
  const stages: ChildProcess[] = [];
  const stop = () => {
    for (const s of stages) if (s.connected) s.disconnect();
  };
  try {
    let port = 0;
    // Downstream first: each stage subscribes before anything can reach it.
    for (const role of [withKvWrite ? 'risk' : 'risk-no-kv', 'order', 'trigger', 'gateway']) {
      const stage = await startStage(role, natsEnv);
      stages.push(stage.child);
      port = stage.port;
    }
    return { port, stop };
  } catch (error) {
    stop();
    throw error;
  }
}

/** The null path measured on its own: `samples` round trips, each after `idleMs` idle. */
export async function measureNullPath(natsEnv: Record<string, string>, withKvWrite: boolean, samples = 200, idleMs = 150): Promise<NullPathLatency> {
  const path = await startNullPath(natsEnv, withKvWrite);
  try {
    return { withKvWrite, samples, idleMs, ...(await probeRoundTrips(path.port, samples, idleMs)) };
  } finally {
    path.stop();
  }
}
