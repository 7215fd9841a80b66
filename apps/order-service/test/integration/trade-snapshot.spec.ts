import type { z } from 'zod';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { Contracts, KvBuckets, Streams, TradeSnapshotChunk, TradeSnapshotHead, TradeSnapshotRecord, TradeView, type ArmTradeCommand, type TradeState } from '@arctrigger/contracts';
import { Bus, createLogger, encodeJson, TypedKv } from '@arctrigger/service-kit';
import { eventually, startNatsServer, startServiceProcess, tradeEvent, type ServiceProcess, type TestNatsServer } from '@arctrigger/testkit';
import { FakeWorld } from './fake-world';

const call = (tradeId: string): z.input<typeof ArmTradeCommand> => ({
  tradeId, symbol: 'AAPL', right: 'CALL', expiry: '20260116', strike: 232.5, trigger: { price: 231.4, source: 'last' },
  size: { by: 'budget', dollars: 2000 }, entry: { type: 'LMT', offset: 0.05 }, stopLoss: { mode: 'offset', offset: 0.5 }, premarketPolicy: 'cancel',
});

/**
 * Restarts that do not grow with history (issue 25): the order-service starts from the snapshot of
 * its working set (KV `trade-snapshots`) plus the TRADES messages after it; trades finished before
 * the trading day are out of the working set and still answered from the audit stream.
 */
describe('order-service snapshot + tail restart (real nats-server, real order-service process)', () => {
  let nats: TestNatsServer;
  let world: FakeWorld;
  let console_: Bus;
  let admin: Awaited<ReturnType<TestNatsServer['connectAs']>>;
  let service: ServiceProcess | undefined;
  let snapshots: TypedKv<typeof TradeSnapshotRecord>;
  let views: TypedKv<typeof TradeView>;

  const startService = () => startServiceProcess({ app: 'order-service', env: { ...nats.envFor('order-service'), QUOTE_WAIT_TIMEOUT_MS: '500' }, readyPattern: /order-service ready/ });
  const store = async (event: { tradeId: string; seq: number; [key: string]: unknown }, msgId = `${event.tradeId}:${event.seq}`) =>
    jetstream(admin).publish(`trade.evt.v1.${event.tradeId}`, encodeJson(event), { msgID: msgId });
  const now = (event: ReturnType<typeof tradeEvent>) => ({ ...event, at: Date.now() });
  const lastSeq = async () => (await (await jetstreamManager(admin)).streams.info(Streams.TRADES.name)).state.last_seq;
  const head = async () => {
    const h = await snapshots.get('head');
    return h ? TradeSnapshotHead.parse(h.value) : undefined;
  };
  /** The snapshot's trades, read as the bucket holds them. */
  const snapshotTrades = async () => {
    const h = (await head())!;
    const ids: string[] = [];
    for (let i = 0; i < h.chunks; i++) ids.push(...TradeSnapshotChunk.parse((await snapshots.get(`${h.slot}.${i}`))!.value).entries.map((e) => e.view.tradeId));
    return ids.sort();
  };
  /** A snapshot covering every TRADES message so far has been written. */
  const snapshotCoversAll = async () => {
    const last = await lastSeq();
    return eventually(async () => ((await head())?.coveredSeq === last ? true : undefined), { what: `a snapshot covering TRADES seq ${last}` });
  };
  const listed = async (states?: TradeState[]) => {
    const r = await console_.request(Contracts.ListTrades, states ? { states } : {});
    if (!r.ok) throw new Error(r.message);
    return r.value.trades;
  };
  const get = async (tradeId: string) => {
    const r = await console_.request(Contracts.GetTrade, { tradeId });
    if (!r.ok) throw new Error(r.message);
    return r.value;
  };
  const rebuiltLog = (p: ServiceProcess) => JSON.parse(p.output().split('\n').find((l) => l.includes('trades rebuilt from the snapshot'))!) as { fromSnapshot: number; tailMessages: number; trades: number };

  beforeAll(async () => {
    nats = await startNatsServer();
    world = await FakeWorld.start(nats);
    console_ = new Bus(await nats.connectAs('console'), { service: 'console', instanceId: 'test-console', logger: createLogger({ service: 'console', instanceId: 'x', level: 'silent' }) });
    admin = await nats.connectAs('admin');
    // The streams and buckets exist once the service has started; the first start has nothing to replay.
    service = await startService();
    await service.stop();
    snapshots = await TypedKv.open(admin, KvBuckets.TRADE_SNAPSHOTS, TradeSnapshotRecord);
    views = await TypedKv.open(admin, KvBuckets.TRADES, TradeView);
    // Finished in 2023 (the builder's timestamps): out of the working set.
    await store(tradeEvent('old-closed', 1, 'ARMED'));
    await store(tradeEvent('old-closed', 2, 'CANCELLED', 'ARMED'));
    // Live, and finished today: in the working set.
    await store(now(tradeEvent('live-a', 1, 'ARMED')));
    await store(now(tradeEvent('live-b', 1, 'ARMED')));
    await store(now(tradeEvent('live-b', 2, 'ARMED', 'ARMED', 'commission-charged', { execId: 'x1', commission: 1.25, currency: 'USD' })));
    await store(now(tradeEvent('today-cancelled', 1, 'ARMED')));
    await store(now(tradeEvent('today-cancelled', 2, 'CANCELLED', 'ARMED')));
  }, 60_000);

  afterAll(async () => {
    await service?.stop();
    await admin?.close();
    await world?.stop();
    await console_?.drain();
    await nats?.stop({ removeStore: true });
  });

  it('restarts after kill -9 from the snapshot plus the tail (the trades changed since it), with identical views, and resumes the trades', async () => {
    service = await startService();
    await snapshotCoversAll();
    expect(await snapshotTrades()).toEqual(['live-a', 'live-b', 'today-cancelled']);
    // Changed after the snapshot: only in the tail.
    const armed = await console_.request(Contracts.ArmTrade, call('api-1'));
    expect(armed).toMatchObject({ ok: true, value: { state: 'ARMED' } });
    const before = (await listed()).sort((a, b) => a.tradeId.localeCompare(b.tradeId));
    const armsBefore = world.armed.length;

    await service.kill();
    service = await startService();
    await service.waitFor(/trades resumed/);

    const after = (await listed()).sort((a, b) => a.tradeId.localeCompare(b.tradeId));
    expect(after.map((t) => t.tradeId)).toEqual(['api-1', 'live-a', 'live-b', 'today-cancelled']);
    expect(after).toEqual(before);
    const rebuilt = rebuiltLog(service);
    expect(rebuilt.fromSnapshot).toBe(3);
    // The tail is api-1's events only, not the stream.
    const apiEvents = (await get('api-1')).events.length;
    expect(rebuilt.tailMessages).toBe(apiEvents);
    // Resumed: the armed trades' entry triggers are armed again (idempotent by id).
    await world.until(() => world.armed.length >= armsBefore + 3);
    expect(world.armed.slice(armsBefore).map((a) => a.owner.tradeId).sort()).toEqual(['api-1', 'live-a', 'live-b']);
  }, 60_000);

  it('applies an event appended whose view write was lost from the tail exactly once, also when the snapshot is behind its own views', async () => {
    await snapshotCoversAll();
    await service!.kill();
    // The append was stored, then the process died before the view reached KV.
    await store(now(tradeEvent('live-a', 2, 'ARMED', 'ARMED', 'commission-charged', { execId: 'x9', commission: 1.5, currency: 'USD' })));
    // A second copy of seq 2 (another message id): already applied by seq, never applied again.
    await store(now(tradeEvent('live-a', 2, 'ARMED', 'ARMED', 'commission-charged', { execId: 'x10', commission: 7, currency: 'USD' })), 'live-a:2:copy');
    expect((await views.get('live-a'))!.value.revision).toBe(1);

    service = await startService();
    const a = (await get('live-a')).trade;
    expect(a).toMatchObject({ revision: 2, commissions: [{ execId: 'x9', amount: 1.5 }] });
    expect(a.commissions).toHaveLength(1);
    await eventually(async () => ((await views.get('live-a'))?.value.revision === 2 ? true : undefined), { what: 'live-a re-projected to KV' });
    expect(rebuiltLog(service).tailMessages).toBe(2);

    // A snapshot taken while an append was in flight covers less than its views hold: the tail
    // overlaps them and applies nothing twice.
    await snapshotCoversAll();
    const before = (await listed()).sort((x, y) => x.tradeId.localeCompare(y.tradeId));
    await service.kill();
    const h = (await head())!;
    await snapshots.put('head', { ...h, coveredSeq: 0 });
    service = await startService();
    const after = (await listed()).sort((x, y) => x.tradeId.localeCompare(y.tradeId));
    expect(after).toEqual(before);
    expect(after.find((t) => t.tradeId === 'live-a')).toMatchObject({ revision: 2, commissions: [{ execId: 'x9', amount: 1.5 }] });
    expect(after.find((t) => t.tradeId === 'live-b')).toMatchObject({ revision: 2, commissions: [{ execId: 'x1', amount: 1.25 }] });
    expect(rebuiltLog(service).tailMessages).toBe(await lastSeq());
  }, 60_000);

  it('keeps a trade finished before the trading day out of the working set, yet answers get and a list of finished states', async () => {
    await snapshotCoversAll();
    expect(await snapshotTrades()).not.toContain('old-closed');
    expect((await listed()).map((t) => t.tradeId)).not.toContain('old-closed');

    const old = await get('old-closed');
    expect(old.trade).toMatchObject({ tradeId: 'old-closed', state: 'CANCELLED', revision: 2 });
    expect(old.events.map((e) => e.type)).toEqual(['armed', 'cancelled']);
    expect((await listed(['CANCELLED'])).map((t) => t.tradeId)).toEqual(['today-cancelled', 'old-closed']);
    expect(await console_.request(Contracts.GetTrade, { tradeId: 'never-was' })).toMatchObject({ ok: false, code: 'TRADE_NOT_FOUND' });
  }, 60_000);
});
