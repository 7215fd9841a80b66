/**
 * The bench's handle on the latency tap running in its own process (latency-tap-process): the
 * placements it stamped, kept current over IPC, and its ticks, asked for one at a time.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { TappedTick } from './latency-tap';
import type { TapReport, TapRequest } from './tap-messages';

export class ForkedLatencyTap {
  readonly placements = new Map<string, number>();
  private frameWaiters: Array<(count: number) => void> = [];
  private readonly placementWaiters = new Map<string, (at: number) => void>();
  private readonly tickWaiters = new Map<number, (tick: TappedTick | null) => void>();
  private nextTickRequest = 0;

  private constructor(
    private readonly child: ChildProcess,
    readonly port: number,
  ) {
    child.on('message', (report: TapReport) => {
      if (report.kind === 'tick-at') {
        this.tickWaiters.get(report.id)?.(report.tick);
        this.tickWaiters.delete(report.id);
      } else if (report.kind === 'placement') {
        this.placements.set(report.orderRef, report.at);
        this.placementWaiters.get(report.orderRef)?.(report.at);
      }
      else if (report.kind === 'frames') {
        const waiters = this.frameWaiters;
        this.frameWaiters = [];
        for (const w of waiters) w(report.count);
      }
    });
  }

  static async start(upstreamPort: number): Promise<ForkedLatencyTap> {
    const child = fork(join(__dirname, 'latency-tap-process.js'), [String(upstreamPort)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const port = await new Promise<number>((resolve, reject) => {
      child.once('error', reject);
      child.once('exit', (code) => reject(new Error(`latency tap exited (${code}) before it was ready`)));
      child.on('message', (report: TapReport) => {
        if (report.kind === 'ready') resolve(report.port);
      });
    });
    return new ForkedLatencyTap(child, port);
  }

  /** The first LAST tick of `conId` at `price` stamped at or after `since`. */
  tickAt(conId: number, price: number, since: number): Promise<TappedTick | undefined> {
    const id = ++this.nextTickRequest;
    return new Promise((resolve) => {
      this.tickWaiters.set(id, (tick) => resolve(tick ?? undefined));
      this.child.send({ kind: 'tick-at', id, conId, price, since } satisfies TapRequest);
    });
  }

  /** When the first placeOrder for `orderRef` passed the tap (already, or within `timeoutMs`). */
  placement(orderRef: string, timeoutMs: number): Promise<number> {
    const seen = this.placements.get(orderRef);
    if (seen !== undefined) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.placementWaiters.delete(orderRef);
        reject(new Error(`no placeOrder for ${orderRef} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.placementWaiters.set(orderRef, (at) => {
        clearTimeout(timer);
        this.placementWaiters.delete(orderRef);
        resolve(at);
      });
    });
  }

  /** tickPrice frames the tap has passed toward the gateway so far. */
  tickFrames(): Promise<number> {
    return new Promise((resolve) => {
      this.frameWaiters.push(resolve);
      this.child.send({ kind: 'frames' } satisfies TapRequest);
    });
  }

  async close(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.disconnect();
    await exited;
  }
}
