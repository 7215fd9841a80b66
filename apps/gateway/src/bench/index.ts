import { Contracts, Streams, type MarketTick } from '@arctrigger/contracts';
import { Bus, createLogger, ensureStreams } from '@arctrigger/service-kit';
import { freePort, startNatsServer, startServiceProcess } from '@arctrigger/testkit';
import { TickFirehose } from './tick-firehose';

/**
 * gateway benchmark: ticks from the TWS socket to NATS. A TWS-protocol firehose pushes TICK_PRICE
 * frames to the built gateway process (real nats-server); a subscriber counts the MarketTick
 * messages on md.tick.v1.> and times each from the write of its frame to its arrival.
 * Reports ticks/s at full speed (latency there is mostly queueing), and the added latency per tick
 * (p50 / p99) at a steady 30,000 and 10,000 ticks/s.
 */
const CONTRACTS = 50;
const FULL = Number(process.env.BENCH_TICKS ?? 300_000);
const PACED = 50_000;
const PACED_RATE = 10_000;
const TARGET = 30_000;

function percentile(sorted: Float64Array, p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

/** Hot paths stay within this share of their throughput without metrics when metrics are on. */
const METRICS_MAX_COST = 0.05;

/** Off/on pairs, alternated: one run of each varies by ±25 % on a shared 2-core machine, more than the 5 % judged. */
const PAIRS = 3;

async function main(): Promise<void> {
  const off: number[] = [];
  const on: number[] = [];
  for (let i = 0; i < PAIRS; i++) {
    off.push(await measure(false));
    on.push(await measure(true));
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const [offMedian, onMedian] = [median(off), median(on)];
  const goal = Math.round(offMedian * (1 - METRICS_MAX_COST));
  const met = onMedian >= goal;
  console.log(`gateway full-speed ticks/s over ${PAIRS} alternated runs: without metrics ${off.join(' / ')}, with metrics ${on.join(' / ')}`);
  console.log(`target gateway ticks/s with metrics: ${onMedian} (goal ≥ ${goal}, 95 % of the median ${offMedian} without metrics) ${met ? 'met' : 'MISSED'}`);
  if (!met) process.exitCode = 1;
}

/** Runs the whole bench against a gateway with metrics on (an operations port) or off; returns full-speed ticks/s. */
async function measure(metrics: boolean): Promise<number> {
  const nats = await startNatsServer();
  const firehose = await TickFirehose.start();
  const metricsPort = metrics ? await freePort() : undefined;
  const gateway = await startServiceProcess({
    app: 'gateway',
    env: { ...nats.envFor('gateway'), TWS_PORT: String(firehose.port), LOG_LEVEL: 'info', GATEWAY_RANDOM_SEED: '1', ...(metricsPort ? { METRICS_PORT: String(metricsPort) } : {}) },
  });
  const logger = createLogger({ service: 'trigger-service', instanceId: 'bench', level: 'silent' });
  const admin = await nats.connectAs('admin');
  await ensureStreams(admin, Object.values(Streams));
  const bus = new Bus(await nats.connectAs('trigger-service'), { service: 'trigger-service', instanceId: 'bench', logger });
  const conIds = Array.from({ length: CONTRACTS }, (_, i) => 1000 + i);
  const lease = await bus.request(Contracts.AcquireMarketDataLease, { subscriberId: 'bench', conIds, ttlMs: 600_000 });
  if (!lease.ok) throw new Error(`lease refused: ${lease.message}`);
  while (firehose.tickerIds.length < CONTRACTS) await new Promise((r) => setTimeout(r, 20));

  let received = 0;
  let firstAt = 0;
  let lastAt = 0;
  let latencies = new Float64Array(FULL);
  const sub = admin.subscribe('md.tick.v1.>', {
    callback: (_e, msg) => {
      const now = performance.now();
      const tick = msg.json<MarketTick>();
      const sentAt = firehose.sentAt[TickFirehose.seqOf(tick.bid ?? 0)] ?? now;
      if (received < latencies.length) latencies[received] = now - sentAt;
      if (received === 0) firstAt = now;
      lastAt = now;
      received++;
    },
  });
  await admin.flush();

  const run = async (label: string, count: number, perSecond: number) => {
    received = 0;
    latencies = new Float64Array(count);
    const started = performance.now();
    await firehose.push(1, count, perSecond);
    const deadline = performance.now() + 30_000;
    while (received < count && performance.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    const seconds = (Math.max(lastAt, firstAt) - started) / 1000;
    const sorted = latencies.slice(0, Math.min(received, count)).sort();
    return {
      run: label,
      'ticks sent': count,
      'ticks on NATS': received,
      seconds: Number(seconds.toFixed(2)),
      'ticks/s': Math.round(received / seconds),
      'p50 ms': Number(percentile(sorted, 50).toFixed(3)),
      'p99 ms': Number(percentile(sorted, 99).toFixed(3)),
    };
  };

  await run('warm-up', 20_000, 0);
  const full = await run('full speed', FULL, 0);
  const paced = await run(`steady ${PACED_RATE}/s`, PACED, PACED_RATE);
  const atTarget = await run(`steady ${TARGET}/s`, TARGET * 3, TARGET);
  console.log(`gateway bench, metrics ${metrics ? 'on' : 'off'}: TWS socket → gateway process → NATS (${CONTRACTS} contracts, one BID tick per frame)`);
  console.table([full, atTarget, paced]);
  const ok = full['ticks/s'] >= TARGET && full['ticks on NATS'] === FULL;
  console.log(`target ≥ ${TARGET} ticks/s (metrics ${metrics ? 'on' : 'off'}): ${ok ? 'met' : 'NOT met'}`);
  if (metricsPort) {
    // The metrics were really on: the gateway counted every tick it published.
    const text = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
    const counted = Number(/^arctrigger_ticks_published_total\{[^}]*\} (\d+)/m.exec(text)?.[1] ?? NaN);
    console.log(`gateway counted ${counted} ticks published (metrics on)`);
  }
  sub.unsubscribe();
  await gateway.stop();
  await firehose.close();
  await admin.close();
  await bus.drain();
  await nats.stop({ removeStore: true });
  if (!ok) process.exitCode = 1;
  return full['ticks/s'];
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
