/**
 * Platform overhead benchmark: publish→receive and request→reply latency through the service-kit
 * Bus (validation on both sides, trace context in headers, spans) versus the raw NATS client, on
 * the same nats-server, one message in flight at a time. Target: the platform adds ≤ 20 % at p50.
 */
import pino from 'pino';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { Contracts, natsDevPassword } from '@arctrigger/contracts';
import { startNatsServer } from '@arctrigger/testkit';
import { Bus } from '../bus/bus';
import { startTracing } from '../tracing/start-tracing';
import { summarize, type LatencySummary } from './latency-stats';

const WARMUP = 2_000;
const SAMPLES = 20_000;

const tick = {
  conId: 265598, seq: 0, bid: 231.1, ask: 231.2, last: 231.15, bidSize: 100, askSize: 200, lastSize: 10,
  exchangeTime: 1_700_000_000_000, receivedAt: 1_700_000_000_005,
};

const BLOCK = 250;

/**
 * Measures two variants in alternating blocks so both see the same machine load (other processes
 * on a 2-core machine would otherwise bias whichever ran second).
 */
async function compare(
  n: number,
  a: (i: number) => Promise<void>,
  b: (i: number) => Promise<void>,
): Promise<[LatencySummary, LatencySummary]> {
  for (let i = 0; i < WARMUP; i++) {
    await a(i);
    await b(i);
  }
  const sa = new Float64Array(n);
  const sb = new Float64Array(n);
  for (let start = 0; start < n; start += BLOCK) {
    for (const [fn, out] of [[a, sa], [b, sb]] as const) {
      for (let i = start; i < Math.min(n, start + BLOCK); i++) {
        const t0 = process.hrtime.bigint();
        await fn(i);
        out[i] = Number(process.hrtime.bigint() - t0);
      }
    }
  }
  return [summarize(sa), summarize(sb)];
}

function pubSub(publish: (i: number) => void, subscribe: (cb: () => void) => void): (i: number) => Promise<void> {
  let resolve: () => void = () => undefined;
  subscribe(() => resolve());
  return (i) =>
    new Promise<void>((r) => {
      resolve = r;
      publish(i);
    });
}

async function main(): Promise<void> {
  const tracing = startTracing({ service: 'bench', version: '0', instanceId: 'bench' });
  const nats = await startNatsServer();
  const as = (user: 'gateway' | 'trigger-service' | 'order-service'): Promise<NatsConnection> =>
    connect({ servers: nats.url, user, pass: natsDevPassword(user) });
  const logger = pino({ level: 'silent' });
  const [gwNc, trgNc, ordNc] = await Promise.all([as('gateway'), as('trigger-service'), as('order-service')]);
  const gw = new Bus(gwNc, { service: 'gateway', instanceId: 'gw', logger });
  const trg = new Bus(trgNc, { service: 'trigger-service', instanceId: 'trg', logger });
  const ord = new Bus(ordNc, { service: 'order-service', instanceId: 'ord', logger });
  const enc = new TextEncoder();

  // publish → receive. The hot path (ticks): validated on both sides, no span per message.
  const rawPub = pubSub(
    (i) => gwNc.publish('md.tick.v1.1', enc.encode(JSON.stringify({ ...tick, seq: i }))),
    (cb) => trgNc.subscribe('md.tick.v1.1', { callback: (_e, m) => (JSON.parse(m.string()), cb()) }),
  );
  const kitPub = pubSub(
    (i) => gw.publish(Contracts.MarketTick, { ...tick, seq: i }, { params: { conId: 2 }, trace: false }),
    (cb) => trg.subscribe(Contracts.MarketTick, () => cb(), { params: { conId: 2 }, trace: false }),
  );
  // Traced events: a CONSUMER span per message on receipt.
  const kitTraced = pubSub(
    (i) => gw.publish(Contracts.MarketTick, { ...tick, seq: i }, { params: { conId: 3 } }),
    (cb) => trg.subscribe(Contracts.MarketTick, () => cb(), { params: { conId: 3 } }),
  );
  await trgNc.flush();
  const [rawPubStats, kitPubStats] = await compare(SAMPLES, rawPub, kitPub);
  const [rawPubStats2, kitTracedStats] = await compare(SAMPLES, rawPub, kitTraced);

  // request → reply (traced: CLIENT and SERVER spans, trace context in headers).
  const gwRawNc = await as('gateway');
  // The raw responder listens on another look-up subject the same users may use, so the two
  // responders never answer each other's requests.
  gwRawNc.subscribe('gw.lookup.symbols.v1', {
    queue: 'raw',
    callback: (_e, m) => {
      const req = JSON.parse(m.string()) as { marketRuleId: number };
      m.respond(enc.encode(JSON.stringify({ ok: true, value: { marketRuleId: req.marketRuleId, increments: [{ lowEdge: 0, increment: 0.01 }] } })));
    },
  });
  gw.reply(Contracts.MarketRule, ({ marketRuleId }) => ({ ok: true as const, value: { marketRuleId, increments: [{ lowEdge: 0, increment: 0.01 }] } }));
  await gwRawNc.flush();
  await gwNc.flush();
  const rawReq = async (i: number) => {
    const m = await ordNc.request('gw.lookup.symbols.v1', enc.encode(JSON.stringify({ marketRuleId: i })), { timeout: 2000 });
    JSON.parse(m.string());
  };
  const kitReq = async (i: number) => {
    const r = await ord.request(Contracts.MarketRule, { marketRuleId: i });
    if (!r.ok) throw new Error(r.message);
  };
  const [rawReqStats, kitReqStats] = await compare(SAMPLES, rawReq, kitReq);

  const row = (name: string, raw: LatencySummary, kit: LatencySummary) =>
    `${name.padEnd(22)} ${raw.p50us.toFixed(1).padStart(8)} ${raw.p99us.toFixed(1).padStart(8)} ${kit.p50us.toFixed(1).padStart(10)} ${kit.p99us.toFixed(1).padStart(10)} ${(((kit.p50us - raw.p50us) / raw.p50us) * 100).toFixed(1).padStart(9)}%`;
  console.log(`\nservice-kit bus latency (${SAMPLES} sequential round trips each, µs)`);
  console.log(`${'path'.padEnd(22)} ${'raw p50'.padStart(8)} ${'raw p99'.padStart(8)} ${'kit p50'.padStart(10)} ${'kit p99'.padStart(10)} ${'p50 added'.padStart(10)}`);
  console.log(row('publish → receive', rawPubStats, kitPubStats));
  console.log(row('  … traced receive', rawPubStats2, kitTracedStats));
  console.log(row('request → reply', rawReqStats, kitReqStats));

  for (const nc of [trgNc, ordNc, gwNc, gwRawNc]) await nc.drain();
  await nats.stop({ removeStore: true });
  await tracing.shutdown();
}

void main();
