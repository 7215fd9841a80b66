import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Contracts, KvBuckets, fail, ok } from '@arctrigger/contracts';
import { Bus, createLogger, encodeJson } from '@arctrigger/service-kit';
import { startNatsServer, startServiceProcess, type ServiceProcess, type TestNatsServer } from '@arctrigger/testkit';
import { Kvm } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/transport-node';
import { processedTicks, seed, shift, shiftedNow } from './bench-world';

const PARTITIONS = 64;
/** Fixed-rate windows per instance count and rate; each instance's CPU is their median. */
const WINDOWS = 3;
/**
 * The fixed rates. Every instance wakes for each 10 ms slice of the publisher whatever its share
 * of the ticks, and that cost (reads, parsing, the event loop) does not split: at 20,000 ticks/s
 * it is a fifth of one instance's CPU. The targets are judged at 50,000 ticks/s, half of what one
 * instance must sustain (a deployment scales out when an instance is busy); 20,000 is printed too.
 */
export const RATES: readonly number[] = [20_000, 50_000];

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

export interface ScaleResult {
  triggers: number;
  instruments: number;
  /** The fixed rates the CPU is measured at; the targets are judged at the last (see RATES). */
  rates: readonly number[];
  windowMs: number;
  /** CPU ms each instance spent during a fixed-rate window (median of three), per rate, per instance count. */
  cpuMs: Map<number, Map<number, number[]>>;
  /**
   * One instance measured again at the end, per rate, once the others have left: this machine's
   * speed drifts by a fifth or more over the minutes between the first window and the 4-instance
   * ones, so the ratios are judged against the mean of the two one-instance figures.
   */
  cpuMsOneAtEnd: Map<number, number>;
  /**
   * The floor: CPU ms of bare subscribers (bare-subscriber-process.ts: receive and parse JSON,
   * nothing else) per rate, per share of the partitions (1 = all, 2 = a half, 4 = a quarter), in
   * the same windows: n of them running together for a share of 1/n, as n instances run, and the
   * busiest one's figure (the targets judge the busiest instance). The least one of n instances
   * could spend is estimated as its share's figure plus 1/n of the trigger work (one instance's
   * CPU minus the floor's).
   */
  floorCpuMs: Map<number, Map<number, number>>;
  /** Highest paced rate one instance processed completely, and the rates tried. */
  maxSustained: number;
  tried: Array<{ rate: number; published: number; processed: number }>;
  /** ms from a new instance being ready to an even split of the partitions, per join (2nd, 3rd+4th). */
  joinMs: number[];
  /** ms from a clean stop of one of 4 instances until the 3 others own every partition. */
  leaveMs: number;
  /** ms from a kill -9 of one of 3 instances until the 2 others own every partition (lease TTL bound). */
  crashMs: number;
}

const progress = (line: string) => process.stderr.write(`scale-bench: ${line}\n`);

/**
 * CPU ms a process has run, all its threads, to the nanosecond: the sum of each thread's time on a
 * CPU (/proc/<pid>/task/<tid>/schedstat, first field). /proc/<pid>/stat counts in 10 ms clock
 * ticks, a twentieth of a 4-instance window's figure.
 */
function cpuMsOf(pid: number): number {
  let ns = 0;
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      ns += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
    } catch {
      // The thread ended between the listing and the read: its time is lost either way.
    }
  }
  return ns / 1e6;
}

async function leaseOwners(nc: NatsConnection): Promise<Map<number, string>> {
  const kv = await new Kvm(nc).open(KvBuckets.TRIGGER_LEASES.name);
  const owners = new Map<number, string>();
  // A dead owner's lease keeps its name until someone takes it over.
  for (let p = 0; p < PARTITIONS; p++) {
    const e = await kv.get(`p.${p}`);
    if (e?.operation !== 'PUT') continue;
    const l = e.json<{ owner: string; expiresAt: number }>();
    if (l.owner !== '') owners.set(p, l.owner);
  }
  return owners;
}

/** Polls the lease bucket (a bench: nothing announces "balanced") until `members` own every partition evenly. */
async function untilBalanced(nc: NatsConnection, members: readonly string[], timeoutMs = 300_000): Promise<number> {
  const start = Date.now();
  // As the lease plan sees it: nobody above the fair share (ceil), everybody holding some.
  const share = Math.ceil(PARTITIONS / members.length);
  for (;;) {
    const owners = await leaseOwners(nc);
    const counts = members.map((m) => [...owners.values()].filter((o) => o === m).length);
    if (owners.size === PARTITIONS && [...owners.values()].every((o) => members.includes(o)) && counts.every((c) => c >= 1 && c <= share)) return Date.now() - start;
    if (Date.now() - start > timeoutMs) {
      const byOwner = new Map<string, number>();
      for (const o of owners.values()) byOwner.set(o, (byOwner.get(o) ?? 0) + 1);
      const held = [...byOwner].map(([o, n]) => `${o}: ${n}`).join(', ');
      throw new Error(`partitions not balanced over ${members.join(',')} within ${timeoutMs} ms (${owners.size} of ${PARTITIONS} owned — ${held})`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * Trigger scale-out on one machine: a real nats-server, up to 4 real trigger-service processes
 * sharing 64 partitions of 100,000 triggers over 5,000 instruments. Each instance subscribes only
 * to the ticks of the instruments it owns, so a fixed tick rate costs each of n instances ~1/n of
 * the CPU one instance spends. Also: the highest paced rate one instance keeps up with, and how
 * long joins, a clean leave and a kill -9 take to rebalance.
 */
export async function runScaleBench(
  triggers = Number(process.env.SCALE_BENCH_TRIGGERS ?? 100_000),
  instruments = Number(process.env.SCALE_BENCH_INSTRUMENTS ?? 5_000),
  rates: readonly number[] = RATES,
  windowMs = 4_000,
): Promise<ScaleResult> {
  const nats: TestNatsServer = await startNatsServer();
  const procs: ServiceProcess[] = [];
  const admin = await nats.connectAs('admin');
  const gatewayNc = await nats.connectAs('gateway');
  const gateway = new Bus(gatewayNc, { service: 'gateway', instanceId: 'bench-gw', logger: createLogger({ service: 'gateway', instanceId: 'bench', level: 'warn' }) });
  gateway.reply(Contracts.AcquireMarketDataLease, (r) => ok({ leases: r.conIds.map((conId) => ({ conId, expiresAt: shiftedNow() + r.ttlMs })) }));
  gateway.reply(Contracts.ReleaseMarketDataLease, (r) => ok({ released: r.conIds }));
  gateway.reply(Contracts.QuoteSnapshot, () => fail('NO_QUOTE', 'bench'));
  const payloads = Array.from({ length: instruments }, (_, c) => ({
    subject: `md.tick.v1.${9000 + c}`,
    data: encodeJson({ conId: 9000 + c, seq: 1, bid: 99.99, ask: 100.01, last: 100, bidSize: 1, askSize: 1, lastSize: 1, exchangeTime: null, receivedAt: shiftedNow() }),
  }));
  let cursor = 0;
  /** Publishes `total` ticks at `perSecond`, paced in 10 ms slices; returns when the last is flushed. */
  const publishPaced = async (perSecond: number, total: number) => {
    const start = Date.now();
    let sent = 0;
    while (sent < total) {
      const due = Math.min(total, Math.floor(((Date.now() - start) * perSecond) / 1000) + Math.ceil(perSecond / 100));
      for (; sent < due; sent++) {
        const p = payloads[cursor++ % instruments] as { subject: string; data: Uint8Array };
        gatewayNc.publish(p.subject, p.data);
      }
      await gatewayNc.flush();
      await new Promise((r) => setTimeout(r, 10));
    }
  };
  const start = async (id: string) => {
    const proc = await startServiceProcess({
      app: 'trigger-service',
      readyTimeoutMs: 600_000,
      env: {
        ...nats.envFor('trigger-service'),
        SERVICE_INSTANCE_ID: id,
        // A fixed offset, not a start instant: every instance agrees on now however slowly it boots.
        ARCTRIGGER_CLOCK_OFFSET_MS: String(shift),
        TRIGGER_PARTITIONS: String(PARTITIONS),
        TRIGGER_LEASE_TTL_MS: '10000',
        TRIGGER_HEARTBEAT_MS: '1000',
        TRIGGER_MAX_TICK_AGE_MS: '600000',
      },
    });
    procs.push(proc);
    names.set(proc, id);
    return proc;
  };
  // Instances started together are pushed in the order they became ready: members are named from the processes left.
  const names = new Map<ServiceProcess, string>();
  const members = () => procs.map((p) => names.get(p) as string);
  /** CPU ms each instance spends on the same ticks: the median of WINDOWS windows (one window's figure varies by a fifth here). */
  const cpuMs = new Map<number, Map<number, number[]>>(rates.map((r) => [r, new Map()]));
  /** Each process's median CPU per rate, over WINDOWS windows of ticks at that rate. */
  const medianCpu = async (pids: number[], label: string): Promise<Map<number, number[]>> => {
    const byRate = new Map<number, number[]>();
    for (const rate of rates) {
      await publishPaced(rate, instruments); // every instrument ticked once: subscriptions and first ticks are warm
      const windows: number[][] = [];
      for (let w = 0; w < WINDOWS; w++) {
        const before = pids.map(cpuMsOf);
        await publishPaced(rate, Math.round((rate * windowMs) / 1000));
        windows.push(pids.map((pid, i) => cpuMsOf(pid) - (before[i] as number)));
      }
      const medians = pids.map((_, i) => median(windows.map((w) => w[i] as number)));
      byRate.set(rate, medians);
      progress(`${label} at ${rate} ticks/s: CPU ${medians.map((m) => m.toFixed(0)).join(' / ')} ms`);
    }
    return byRate;
  };
  /** Each instance's median CPU per rate, with `n` instances running. */
  const cpuWindows = (n: number) => medianCpu(procs.map((p) => p.pid), `${n} instance(s)`);
  /** The floor (see ScaleResult.floorCpuMs): `share` bare subscribers together, each for 1/`share` of the partitions. */
  const floorWindows = async (share: number): Promise<Map<number, number>> => {
    const floor = await Promise.all(Array.from({ length: share }, (_, index) => startServiceProcess({
      app: join(__dirname, 'bare-subscriber-process.js'),
      readyPattern: /^ready$/m,
      env: {
        ...nats.envFor('trigger-service'),
        FLOOR_FIRST_CONID: '9000',
        FLOOR_INSTRUMENTS: String(instruments),
        FLOOR_PARTITIONS: String(PARTITIONS),
        FLOOR_SHARE: String(share),
        FLOOR_INDEX: String(index),
      },
    })));
    try {
      const byRate = await medianCpu(floor.map((p) => p.pid), `floor, ${share} bare subscriber(s) together, each for 1/${share} of the partitions`);
      return new Map([...byRate].map(([rate, medians]) => [rate, Math.max(...medians)]));
    } finally {
      for (const p of floor) await p.stop();
    }
  };
  const measureCpu = async (n: number) => {
    for (const [rate, medians] of await cpuWindows(n)) cpuMs.get(rate)?.set(n, medians);
  };
  try {
    const t0 = Date.now();
    await seed(admin, triggers, instruments);
    progress(`seeded ${triggers} triggers in ${Date.now() - t0} ms`);
    const t1 = Date.now();
    await start('i0');
    progress(`first instance ready in ${Date.now() - t1} ms`);
    await untilBalanced(admin, ['i0']);
    await measureCpu(1);

    const tried: ScaleResult['tried'] = [];
    let maxSustained = 0;
    for (const r of [50_000, 100_000, 150_000, 200_000, 300_000]) {
      const base = await processedTicks(gateway);
      const total = r * 2;
      await publishPaced(r, total);
      let processed = 0;
      for (let i = 0; i < 10; i++) {
        processed = (await processedTicks(gateway)) - base; // health answers, 300 ms each: ≤ 3 s to catch up
        if (processed >= total) break;
      }
      tried.push({ rate: r, published: total, processed });
      if (processed < total) break;
      maxSustained = r;
    }

    const joinMs: number[] = [];
    await start('i1');
    joinMs.push(await untilBalanced(admin, ['i0', 'i1']));
    await measureCpu(2);
    await Promise.all([start('i2'), start('i3')]);
    joinMs.push(await untilBalanced(admin, ['i0', 'i1', 'i2', 'i3']));
    await measureCpu(4);

    const leaving = procs.pop() as ServiceProcess;
    const leftAt = Date.now();
    await leaving.stop();
    await untilBalanced(admin, members());
    const leaveMs = Date.now() - leftAt;
    const crashing = procs.pop() as ServiceProcess;
    const crashedAt = Date.now();
    await crashing.kill();
    await untilBalanced(admin, members());
    const crashMs = Date.now() - crashedAt;

    // Back to one instance: the same windows again, against the machine's drift.
    await (procs.pop() as ServiceProcess).stop();
    await untilBalanced(admin, members());
    const cpuMsOneAtEnd = new Map([...(await cpuWindows(1))].map(([rate, medians]) => [rate, medians[0] as number]));

    // The floor, with the machine to itself as each instance count had.
    await (procs.pop() as ServiceProcess).stop();
    const floorCpuMs = new Map<number, Map<number, number>>(rates.map((r) => [r, new Map()]));
    for (const share of [1, 2, 4]) for (const [rate, ms] of await floorWindows(share)) floorCpuMs.get(rate)?.set(share, ms);
    return { triggers, instruments, rates, windowMs, cpuMs, cpuMsOneAtEnd, floorCpuMs, maxSustained, tried, joinMs, leaveMs, crashMs };
  } finally {
    for (const p of procs) await p.kill();
    await gatewayNc.close();
    await admin.close();
    await nats.stop({ removeStore: true });
  }
}
