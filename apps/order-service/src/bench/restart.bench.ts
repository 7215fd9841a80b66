import { jetstream, jetstreamManager, type JetStreamClient } from '@nats-io/jetstream';
import { Contracts, KvBuckets, Streams, TradeSnapshotHead, TradeSnapshotRecord, type ArmTriggerCommand, type ServiceName, type TradeEvent } from '@arctrigger/contracts';
import { Bus, createLogger, encodeJson, ensureStreams, TypedKv } from '@arctrigger/service-kit';
import { eventually, startNatsServer, startServiceProcess, tradeEvent, type ServiceProcess, type TestNatsServer } from '@arctrigger/testkit';

/**
 * order-service restart (issue 25): TRADES holds 10,000 trades — 1,000 live in mixed states
 * (ARMED, WORKING, OPEN, PROTECTED) and 9,000 closed before today — the running service is killed
 * (kill -9) and started again; measured from the spawn until it is ready (answers commands) and
 * until every trade has resumed (triggers armed again, timers scheduled). Then 90,000 more closed
 * trades are added and the same is measured again: the time must not grow with history.
 *
 * The process's own start-up (Node, Nest, connections) is measured first with nothing to rebuild:
 * the floor every restart pays on this machine.
 *
 * `ORDER_SERVICE_MAIN=/path/to/dist/main.js` measures another build (e.g. the one before snapshots,
 * which prints no "trades resumed": only the time to ready is measured then).
 */
const LIVE = { ARMED: 400, WORKING: 300, OPEN: 100, PROTECTED: 200 } as const;
const CLOSED_FIRST = 9_000;
const CLOSED_MORE = 90_000;
const GOAL_MS = 2_000;
const BATCH = 1_000;

const main_ = process.env.ORDER_SERVICE_MAIN;
const app = main_ ?? 'order-service';

function liveEvents(tradeId: string, state: keyof typeof LIVE): TradeEvent[] {
  const path: Array<[string, string | null]> = [['ARMED', null]];
  if (state !== 'ARMED') path.push(['FIRED', 'ARMED'], ['SUBMITTING', 'FIRED'], ['WORKING', 'SUBMITTING']);
  if (state === 'OPEN' || state === 'PROTECTED') path.push(['OPEN', 'WORKING']);
  if (state === 'PROTECTED') path.push(['PROTECTED', 'OPEN']);
  return path.map(([to, from], i) => ({ ...tradeEvent(tradeId, i + 1, to as never, from as never), at: Date.now() }));
}

function closedEvents(tradeId: string): TradeEvent[] {
  // The builder's timestamps are from 2023: closed before today.
  return [tradeEvent(tradeId, 1, 'ARMED'), tradeEvent(tradeId, 2, 'CANCELLED', 'ARMED')];
}

async function publishAll(js: JetStreamClient, events: TradeEvent[]): Promise<void> {
  for (let i = 0; i < events.length; i += BATCH) {
    await Promise.all(events.slice(i, i + BATCH).map((e) => js.publish(`trade.evt.v1.${e.tradeId}`, encodeJson(e), { msgID: e.eventId })));
  }
}

/** The services around the order-service, answering what resuming trades asks. */
async function world(nats: TestNatsServer): Promise<Bus[]> {
  const bus = async (user: ServiceName) => new Bus(await nats.connectAs(user), { service: user, instanceId: `bench-${user}`, logger: createLogger({ service: user, instanceId: 'x', level: 'silent' }) });
  const [gateway, triggers] = [await bus('gateway'), await bus('trigger-service')];
  const tick = (conId: number) => ({ conId, seq: 1, bid: 2.3, ask: 2.4, last: 2.35, bidSize: 1, askSize: 1, lastSize: 1, exchangeTime: null, receivedAt: Date.now() });
  gateway.reply(Contracts.QuoteSnapshot, (req) => ({ ok: true as const, value: tick(req.conId) }));
  gateway.reply(Contracts.AcquireMarketDataLease, (req) => ({ ok: true as const, value: { leases: req.conIds.map((conId) => ({ conId, expiresAt: Date.now() + req.ttlMs })) } }));
  gateway.reply(Contracts.ReleaseMarketDataLease, (req) => ({ ok: true as const, value: { released: req.conIds } }));
  gateway.reply(Contracts.PlaceOrder, (cmd) => ({ ok: true as const, value: { orderRef: cmd.orderRef, ibOrderId: 1, permId: 1, outcome: 'accepted' as const } }));
  gateway.reply(Contracts.ModifyOrder, (cmd) => ({ ok: true as const, value: { orderRef: cmd.orderRef, ibOrderId: 1 } }));
  gateway.reply(Contracts.CancelOrder, (cmd) => ({ ok: true as const, value: { orderRef: cmd.orderRef, ibOrderId: 1 } }));
  const view = (cmd: ArmTriggerCommand) => ({ ...cmd, status: 'armed', statusReason: null, lastPrice: null, armedAt: 1, updatedAt: 1, revision: 1, firedBy: null, firedSession: null });
  triggers.reply(Contracts.ArmTrigger, (cmd) => {
    const { ifMetOnArm: _x, ...rest } = cmd;
    return { ok: true as const, value: view(rest as ArmTriggerCommand) as never };
  });
  triggers.reply(Contracts.ListTriggers, () => ({ ok: true as const, value: { triggers: [] } }));
  await Promise.all([gateway.nc.flush(), triggers.nc.flush()]);
  return [gateway, triggers];
}

async function main(): Promise<void> {
  const nats = await startNatsServer();
  const admin = await nats.connectAs('admin');
  await ensureStreams(admin, Object.values(Streams));
  const js = jetstream(admin);
  const jsm = await jetstreamManager(admin);
  const buses = await world(nats);
  const env = { ...nats.envFor('order-service'), LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'info', TRADE_SNAPSHOT_INTERVAL_MS: '2000' };
  const start = () => startServiceProcess({ app, env, readyPattern: /order-service ready/, readyTimeoutMs: 300_000 });
  const snapshots = await TypedKv.open(admin, KvBuckets.TRADE_SNAPSHOTS, TradeSnapshotRecord);
  let service: ServiceProcess | undefined;

  const live: TradeEvent[] = [];
  let n = 0;
  for (const [state, count] of Object.entries(LIVE) as Array<[keyof typeof LIVE, number]>) for (let i = 0; i < count; i++) live.push(...liveEvents(`live-${n++}`, state));
  const seed = async (from: number, count: number) => {
    const events: TradeEvent[] = [];
    for (let i = from; i < from + count; i++) events.push(...closedEvents(`closed-${i}`));
    await publishAll(js, events);
  };

  /** Runs the service until its snapshot covers TRADES, kills it (-9), then times the restart. */
  const measure = async (label: string): Promise<{ readyMs: number; resumedMs: number | undefined; rebuildMs: number | undefined }> => {
    const prep = Date.now();
    service = await start();
    const last = (await jsm.streams.info(Streams.TRADES.name)).state.last_seq;
    if (!main_ && last > 0) {
      await eventually(async () => {
        const h = await snapshots.get('head');
        return h && TradeSnapshotHead.parse(h.value).coveredSeq >= last ? true : undefined;
      }, { timeoutMs: 300_000, what: 'a snapshot covering TRADES' });
    }
    if (process.env.BENCH_LOG_LEVEL) console.log(service.output().split('\n').filter((l) => /tail replayed|trades rebuilt|trades resumed/.test(l)).join('\n'));
    console.log(`${label}: the running service rebuilt and snapshotted TRADES (${last} messages) in ${Date.now() - prep} ms; kill -9`);
    await service.kill();
    const t0 = Date.now();
    service = await start();
    const readyMs = Date.now() - t0;
    let resumedMs: number | undefined;
    if (!main_) {
      // The log line's own timestamp: when the last trade's resume finished (it may precede the ready line).
      const line = await service.waitFor(/\{[^\n]*trades resumed[^\n]*\}/, 60_000);
      const logged = Date.parse((JSON.parse(line.slice(line.indexOf('{'))) as { time: string }).time);
      resumedMs = Math.max(logged - t0, 0);
    }
    const rebuilt = service.output().split('\n').find((l) => l.includes('trades rebuilt'));
    const rebuildMs = rebuilt ? (JSON.parse(rebuilt.slice(rebuilt.indexOf('{'))) as { ms?: number }).ms : undefined;
    console.log(`${label}: ready ${readyMs} ms, resumed ${resumedMs ?? '-'} ms after the spawn (${rebuilt ? rebuilt.slice(rebuilt.indexOf('"trades"'), rebuilt.indexOf('"msg"')) : ''})`);
    await service.kill();
    service = undefined;
    return { readyMs, resumedMs, rebuildMs };
  };

  try {
    // The floor: the same process started with nothing to rebuild (Node, Nest, connections).
    const floor = await measure('no trades (start-up floor)');
    await publishAll(js, live);
    await seed(0, CLOSED_FIRST);
    const small = await measure('10,000 trades (1,000 live, 9,000 closed)');
    if (process.env.BENCH_ONLY_10K) {
      console.log(`target order-restart-10k-trades: ${small.resumedMs ?? small.readyMs} ms (goal ${GOAL_MS} ms) ${(small.resumedMs ?? small.readyMs) <= GOAL_MS ? 'met' : 'MISSED'}`);
      return;
    }
    const seeding = Date.now();
    await seed(CLOSED_FIRST, CLOSED_MORE);
    console.log(`seeded ${CLOSED_MORE} more closed trades in ${Date.now() - seeding} ms`);
    const large = await measure('100,000 trades (1,000 live, 99,000 closed)');
    console.log(`start-up floor on this machine now: ${floor.resumedMs ?? floor.readyMs} ms`);
    const at10k = small.resumedMs ?? small.readyMs;
    const at100k = large.resumedMs ?? large.readyMs;
    console.log(`target order-restart-10k-trades: ${at10k} ms (goal ${GOAL_MS} ms) ${at10k <= GOAL_MS ? 'met' : 'MISSED'}`);
    console.log(`target order-restart-100k-trades: ${at100k} ms (goal ${GOAL_MS} ms) ${at100k <= GOAL_MS ? 'met' : 'MISSED'}`);
    // "Does not grow": what depends on history is the rebuild (snapshot + tail, the service's own
    // measure); the spawn-to-ready time around it is Node and Nest starting on a shared machine.
    // Goal: the rebuild with 100,000 trades within 100 ms (or 1.5x) of the one with 10,000.
    if (small.rebuildMs !== undefined && large.rebuildMs !== undefined) {
      const bound = Math.max(small.rebuildMs * 1.5, small.rebuildMs + 100);
      console.log(`target order-restart-rebuild-growth-90k-closed: ${small.rebuildMs} -> ${large.rebuildMs} ms (goal <= ${Math.round(bound)} ms) ${large.rebuildMs <= bound ? 'met' : 'MISSED'}`);
    }
  } finally {
    await service?.kill();
    for (const b of buses) await b.drain();
    await admin.close();
    await nats.stop({ removeStore: true });
  }
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
