import { Contracts, KvBuckets, ok, TradingStateRecord, type DisarmTriggerCommand, type ListTriggersQuery, type OrderRef } from '@arctrigger/contracts';
import { TypedKv } from '@arctrigger/service-kit';
import { BusRecorder, eventually } from '@arctrigger/testkit';
import { checkRequest } from './support/builders';
import { check, checkClosingOfHeld, publishFill, tick, triggerView } from './support/bus-actors';
import { RiskFixture } from './support/risk-fixture';

const roomy = { RISK_MAX_NOTIONAL_PER_UNDERLYING: '1000000', RISK_MAX_OPEN_POSITIONS: '1000', RISK_MAX_ORDERS_PER_MINUTE: '1000' };

describe('trading state and kill switch (real nats-server)', () => {
  let fx: RiskFixture;
  afterEach(async () => fx?.stop());

  it('kill switch halts trading, disarms entry triggers only, cancels opening orders and reports both', async () => {
    fx = await RiskFixture.start({ env: roomy });
    const triggers = await fx.bus('trigger-service');
    const gateway = await fx.bus('gateway');
    const listed: ListTriggersQuery[] = [];
    const disarmed: DisarmTriggerCommand[] = [];
    triggers.reply(Contracts.ListTriggers, (q) => {
      listed.push(q);
      // A misbehaving list that also returns a stop: the kill switch must still leave it armed.
      return ok({ triggers: [triggerView('E1', 'T1', 'entry'), triggerView('E2', 'T2', 'entry', 'waiting-fresh-data'), triggerView('S1', 'T3', 'stop')] });
    });
    triggers.reply(Contracts.DisarmTrigger, (cmd) => {
      disarmed.push(cmd);
      return ok(triggerView(cmd.triggerId, 'T1', 'entry', 'disarmed'));
    });
    gateway.reply(Contracts.CancelOpeningOrders, () => ok({ cancelled: ['T7.entry.1' as OrderRef] }));
    await Promise.all([triggers.nc.flush(), gateway.nc.flush()]);
    const admin = await fx.connect('admin');
    const events = await BusRecorder.start(admin, 'risk.evt.trading-state.v1');
    const consoleBus = await fx.bus('console');

    const reply = await consoleBus.request(Contracts.SetTradingState, { state: 'HALTED', reason: 'desk stop', actor: 'alice' });

    expect(reply).toMatchObject({
      ok: true,
      value: { previous: 'ACTIVE', current: { state: 'HALTED', reason: 'desk stop', changedBy: 'alice' }, cancelledOrders: ['T7.entry.1'], disarmedTriggers: ['E1', 'E2'], failures: [] },
    });
    expect(listed).toEqual([{ purpose: 'entry', includeFinished: false }]);
    expect(disarmed.map((d) => d.triggerId).sort()).toEqual(['E1', 'E2']);
    const event = await events.waitFor(() => true);
    expect(event.json).toMatchObject({ current: { state: 'HALTED' }, cancelledOrders: ['T7.entry.1'], disarmedTriggers: ['E1', 'E2'] });
    // The gateway reads the state it re-checks before an opening order.
    const asGateway = await TypedKv.open(await fx.connect('gateway'), KvBuckets.TRADING_STATE, TradingStateRecord);
    expect((await asGateway.get('current'))?.value).toMatchObject({ state: 'HALTED', changedBy: 'alice' });
    const orders = await fx.bus('order-service');
    expect(await check(orders, checkRequest())).toMatchObject({ approved: false, code: 'TRADING_HALTED', message: 'Trading is halted: no new positions can be opened.' });
    expect(await checkClosingOfHeld(await fx.bus('gateway'), orders, checkRequest({ opening: false, side: 'SELL' }), fx.clock.now())).toMatchObject({ approved: true });
    events.stop();
  });

  it('kill switch still halts and reports what it could not do when nobody answers', async () => {
    fx = await RiskFixture.start({ env: roomy });
    const consoleBus = await fx.bus('console');

    const reply = await consoleBus.request(Contracts.SetTradingState, { state: 'HALTED', reason: 'test', actor: 'alice' });

    expect(reply).toMatchObject({ ok: true, value: { current: { state: 'HALTED' }, cancelledOrders: [], disarmedTriggers: [] } });
    const failures = reply.ok ? reply.value.failures.map((f) => `${f.step}:${f.code}`).sort() : [];
    expect(failures).toEqual(['cancel-opening-orders:NO_RESPONDERS', 'list-triggers:NO_RESPONDERS']);
  });

  it('only the risk-service may write the trading state', async () => {
    fx = await RiskFixture.start({ env: roomy });
    const asConsole = await TypedKv.open(await fx.connect('console'), KvBuckets.TRADING_STATE, TradingStateRecord);
    await expect(asConsole.put('current', { state: 'ACTIVE', reason: 'sneaky', changedBy: 'console', at: 1 })).rejects.toThrow();
  });

  it('REDUCING lets only closing orders through', async () => {
    fx = await RiskFixture.start({ env: roomy });
    const consoleBus = await fx.bus('console');
    const orders = await fx.bus('order-service');
    await consoleBus.request(Contracts.SetTradingState, { state: 'REDUCING', reason: 'end of day', actor: 'alice' });

    expect(await check(orders, checkRequest())).toMatchObject({ approved: false, code: 'REDUCING_ONLY' });
    expect(await checkClosingOfHeld(await fx.bus('gateway'), orders, checkRequest({ opening: false, side: 'SELL' }), fx.clock.now())).toMatchObject({ approved: true });
  });

  it('a realized loss reaching the daily limit moves trading to REDUCING', async () => {
    fx = await RiskFixture.start({ env: roomy });
    const admin = await fx.connect('admin');
    const events = await BusRecorder.start(admin, 'risk.evt.trading-state.v1');
    const gateway = await fx.bus('gateway');
    const orders = await fx.bus('order-service');
    await check(orders, checkRequest({ tradeId: 'L1', conId: 3003, underlying: 'MSFT' }));
    const at = fx.clock.now();

    await publishFill(gateway, { orderRef: 'L1.entry.1', conId: 3003, side: 'BUY', shares: 2, price: 3, at });
    await publishFill(gateway, { orderRef: 'L1.stop.1', conId: 3003, side: 'SELL', shares: 1, price: 0.51, at }); // −$249
    await publishFill(gateway, { orderRef: 'L1.stop.2', conId: 3003, side: 'SELL', shares: 1, price: 0.49, at }); // −$251: −$500 in all

    const event = await events.waitFor((m) => (m.json as { current: { state: string } }).current.state === 'REDUCING');
    expect(event.json).toMatchObject({ previous: 'ACTIVE', current: { changedBy: 'risk-service', reason: expect.stringContaining('daily realized loss $500.00 reached the limit of $500.00') } });
    expect(await check(orders, checkRequest())).toMatchObject({ approved: false, code: 'REDUCING_ONLY' });
    expect(await checkClosingOfHeld(await fx.bus('gateway'), orders, checkRequest({ opening: false, side: 'SELL' }), fx.clock.now())).toMatchObject({ approved: true });
    events.stop();
  });

  it('a loss reaching 80 % of the daily limit raises DAILY_LOSS_NEAR_LIMIT once, with its facts, and trading stays ACTIVE', async () => {
    fx = await RiskFixture.start({ env: roomy });
    const admin = await fx.connect('admin');
    const alerts = await BusRecorder.start(admin, 'sys.alert.v1.DAILY_LOSS_NEAR_LIMIT');
    const gateway = await fx.bus('gateway');
    const orders = await fx.bus('order-service');
    const consoleBus = await fx.bus('console');
    await check(orders, checkRequest({ tradeId: 'W1', conId: 3004, underlying: 'MSFT' }));
    const at = fx.clock.now();
    const realizedIs = (pnl: number) =>
      eventually(async () => {
        const view = await consoleBus.request(Contracts.GetPositions, { includeFlat: true });
        return view.ok && view.value.today.realized === pnl;
      }, { what: `realized P&L ${pnl}` });

    await publishFill(gateway, { orderRef: 'W1.entry.1', conId: 3004, side: 'BUY', shares: 3, price: 3, at });
    await publishFill(gateway, { orderRef: 'W1.stop.1', conId: 3004, side: 'SELL', shares: 1, price: 1.5, at }); // −$150: 30 %
    await realizedIs(-150);
    expect(alerts.messages).toEqual([]);
    await publishFill(gateway, { orderRef: 'W1.stop.2', conId: 3004, side: 'SELL', shares: 1, price: 0.5, at }); // −$400: 80 %

    const alert = await alerts.waitFor(() => true);
    expect(alert.json).toMatchObject({
      code: 'DAILY_LOSS_NEAR_LIMIT', severity: 'warning', active: true,
      facts: { limit: 'realized', loss: 400, limitDollars: 500, percent: 80 },
    });
    await publishFill(gateway, { orderRef: 'W1.stop.3', conId: 3004, side: 'SELL', shares: 1, price: 2.8, at }); // −$420: 84 %, warned already
    await realizedIs(-420);
    expect(alerts.messages).toHaveLength(1);
    expect(await check(orders, checkRequest({ tradeId: 'W2' }))).toMatchObject({ approved: true });
    alerts.stop();
  });

  it('an unrealized loss on a held contract moves trading to REDUCING and the positions view shows it', async () => {
    fx = await RiskFixture.start({ env: roomy });
    const admin = await fx.connect('admin');
    const events = await BusRecorder.start(admin, 'risk.evt.trading-state.v1');
    const gateway = await fx.bus('gateway');
    const orders = await fx.bus('order-service');
    const consoleBus = await fx.bus('console');
    await check(orders, checkRequest({ tradeId: 'U1', conId: 4004, underlying: 'NVDA' }));
    await publishFill(gateway, { orderRef: 'U1.entry.1', conId: 4004, side: 'BUY', shares: 2, price: 5, at: fx.clock.now() });
    await eventually(async () => {
      const v = await consoleBus.request(Contracts.GetPositions, { includeFlat: false });
      return v.ok && v.value.positions.length === 1;
    });
    // The position is quoted from md.tick.v1.4004 once held (no gateway: the lease request is tolerated).
    const tickAt = fx.clock.now();
    await eventually(async () => {
      gateway.publish(Contracts.MarketTick, tick(4004, 3.9, 4.1, tickAt), { params: { conId: 4004 }, trace: false });
      const v = await consoleBus.request(Contracts.GetPositions, { includeFlat: false });
      return v.ok && v.value.positions[0]?.mid === 4 ? v.value : undefined;
    });
    const view = await consoleBus.request(Contracts.GetPositions, { includeFlat: false });
    expect(view).toMatchObject({
      ok: true,
      value: {
        positions: [{ tradeId: 'U1', underlying: 'NVDA', quantity: 2, averageCost: 5, bid: 3.9, ask: 4.1, mid: 4, unrealizedPnl: -200, stale: false, greeks: { delta: 0.5 } }],
        byUnderlying: [{ underlying: 'NVDA', realized: 0, unrealized: -200, total: -200 }],
        today: { realized: 0, unrealized: -200, total: -200 },
      },
    });
    fx.clock.advance(15_001);
    expect(await consoleBus.request(Contracts.GetPositions, { includeFlat: false })).toMatchObject({ ok: true, value: { positions: [{ stale: true }] } });

    gateway.publish(Contracts.MarketTick, tick(4004, 0.9, 1.1, fx.clock.now()), { params: { conId: 4004 }, trace: false }); // −$800

    const event = await events.waitFor((m) => (m.json as { current: { state: string } }).current.state === 'REDUCING');
    expect(event.json).toMatchObject({ current: { reason: expect.stringContaining('realized + unrealized loss $800.00') } });
    events.stop();
  });

  it('a restart keeps limits, counters, reservations and trading state', async () => {
    fx = await RiskFixture.start({ env: { ...roomy, RISK_MAX_NOTIONAL_PER_DAY: '3000', RISK_MAX_ORDERS_PER_MINUTE: '3' } });
    const consoleBus = await fx.bus('console');
    const orders = await fx.bus('order-service');
    await consoleBus.request(Contracts.ChangeRiskLimits, { changes: { maxContractsPerOrder: 8 }, actor: 'alice' });
    const first = await check(orders, checkRequest({ quantity: 8, price: 2 })); // $1,600 reserved
    await check(orders, checkRequest({ quantity: 1, price: 2 })); // $200 reserved, 2 orders this minute

    await fx.restart();

    expect(await consoleBus.request(Contracts.GetRiskLimits, {})).toMatchObject({ ok: true, value: { version: 2, limits: { maxContractsPerOrder: 8 } } });
    // $1,800 still reserved: $1,200 fits, $1,200.01 does not.
    expect(await check(orders, checkRequest({ quantity: 6, price: 2.0000167, ask: 2.1 }))).toMatchObject({ approved: false, code: 'DAILY_NOTIONAL_EXCEEDED' });
    expect(await check(orders, checkRequest({ quantity: 6, price: 2 }))).toMatchObject({ approved: true });
    // The order-rate counter survived too: that was the 3rd approval this minute.
    expect(await check(orders, checkRequest({ price: 0.01, ask: 0.01 }))).toMatchObject({ approved: false, code: 'ORDER_RATE_EXCEEDED' });
    expect(await orders.request(Contracts.ReleaseReservation, { reservationId: first.approved ? first.reservationId : '', reason: 'filled' })).toEqual({ ok: true, value: { released: true } });
    await consoleBus.request(Contracts.SetTradingState, { state: 'REDUCING', reason: 'test', actor: 'alice' });

    await fx.restart();

    expect(await check(orders, checkRequest())).toMatchObject({ approved: false, code: 'REDUCING_ONLY' });
  });
});
