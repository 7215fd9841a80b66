import type { z } from 'zod';
import { Contracts, KvBuckets, OrderRef, TradeView, type ArmTradeCommand, type ArmTriggerCommand, type TradeEvent, type TradeEventOf } from '@arctrigger/contracts';
import { Bus, createLogger, TypedKv } from '@arctrigger/service-kit';
import { BusRecorder, startNatsServer, startServiceProcess, type ServiceProcess, type TestNatsServer } from '@arctrigger/testkit';
import { FakeWorld, OPTION } from './fake-world';

const call = (tradeId: string, over: Record<string, unknown> = {}): z.input<typeof ArmTradeCommand> => ({
  tradeId, symbol: 'AAPL', right: 'CALL', expiry: '20260116', strike: 232.5, trigger: { price: 231.4, source: 'last' },
  size: { by: 'budget', dollars: 2000 }, entry: { type: 'LMT', offset: 0.05 }, stopLoss: { mode: 'offset', offset: 0.5 },
  premarketPolicy: 'cancel', ...over,
});

describe('order-service trade lifecycle (real nats-server, real order-service process)', () => {
  let nats: TestNatsServer;
  let world: FakeWorld;
  let console_: Bus;
  let recorder: BusRecorder;
  let admin: Awaited<ReturnType<TestNatsServer['connectAs']>>;
  let service: ServiceProcess;

  const startService = () =>
    startServiceProcess({ app: 'order-service', env: { ...nats.envFor('order-service'), QUOTE_WAIT_TIMEOUT_MS: '500', UNKNOWN_RETRY_MS: '300' }, readyPattern: /order-service ready/ });
  const trade = async (tradeId: string): Promise<TradeView> => {
    const r = await console_.request(Contracts.GetTrade, { tradeId });
    if (!r.ok) throw new Error(r.message);
    return r.value.trade;
  };
  const reached = (tradeId: string, state: string) =>
    recorder.waitFor((m) => m.subject === `trade.evt.v1.${tradeId}` && (m.json as { to: string }).to === state, 15_000);

  beforeAll(async () => {
    nats = await startNatsServer();
    world = await FakeWorld.start(nats);
    console_ = new Bus(await nats.connectAs('console'), { service: 'console', instanceId: 'test-console', logger: createLogger({ service: 'console', instanceId: 'x', level: 'silent' }) });
    admin = await nats.connectAs('admin');
    recorder = await BusRecorder.start(admin, 'trade.evt.v1.>');
    service = await startService();
  }, 60_000);

  // The world has no live feed: every test starts from a fresh option quote, however long the
  // tests before it took (a quote older than QUOTE_MAX_AGE_MS fails an entry instead of pricing it).
  beforeEach(() => world.quoteOption());

  afterAll(async () => {
    recorder?.stop();
    await admin?.close();
    await service?.stop();
    await world?.stop();
    await console_?.drain();
    await nats?.stop({ removeStore: true });
  });

  it('order-service takes a CALL from arm to CLOSED: valid-tick LMT, stop armed after the fill, exactly the filled quantity sold', async () => {
    const armed = await console_.request(Contracts.ArmTrade, call('c1'));
    expect(armed).toMatchObject({ ok: true, value: { state: 'ARMED', stopLevel: 230.9, strike: 232.5 } });
    const entryTrigger = world.armed.find((a) => a.owner.tradeId === 'c1' && a.owner.purpose === 'entry')!;
    expect(entryTrigger).toMatchObject({ direction: 'above', level: 231.4, sessionScope: 'extended', ifMetOnArm: 'reject' });

    await world.fire(entryTrigger, 231.45);
    await world.until(() => world.placed.some((p) => p.orderRef === 'c1.entry.1'));
    const entry = world.placed.find((p) => p.orderRef === 'c1.entry.1')!;
    // ask 2.42 + 0.05 = 2.47 → next valid 0.05 tick upward = 2.50; floor(2000 / 250) = 8.
    expect(entry).toMatchObject({ side: 'BUY', orderType: 'LMT', limitPrice: 2.5, quantity: 8, opening: true });

    await world.status(entry, 'submitted');
    await world.execute(entry, 'c1-x1', 3, 2.5);
    await world.execute(entry, 'c1-x1', 3, 2.5); // a repeated execDetails counts once
    await reached('c1', 'PARTIALLY_FILLED');
    await world.until(() => world.armed.some((a) => a.owner.tradeId === 'c1' && a.owner.purpose === 'stop'));
    await world.execute(entry, 'c1-x2', 5, 2.5);
    await reached('c1', 'PROTECTED');
    const stop = world.armed.find((a) => a.owner.tradeId === 'c1' && a.owner.purpose === 'stop')!;
    expect(stop).toMatchObject({ direction: 'below', level: 230.9, sessionScope: 'regular', ifMetOnArm: 'fire', conId: 265598 });

    await world.fire(stop, 230.85);
    await world.until(() => world.placed.some((p) => p.orderRef === 'c1.stop.1'));
    const exit = world.placed.find((p) => p.orderRef === 'c1.stop.1')!;
    expect(exit).toMatchObject({ side: 'SELL', orderType: 'MKT', quantity: 8, opening: false });
    await world.execute(exit, 'c1-y1', 8, 2.0);
    await reached('c1', 'CLOSED');
    const history = await console_.request(Contracts.GetTrade, { tradeId: 'c1' });
    expect(history).toMatchObject({ ok: true, value: { trade: { state: 'CLOSED', filledQuantity: 8, openQuantity: 0, realizedPnl: -400 } } });
    const types = history.ok ? history.value.events.map((e) => e.type) : [];
    expect(types).toEqual(['armed', 'fired', 'submitting', 'accepted', 'partially-filled', 'protected', 'filled', 'protected', 'stop-fired', 'exit-accepted', 'closed']);

    // The trades KV (written in the background, newest view per trade) ends at the final view.
    const kv = await TypedKv.open(admin, KvBuckets.TRADES, TradeView);
    const final = history.ok ? history.value.trade : undefined;
    let found!: (view: TradeView) => void;
    const projected = new Promise<TradeView>((resolve) => (found = resolve));
    const watch = await kv.watch(({ value }) => value && value.revision === final?.revision && found(value), { key: 'c1' });
    try {
      expect(await projected).toEqual(final);
    } finally {
      watch.stop();
    }
  });

  it('order-service fires an entry on the trg.firing notice, before any fired event; the fired event that follows changes nothing', async () => {
    await console_.request(Contracts.ArmTrade, call('f1'));
    const entryTrigger = world.armed.find((a) => a.owner.tradeId === 'f1' && a.owner.purpose === 'entry')!;
    world.announce(entryTrigger, 231.45);
    await world.until(() => world.placed.some((p) => p.orderRef === 'f1.entry.1'));
    await reached('f1', 'WORKING');

    await world.fire(entryTrigger, 231.45);
    world.announce(entryTrigger, 231.45); // another instance's notice of the same trigger
    // Taken in order after the three copies above: once f1b's entry is out, f1's copies were seen.
    await console_.request(Contracts.ArmTrade, call('f1b'));
    world.announce(world.armed.find((a) => a.owner.tradeId === 'f1b' && a.owner.purpose === 'entry')!, 231.45);
    await world.until(() => world.placed.some((p) => p.orderRef === 'f1b.entry.1'));
    const history = await console_.request(Contracts.GetTrade, { tradeId: 'f1' });
    expect(history.ok && history.value.events.filter((e) => e.type === 'fired')).toEqual([
      expect.objectContaining({ causationId: `firing:${entryTrigger.triggerId}`, detail: expect.objectContaining({ price: 231.45, session: 'regular' }) }),
    ]);
    expect(world.placed.filter((p) => p.orderRef === 'f1.entry.1')).toHaveLength(1);
    expect(world.riskChecks.filter((c) => c.checkId === 'f1.entry.1')).toEqual([expect.objectContaining({ quantity: 8, price: 2.5 })]);
    expect(await trade('f1')).toMatchObject({ state: 'WORKING', reservationId: 'r-f1.entry.1' });
  });

  it('order-service ignores a trg.firing notice at a level the trade was modified away from, or of a trigger that is not the entry\'s; the new level\'s fire fires it', async () => {
    await console_.request(Contracts.ArmTrade, call('f2'));
    await console_.request(Contracts.ArmTrade, call('f2b'));
    const entryOf = (id: string) => world.armed.find((a) => a.owner.tradeId === id && a.owner.purpose === 'entry')!;
    expect(await console_.request(Contracts.ModifyTrade, { tradeId: 'f2', triggerPrice: 231.6 })).toMatchObject({ ok: true });
    // The trigger-service sent this notice from a copy of the trigger from before the modify: its
    // compare-and-set lost.
    world.announce(entryOf('f2'), 231.45);
    world.announce({ ...entryOf('f2'), triggerId: `${entryOf('f2').triggerId}-old` as ArmTriggerCommand['triggerId'], level: 231.6 }, 231.65);
    world.announce(entryOf('f2b'), 231.45); // taken in order after the two above
    await world.until(() => world.placed.some((p) => p.orderRef === 'f2b.entry.1'));
    expect(world.riskChecks.filter((c) => c.checkId === 'f2.entry.1')).toEqual([]);
    expect(await trade('f2')).toMatchObject({ state: 'ARMED' });

    world.announce({ ...entryOf('f2'), level: 231.6 }, 231.65);
    await world.until(() => world.placed.some((p) => p.orderRef === 'f2.entry.1'));
    expect(await trade('f2')).toMatchObject({ state: 'WORKING' });
  });

  it('order-service applies the premarket policy on a premarket trg.firing notice (cancel)', async () => {
    await console_.request(Contracts.ArmTrade, call('f3'));
    world.announce(world.armed.find((a) => a.owner.tradeId === 'f3' && a.owner.purpose === 'entry')!, 231.45, 'premarket');
    await reached('f3', 'CANCELLED');
    const history = await console_.request(Contracts.GetTrade, { tradeId: 'f3' });
    expect(history.ok && history.value.events.map((e) => e.type)).toEqual(['armed', 'premarket-hit', 'cancelled']);
    expect(world.riskChecks.filter((c) => c.checkId === 'f3.entry.1')).toEqual([]);
  });

  /** Arms `tradeId`, fires its entry and fills all 8 contracts: the trade ends PROTECTED. */
  const protectedTrade = async (tradeId: string, over: Record<string, unknown> = {}) => {
    await console_.request(Contracts.ArmTrade, call(tradeId, over));
    await world.fire(world.armed.find((a) => a.owner.tradeId === tradeId && a.owner.purpose === 'entry')!, 231.45);
    await world.until(() => world.placed.some((p) => p.orderRef === `${tradeId}.entry.1`));
    await world.execute(world.placed.find((p) => p.orderRef === `${tradeId}.entry.1`)!, `${tradeId}-x1`, 8, 2.5);
    await reached(tradeId, 'PROTECTED');
  };
  const triggerOf = (tradeId: string, purpose: string) => world.armed.find((a) => a.owner.tradeId === tradeId && a.owner.purpose === purpose)!;

  it('order-service stops out on the stop trigger\'s trg.firing notice; the fired event that follows sends nothing more', async () => {
    await protectedTrade('f4');
    const stop = triggerOf('f4', 'stop');
    world.announce(stop, 230.85);
    await world.until(() => world.placed.some((p) => p.orderRef === 'f4.stop.1'));
    expect(world.placed.find((p) => p.orderRef === 'f4.stop.1')).toMatchObject({ side: 'SELL', orderType: 'MKT', quantity: 8, opening: false });

    await world.fire(stop, 230.85);
    world.announce(stop, 230.85); // another instance's notice of the same trigger
    // Taken in order after the copies above: once f4b's stop exit is out, f4's copies were seen.
    await protectedTrade('f4b');
    world.announce(triggerOf('f4b', 'stop'), 230.85);
    await world.until(() => world.placed.some((p) => p.orderRef === 'f4b.stop.1'));
    expect(world.placed.filter((p) => p.orderRef.startsWith('f4.stop') || p.orderRef.startsWith('f4.flat')).map((p) => p.orderRef)).toEqual(['f4.stop.1']);
    const history = await console_.request(Contracts.GetTrade, { tradeId: 'f4' });
    expect(history.ok && history.value.events.filter((e) => e.type === 'stop-fired')).toEqual([
      expect.objectContaining({ causationId: `firing:${stop.triggerId}`, detail: expect.objectContaining({ price: 230.85, triggerId: stop.triggerId }) }),
    ]);
  });

  it('order-service ignores a stop notice at the level breakeven moved the stop away from; the new level\'s notice stops out', async () => {
    await protectedTrade('f5');
    await protectedTrade('f5b');
    expect(await console_.request(Contracts.Breakeven, { tradeId: 'f5' })).toMatchObject({ ok: true, value: { stopLevel: 231.4 } });
    // Sent from the trigger's record before the move: its compare-and-set lost to the modify.
    world.announce(triggerOf('f5', 'stop'), 230.85);
    world.announce(triggerOf('f5b', 'stop'), 230.85); // taken in order after the one above
    await world.until(() => world.placed.some((p) => p.orderRef === 'f5b.stop.1'));
    expect(world.placed.some((p) => p.orderRef === 'f5.stop.1')).toBe(false);
    expect(await trade('f5')).toMatchObject({ state: 'PROTECTED', stopLevel: 231.4 });

    world.announce({ ...triggerOf('f5', 'stop'), level: 231.4 }, 231.35);
    await world.until(() => world.placed.some((p) => p.orderRef === 'f5.stop.1'));
    expect(await trade('f5')).toMatchObject({ state: 'EXITING', closing: 'stop' });
  });

  it('order-service sells the whole position on the automatic take-profit\'s trg.firing notice, once', async () => {
    await protectedTrade('f6', { takeProfit: { autoPercent: 50 } });
    const tp = triggerOf('f6', 'take-profit');
    expect(tp).toMatchObject({ conId: OPTION, direction: 'above', level: 3.75, priceSource: 'bid' });
    world.announce(tp, 3.8);
    await world.until(() => world.placed.some((p) => p.orderRef === 'f6.tp.1'));
    expect(world.placed.find((p) => p.orderRef === 'f6.tp.1')).toMatchObject({ side: 'SELL', orderType: 'MKT', quantity: 8 });

    await world.fire(tp, 3.8);
    world.announce(tp, 3.8);
    await protectedTrade('f6b', { takeProfit: { autoPercent: 50 } });
    world.announce(triggerOf('f6b', 'take-profit'), 3.8);
    await world.until(() => world.placed.some((p) => p.orderRef === 'f6b.tp.1'));
    expect(world.placed.filter((p) => p.orderRef.startsWith('f6.tp')).map((p) => p.orderRef)).toEqual(['f6.tp.1']);
    expect(await trade('f6')).toMatchObject({ state: 'EXITING', closing: 'tp' });
  });

  it('order-service stops out a partial fill with the exit ahead of the entry remainder\'s cancel; contracts filled after the stop are sold too', async () => {
    await console_.request(Contracts.ArmTrade, call('f7'));
    await world.fire(triggerOf('f7', 'entry'), 231.45);
    await world.until(() => world.placed.some((p) => p.orderRef === 'f7.entry.1'));
    const entry = world.placed.find((p) => p.orderRef === 'f7.entry.1')!;
    await world.status(entry, 'submitted');
    await world.execute(entry, 'f7-x1', 3, 2.5);
    await recorder.waitFor((m) => m.subject === 'trade.evt.v1.f7' && (m.json as TradeEvent).type === 'protected');

    world.announce(triggerOf('f7', 'stop'), 230.85);
    await world.until(() => world.cancels.includes('f7.entry.1'));
    expect(world.wire.filter((w) => w.includes('f7.') && !w.includes('f7.entry.1') || w === 'cancel:f7.entry.1')).toEqual(['place:f7.stop.1', 'cancel:f7.entry.1']);
    expect(world.placed.find((p) => p.orderRef === 'f7.stop.1')).toMatchObject({ side: 'SELL', orderType: 'MKT', quantity: 3 });

    // Two more contracts filled before the cancel took effect: the closing leg sells them at once,
    // while the first exit is still working.
    await world.execute(entry, 'f7-x2', 2, 2.5);
    await world.until(() => world.placed.some((p) => p.orderRef === 'f7.stop.2'));
    expect(world.placed.find((p) => p.orderRef === 'f7.stop.2')).toMatchObject({ side: 'SELL', orderType: 'MKT', quantity: 2 });
    await world.execute(world.placed.find((p) => p.orderRef === 'f7.stop.1')!, 'f7-y1', 3, 2.0);
    await world.execute(world.placed.find((p) => p.orderRef === 'f7.stop.2')!, 'f7-y2', 2, 2.0);
    await reached('f7', 'CLOSED');
    expect(await trade('f7')).toMatchObject({ filledQuantity: 5, openQuantity: 0, realizedPnl: -250 });
  });

  it('order-service prices on a fresh quote snapshot even when the unusable quote it held carries a higher seq (from an earlier gateway session)', async () => {
    await console_.request(Contracts.ArmTrade, call('q1'));
    // An earlier gateway session's sequence, far above what the snapshot (seq 1) carries.
    await world.quoteOption({ seq: Date.now() * 10, bid: null, ask: null, last: null, bidSize: null, askSize: null, lastSize: null });
    await world.fire(world.armed.find((a) => a.owner.tradeId === 'q1' && a.owner.purpose === 'entry')!, 231.45);
    await world.until(() => world.placed.some((p) => p.orderRef === 'q1.entry.1'));
    expect(world.placed.find((p) => p.orderRef === 'q1.entry.1')).toMatchObject({ limitPrice: 2.5, quantity: 8 });
  });

  it('order-service records and alerts a position left unprotected past the protection deadline, and keeps retrying until protected', async () => {
    await console_.request(Contracts.ArmTrade, call('d1'));
    await world.fire(world.armed.find((a) => a.owner.tradeId === 'd1')!, 231.5);
    await world.until(() => world.placed.some((p) => p.orderRef === 'd1.entry.1'));
    world.refuseStops = true;
    await world.execute(world.placed.find((p) => p.orderRef === 'd1.entry.1')!, 'd1-x1', 8, 2.5);
    const overdue = (await recorder.waitFor((m) => m.subject === 'trade.evt.v1.d1' && (m.json as { type: string }).type === 'protection-overdue')).json as TradeEventOf<'protection-overdue'>;
    expect(overdue).toMatchObject({ from: 'OPEN', to: 'OPEN', detail: { deadlineMs: 1000 } });
    expect(overdue.at - overdue.detail.firstFillAt).toBeGreaterThanOrEqual(1000);
    expect((await trade('d1')).protectionOverdueAt).toBe(overdue.at);
    world.refuseStops = false;
    await reached('d1', 'PROTECTED');
    expect(await trade('d1')).toMatchObject({ protectionOverdueAt: null, stopLevel: 230.9 });
  });

  it('order-service keeps a broker-side protective stop in the exits\' OCA group, sized to the position, and never lets it and an exit sell the same contract', async () => {
    await console_.request(Contracts.ArmTrade, call('g1', { brokerProtectiveStop: { percentBelowEntry: 15 } }));
    await world.fire(world.armed.find((a) => a.owner.tradeId === 'g1')!, 231.5);
    await world.until(() => world.placed.some((p) => p.orderRef === 'g1.entry.1'));
    const entry = world.placed.find((p) => p.orderRef === 'g1.entry.1')!;
    await world.execute(entry, 'g1-x1', 3, 2.5);
    await world.until(() => world.placed.some((p) => p.orderRef === 'g1.guard.1'));
    // 2.50 × 0.85 = 2.125 → up to the 0.05 grid: 2.15; the partial position only.
    expect(world.placed.find((p) => p.orderRef === 'g1.guard.1')).toMatchObject({
      side: 'SELL', orderType: 'STP', stopPrice: 2.15, quantity: 3, opening: false, ocaGroup: 'oca-g1',
    });
    await world.execute(entry, 'g1-x2', 5, 2.5);
    await world.until(() => world.modifies.some((m) => m.orderRef === 'g1.guard.1'));
    expect(world.modifies.find((m) => m.orderRef === 'g1.guard.1')).toEqual({ orderRef: 'g1.guard.1', quantity: 8 });

    // Take-profit 50 %: the guard holds all 8, so it is made smaller (confirmed) before the exit leaves.
    const tp = await console_.request(Contracts.TakeProfit, { tradeId: 'g1', percent: 50 });
    expect(tp).toMatchObject({ ok: true, value: { state: 'EXITING' } });
    expect(world.modifies.filter((m) => m.orderRef === 'g1.guard.1').map((m) => m.quantity)).toEqual([8, 4]);
    const tpOrder = world.placed.find((p) => p.orderRef === 'g1.tp.1')!;
    expect(tpOrder).toMatchObject({ quantity: 4, ocaGroup: 'oca-g1' });
    // The take-profit's first execution cancels the guard through the OCA group; the guard comes
    // back at once for the 4 contracts the take-profit is not selling, not only once it has ended.
    await world.status(world.placed.find((p) => p.orderRef === 'g1.guard.1')!, 'cancelled');
    await world.until(() => world.placed.some((p) => p.orderRef === 'g1.guard.2'));
    expect(world.placed.find((p) => p.orderRef === 'g1.guard.2')).toMatchObject({ quantity: 4, stopPrice: 2.15, ocaGroup: 'oca-g1' });
    await world.execute(tpOrder, 'g1-y1', 2, 3);
    // That partial fill cancels guard 2 in turn: guard 3 covers 6 held − 2 still being sold.
    await world.status(world.placed.find((p) => p.orderRef === 'g1.guard.2')!, 'cancelled');
    await world.until(() => world.placed.some((p) => p.orderRef === 'g1.guard.3'));
    expect(world.placed.find((p) => p.orderRef === 'g1.guard.3')).toMatchObject({ quantity: 4, ocaGroup: 'oca-g1' });
    await world.execute(tpOrder, 'g1-y1b', 2, 3);
    await recorder.waitFor((m) => m.subject === 'trade.evt.v1.g1' && (m.json as TradeEvent).type === 'exit-done');
    expect(world.modifies.some((m) => m.orderRef === 'g1.guard.3')).toBe(false); // already the 4 held

    // Flatten: the guard holds all 4, so nothing is sold until its cancel is confirmed; then the flat leg sells them.
    await console_.request(Contracts.Flatten, { tradeId: 'g1' });
    await world.until(() => world.cancels.includes('g1.guard.3'));
    expect(world.placed.some((p) => p.orderRef === 'g1.flat.1')).toBe(false);
    await world.status(world.placed.find((p) => p.orderRef === 'g1.guard.3')!, 'cancelled');
    await world.until(() => world.placed.some((p) => p.orderRef === 'g1.flat.1'));
    expect(world.placed.find((p) => p.orderRef === 'g1.flat.1')).toMatchObject({ quantity: 4, ocaGroup: 'oca-g1' });
    await world.execute(world.placed.find((p) => p.orderRef === 'g1.flat.1')!, 'g1-y2', 4, 3);
    await reached('g1', 'CLOSED');
    expect(world.placed.filter((p) => p.orderRef.startsWith('g1.guard.')).map((p) => p.orderRef)).toEqual(['g1.guard.1', 'g1.guard.2', 'g1.guard.3']);
  });

  it('order-service sells what a cancelled protective stop held only once the executions it reported are booked', async () => {
    await console_.request(Contracts.ArmTrade, call('g2', { brokerProtectiveStop: { percentBelowEntry: 15 }, size: { by: 'contracts', contracts: 5 } }));
    await world.fire(world.armed.find((a) => a.owner.tradeId === 'g2' && a.owner.purpose === 'entry')!, 231.5);
    await world.until(() => world.placed.some((p) => p.orderRef === 'g2.entry.1'));
    await world.execute(world.placed.find((p) => p.orderRef === 'g2.entry.1')!, 'g2-x1', 5, 2.5);
    await world.until(() => world.placed.some((p) => p.orderRef === 'g2.guard.1'));
    const guard = world.placed.find((p) => p.orderRef === 'g2.guard.1')!;
    await console_.request(Contracts.Flatten, { tradeId: 'g2' });
    await world.until(() => world.cancels.includes('g2.guard.1'));
    // The guard sold 2 before the cancel landed; its status says so before the execution arrives.
    await world.status(guard, 'cancelled', 2);
    await world.execute(guard, 'g2-g1', 2, 2.1);
    await world.until(() => world.placed.some((p) => p.orderRef === 'g2.flat.1'));
    expect(world.placed.filter((p) => p.orderRef.startsWith('g2.flat.'))).toEqual([expect.objectContaining({ quantity: 3 })]);
  });

  it('order-service asks again, under the same orderRef, for a stop exit the gateway could not send while cut off from TWS', async () => {
    await console_.request(Contracts.ArmTrade, call('x1', { size: { by: 'contracts', contracts: 2 } }));
    await world.fire(world.armed.find((a) => a.owner.tradeId === 'x1' && a.owner.purpose === 'entry')!, 231.5);
    await world.until(() => world.placed.some((p) => p.orderRef === 'x1.entry.1'));
    await world.execute(world.placed.find((p) => p.orderRef === 'x1.entry.1')!, 'x1-x1', 2, 2.5);
    await reached('x1', 'PROTECTED');
    world.refuseAsDisconnected.set('x1.stop.1', 1);
    await world.fire(world.armed.find((a) => a.owner.tradeId === 'x1' && a.owner.purpose === 'stop')!, 230.8);
    await world.until(() => world.placed.some((p) => p.orderRef === 'x1.stop.1'));
    expect(world.refuseAsDisconnected.get('x1.stop.1')).toBe(0);
    const exit = world.placed.find((p) => p.orderRef === 'x1.stop.1')!;
    expect(exit).toMatchObject({ side: 'SELL', orderType: 'MKT', quantity: 2, opening: false });
    expect(world.placed.filter((p) => p.orderRef.startsWith('x1.stop')).length).toBe(1);
    await world.execute(exit, 'x1-y1', 2, 2.1);
    await reached('x1', 'CLOSED');
    const history = await console_.request(Contracts.GetTrade, { tradeId: 'x1' });
    expect(history.ok && history.value.events.map((e) => e.type).filter((t) => t.startsWith('exit'))).toEqual(['exit-accepted']);
  }, 30_000);

  it('order-service sends an entry again while its price is fresh when the gateway could not place it, and rejects it once the price is too old', async () => {
    await console_.request(Contracts.ArmTrade, call('x2', { size: { by: 'contracts', contracts: 1 } }));
    world.refuseAsDisconnected.set('x2.entry.1', 2);
    await world.fire(world.armed.find((a) => a.owner.tradeId === 'x2' && a.owner.purpose === 'entry')!, 231.5);
    await world.until(() => world.placed.some((p) => p.orderRef === 'x2.entry.1'));
    expect(world.refuseAsDisconnected.get('x2.entry.1')).toBe(0);
    await reached('x2', 'WORKING');

    await console_.request(Contracts.ArmTrade, call('x3', { size: { by: 'contracts', contracts: 1 } }));
    world.refuseAsDisconnected.set('x3.entry.1', 1_000);
    await world.fire(world.armed.find((a) => a.owner.tradeId === 'x3' && a.owner.purpose === 'entry')!, 231.5);
    await reached('x3', 'REJECTED');
    expect(world.placed.some((p) => p.orderRef === 'x3.entry.1')).toBe(false);
    expect((await trade('x3')).reason).toContain('TWS_DISCONNECTED');
  }, 30_000);

  it('order-service reflects a broker rejection in the trade with the broker reason', async () => {
    await console_.request(Contracts.ArmTrade, call('r1'));
    await world.fire(world.armed.find((a) => a.owner.tradeId === 'r1')!, 231.5);
    await world.until(() => world.placed.some((p) => p.orderRef === 'r1.entry.1'));
    await world.reject(world.placed.find((p) => p.orderRef === 'r1.entry.1')!, 201, 'Order rejected - reason: no trading permissions');
    await reached('r1', 'REJECTED');
    expect((await trade('r1')).reason).toBe('IB_201: Order rejected - reason: no trading permissions');
  });

  it.each([
    ['cancelled', 'l1', 'CANCELLED', 'cancelled'],
    ['rejected', 'l2', 'REJECTED', 'rejected'],
    ['not found at the broker', 'l3', 'FAILED', 'failed (its entry was not found at the broker)'],
  ] as const)('order-service books a fill that arrives after the entry was %s: the trade re-opens and is protected like any other', async (_how, id, ended, words) => {
    await console_.request(Contracts.ArmTrade, call(id, { size: { by: 'contracts', contracts: 3 }, brokerProtectiveStop: { percentBelowEntry: 20 } }));
    if (ended === 'FAILED') world.answerUnknown.add(`${id}.entry.1`);
    await world.fire(world.armed.find((a) => a.owner.tradeId === id && a.owner.purpose === 'entry')!, 231.5);
    await world.until(() => world.placed.some((p) => p.orderRef === `${id}.entry.1`));
    const entry = world.placed.find((p) => p.orderRef === `${id}.entry.1`)!;
    if (ended === 'CANCELLED') await world.status(entry, 'cancelled');
    if (ended === 'REJECTED') await world.reject(entry, 201, 'Order rejected');
    if (ended === 'FAILED') await reached(id, 'SUBMIT_UNKNOWN');
    if (ended === 'FAILED') await world.notFound(entry);
    await reached(id, ended);

    await world.execute(entry, `${id}-late`, 2, 2.5);
    await reached(id, 'PROTECTED');
    const t = await trade(id);
    expect(t).toMatchObject({ filledQuantity: 2, openQuantity: 2, protectionOverdueAt: null, reason: `2 bought (execution ${id}-late) after the trade ${words}: the position is booked and protected` });
    expect(world.armed.find((a) => a.owner.tradeId === id && a.owner.purpose === 'stop')).toMatchObject({ level: 230.9, direction: 'below' });
    await world.until(() => world.placed.some((p) => p.orderRef === `${id}.guard.1`));
    expect(world.placed.find((p) => p.orderRef === `${id}.guard.1`)).toMatchObject({ side: 'SELL', quantity: 2, orderType: 'STP' });
    // Only 2 of 3 filled: whatever of the ended entry may still work at the broker is cancelled.
    expect(world.cancels).toContain(`${id}.entry.1`);
    const history = await console_.request(Contracts.GetTrade, { tradeId: id });
    const events = history.ok ? history.value.events : [];
    expect(events.find((e) => e.from === ended)).toMatchObject({ type: 'partially-filled', to: 'OPEN', detail: { fill: { execId: `${id}-late`, shares: 2 } } });
  }, 30_000);

  it('order-service books a sell filled after the trade closed: the trade shows the short, and FILL_AFTER_CLOSE is alerted', async () => {
    const alerts = await BusRecorder.start(admin, 'sys.alert.v1.>');
    await console_.request(Contracts.ArmTrade, call('s1', { size: { by: 'contracts', contracts: 2 } }));
    await world.fire(world.armed.find((a) => a.owner.tradeId === 's1' && a.owner.purpose === 'entry')!, 231.5);
    await world.until(() => world.placed.some((p) => p.orderRef === 's1.entry.1'));
    await world.execute(world.placed.find((p) => p.orderRef === 's1.entry.1')!, 's1-x1', 2, 2.5);
    await reached('s1', 'PROTECTED');
    await console_.request(Contracts.Flatten, { tradeId: 's1' });
    await world.until(() => world.placed.some((p) => p.orderRef === 's1.flat.1'));
    const flat = world.placed.find((p) => p.orderRef === 's1.flat.1')!;
    await world.execute(flat, 's1-y1', 2, 2.6);
    await reached('s1', 'CLOSED');
    // A second seller at the broker filled too (what never-two-sellers prevents; the books must still say so).
    await world.execute({ ...flat, orderRef: OrderRef.parse('s1.stop.1') }, 's1-y2', 2, 2.4);
    const alert = await alerts.waitFor((m) => (m.json as { code: string }).code === 'FILL_AFTER_CLOSE', 15_000);
    expect(alert.json).toMatchObject({ severity: 'critical', facts: { tradeId: 's1', execId: 's1-y2', shares: 2, shortQuantity: 2 } });
    expect(await trade('s1')).toMatchObject({ state: 'CLOSED', openQuantity: 0, shortQuantity: 2, filledQuantity: 2 });
    alerts.stop();
  }, 30_000);

  it('order-service refuses a call trigger that is not above the current price unless fired immediately', async () => {
    const r = await console_.request(Contracts.ArmTrade, call('b1', { trigger: { price: 229, source: 'last' } }));
    expect(r).toMatchObject({ ok: false, code: 'NOT_A_BREAKOUT' });
    const s = await console_.request(Contracts.ArmTrade, call('b2', { strike: 231 }));
    expect(s).toMatchObject({ ok: false, code: 'STRIKE_NOT_FOUND' });
  });

  it('order-service resets a finished trade: a new trade armed with its spec (or another trigger), naming it in resetFrom; the finished one untouched', async () => {
    await console_.request(Contracts.ArmTrade, call('r1', { size: { by: 'contracts', contracts: 2 } }));
    await console_.request(Contracts.CancelTrade, { tradeId: 'r1' });
    const finished = await trade('r1');

    const reset = await console_.request(Contracts.ResetTrade, { tradeId: 'r1', newTradeId: 'r1b' });
    expect(reset).toMatchObject({ ok: true, value: { tradeId: 'r1b', state: 'ARMED', resetFrom: 'r1', spec: finished.spec, stopLevel: 230.9 } });
    expect(triggerOf('r1b', 'entry')).toMatchObject({ triggerId: 'r1b-e1', level: 231.4, direction: 'above' });
    // Asked again (a retry), the same trade answers and nothing more is armed.
    expect(await console_.request(Contracts.ResetTrade, { tradeId: 'r1', newTradeId: 'r1b' })).toMatchObject({ ok: true, value: { tradeId: 'r1b', revision: reset.ok ? reset.value.revision : -1 } });
    expect(world.armed.filter((a) => a.owner.tradeId === 'r1b')).toHaveLength(1);
    expect(await trade('r1')).toEqual(finished);

    // At another trigger: the stop keeps its offset; a generated id when none is given.
    const moved = await console_.request(Contracts.ResetTrade, { tradeId: 'r1', triggerPrice: 231.8 });
    expect(moved).toMatchObject({ ok: true, value: { state: 'ARMED', resetFrom: 'r1', spec: { trigger: { price: 231.8 } }, stopLevel: 231.3 } });
    expect(moved.ok && moved.value.tradeId).not.toBe('r1b');
  });

  it('order-service refuses to reset a trade that is not finished, one it does not know, onto its own id, or at a trigger the market is already past; nothing is armed', async () => {
    await console_.request(Contracts.ArmTrade, call('r2'));
    await console_.request(Contracts.ArmTrade, call('r3'));
    await console_.request(Contracts.CancelTrade, { tradeId: 'r3' });
    const armedBefore = world.armed.length;
    expect(await console_.request(Contracts.ResetTrade, { tradeId: 'r2', newTradeId: 'r2b' })).toMatchObject({ ok: false, code: 'INVALID_STATE' });
    expect(await console_.request(Contracts.ResetTrade, { tradeId: 'r-none', newTradeId: 'r2c' })).toMatchObject({ ok: false, code: 'TRADE_NOT_FOUND' });
    expect(await console_.request(Contracts.ResetTrade, { tradeId: 'r3', newTradeId: 'r3' })).toMatchObject({ ok: false, code: 'INVALID_TRADE_ID' });
    // The underlying trades at 230.01: a call trigger at 229 is no breakout.
    expect(await console_.request(Contracts.ResetTrade, { tradeId: 'r3', newTradeId: 'r3b', triggerPrice: 229 })).toMatchObject({ ok: false, code: 'NOT_A_BREAKOUT' });
    expect(await console_.request(Contracts.ResetTrade, { tradeId: 'r3', triggerPrice: -1 })).toMatchObject({ ok: false, code: 'INVALID_REQUEST' });
    expect(world.armed.length).toBe(armedBefore);
    for (const id of ['r2b', 'r2c', 'r3b']) expect(await console_.request(Contracts.GetTrade, { tradeId: id })).toMatchObject({ ok: false, code: 'TRADE_NOT_FOUND' });
    expect(await trade('r2')).toMatchObject({ state: 'ARMED', resetFrom: null });
  });

  it('order-service cancels a premarket hit under the cancel policy', async () => {
    await console_.request(Contracts.ArmTrade, call('p1'));
    await world.fire(world.armed.find((a) => a.owner.tradeId === 'p1')!, 231.5, 'premarket');
    await reached('p1', 'CANCELLED');
    expect(world.placed.some((p) => p.orderRef.startsWith('p1.'))).toBe(false);
  });

  it('order-service rebases a premarket hit to the new level and re-arms it to fire if the price is already beyond it', async () => {
    await console_.request(Contracts.ArmTrade, call('p2', { premarketPolicy: 'rebase' }));
    const first = world.armed.find((a) => a.owner.tradeId === 'p2')!;
    await world.fire(first, 231.8, 'premarket');
    await recorder.waitFor((m) => m.subject === 'trade.evt.v1.p2' && (m.json as { type: string }).type === 'rebased', 15_000);
    const isRearm = (a: (typeof world.armed)[number]) => a.owner.tradeId === 'p2' && a.triggerId !== first.triggerId;
    await world.until(() => world.armed.some(isRearm));
    const rearmed = world.armed.find(isRearm)!;
    expect(rearmed).toMatchObject({ owner: { purpose: 'entry' }, direction: 'above', sessionScope: 'extended', ifMetOnArm: 'fire' });
    expect(rearmed.level).toBeGreaterThanOrEqual(231.8);
    expect((await trade('p2')).state).toBe('ARMED');
    expect(world.placed.some((p) => p.orderRef.startsWith('p2.'))).toBe(false);
  });

  it('order-service re-arms a stop found disarmed behind its back when the auditor asks, and only then', async () => {
    const auditor = new Bus(await nats.connectAs('auditor'), { service: 'auditor', instanceId: 'test-auditor', logger: createLogger({ service: 'auditor', instanceId: 'x', level: 'silent' }) });
    try {
      await protectedTrade('ep1');
      const first = triggerOf('ep1', 'stop');
      const ask = () => auditor.request(Contracts.EnsureProtection, { tradeId: 'ep1', lostTriggerId: first.triggerId, reason: 'auditor STOP_MISSING' });

      expect(await ask()).toEqual({ ok: true, value: { tradeId: 'ep1', outcome: 'already-live', stopTriggerId: first.triggerId } });
      expect(recorder.messages.filter((m) => m.subject === 'trade.evt.v1.ep1' && (m.json as TradeEvent).type === 'stop-lost')).toEqual([]);

      world.disarmedBehind.add(first.triggerId);
      const rearmed = await ask();
      const second = world.armed.filter((a) => a.owner.tradeId === 'ep1' && a.owner.purpose === 'stop').at(-1)!;
      expect(second.triggerId).not.toBe(first.triggerId);
      expect(rearmed).toEqual({ ok: true, value: { tradeId: 'ep1', outcome: 'rearmed', stopTriggerId: second.triggerId } });
      expect(second).toMatchObject({ conId: first.conId, level: first.level, direction: first.direction });
      const history = await console_.request(Contracts.GetTrade, { tradeId: 'ep1' });
      const tail = history.ok ? history.value.events.slice(-2) : [];
      expect(tail.map((e) => [e.type, e.from, e.to])).toEqual([['stop-lost', 'PROTECTED', 'OPEN'], ['protected', 'OPEN', 'PROTECTED']]);
      expect(tail[0]!.detail).toMatchObject({ stopTriggerId: first.triggerId, triggerStatus: 'disarmed' });
      expect(await trade('ep1')).toMatchObject({ state: 'PROTECTED', stopTriggerId: second.triggerId });

      // Asked again about the old trigger: the new one is live, nothing changes.
      expect(await ask()).toEqual({ ok: true, value: { tradeId: 'ep1', outcome: 'already-live', stopTriggerId: second.triggerId } });
      expect(await auditor.request(Contracts.EnsureProtection, { tradeId: 'nope', lostTriggerId: null, reason: 'x' })).toMatchObject({ ok: false, code: 'TRADE_NOT_FOUND' });
    } finally {
      await auditor.drain();
    }
  }, 60_000);

  it('order-service survives kill -9 between fire and fill and between fill and stop: nothing lost, nothing sent twice, protected', async () => {
    await console_.request(Contracts.ArmTrade, call('k1'));
    await world.fire(world.armed.find((a) => a.owner.tradeId === 'k1')!, 231.5);
    await world.until(() => world.placed.some((p) => p.orderRef === 'k1.entry.1'));
    await service.kill();
    service = await startService();
    const entry = world.placed.find((p) => p.orderRef === 'k1.entry.1')!;
    await world.execute(entry, 'k1-x1', 8, 2.5);
    await reached('k1', 'PROTECTED');

    await console_.request(Contracts.ArmTrade, call('k2'));
    await world.fire(world.armed.find((a) => a.owner.tradeId === 'k2')!, 231.5);
    await world.until(() => world.placed.some((p) => p.orderRef === 'k2.entry.1'));
    await service.kill();
    await world.execute(world.placed.find((p) => p.orderRef === 'k2.entry.1')!, 'k2-x1', 8, 2.5);
    service = await startService();
    await reached('k2', 'PROTECTED');

    const entryRefs = world.placed.filter((p) => p.orderRef.startsWith('k')).map((p) => p.orderRef);
    expect(new Set(entryRefs)).toEqual(new Set(['k1.entry.1', 'k2.entry.1']));
    expect(await trade('k2')).toMatchObject({ state: 'PROTECTED', openQuantity: 8, stopLevel: 230.9 });
  }, 60_000);
});
