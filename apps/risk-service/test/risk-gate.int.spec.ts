import { Contracts, type OrderRef } from '@arctrigger/contracts';
import { BusRecorder } from '@arctrigger/testkit';
import { checkRequest } from './support/builders';
import { check, checkClosingOfHeld, precheck, publishFill } from './support/bus-actors';
import { RiskFixture } from './support/risk-fixture';

const roomy = { RISK_MAX_NOTIONAL_PER_UNDERLYING: '1000000', RISK_MAX_OPEN_POSITIONS: '1000', RISK_MAX_ORDERS_PER_MINUTE: '1000' };

describe('risk gate over the bus (real nats-server)', () => {
  let fx: RiskFixture;
  afterEach(async () => fx?.stop());

  it('risk gate approves exactly as many of 50 concurrent checks as fit the daily cap, across two instances', async () => {
    fx = await RiskFixture.start({ env: { ...roomy, RISK_MAX_NOTIONAL_PER_DAY: '10000' }, instances: 2 });
    const orders = await fx.bus('order-service');

    // 50 × $1,000 against a $10,000 cap: exactly 10 fit.
    const decisions = await Promise.all(Array.from({ length: 50 }, () => check(orders, checkRequest({ quantity: 5, price: 2 }))));

    const approved = decisions.filter((d) => d.approved);
    const denied = decisions.filter((d) => !d.approved);
    expect(approved).toHaveLength(10);
    expect(denied.map((d) => (d.approved ? '' : d.code))).toEqual(Array(40).fill('DAILY_NOTIONAL_EXCEEDED'));
  });

  it('risk gate decides on one instance at a time: the standby answers nothing while the lease holder lives', async () => {
    fx = await RiskFixture.start({ env: { ...roomy, RISK_MAX_NOTIONAL_PER_DAY: '10000' }, instances: 2 });
    expect([fx.instance(0).decider.serving, fx.instance(1).decider.serving]).toEqual([true, false]);
  });

  it('risk gate standby takes over a killed decider once its lease runs out, with the book rebuilt from the logged decisions', async () => {
    // The snapshot is never written behind during the test: the killed decider's approvals are only in RISK_DECISIONS.
    fx = await RiskFixture.start({ env: { ...roomy, RISK_MAX_NOTIONAL_PER_DAY: '2000', RISK_BOOK_WRITE_INTERVAL_MS: '60000', RISK_DECIDER_LEASE_MS: '3000' }, instances: 2 });
    const orders = await fx.bus('order-service');
    const fire = () => {
      const request = checkRequest({ quantity: 1, price: 2 });
      return { ...request, checkId: `${request.tradeId}.entry.1`, orderRef: `${request.tradeId}.entry.1` as OrderRef };
    };
    // $200 each against $2,000: four approved by the first decider, then it is killed.
    for (let i = 0; i < 4; i++) expect(await check(orders, fire())).toMatchObject({ approved: true });
    await fx.crash(0);
    const standby = fx.instance(0);
    expect(standby.decider.serving).toBe(false);
    // Within the dead holder's lease nobody decides: a check is answered retryable, never approved.
    expect(await orders.request(Contracts.RiskCheckV2, { ...fire(), purpose: 'fire' })).toMatchObject({ ok: false, retryable: true });

    expect(await standby.takeOverIfFree()).toBe(false);
    fx.clock.advance(3_000);
    expect(await standby.takeOverIfFree()).toBe(true);
    const after = [];
    for (let i = 0; i < 8; i++) after.push(await check(orders, fire()));
    expect(after.filter((d) => d.approved)).toHaveLength(6);
    expect(after.slice(6)).toEqual([expect.objectContaining({ approved: false, code: 'DAILY_NOTIONAL_EXCEEDED' }), expect.objectContaining({ approved: false, code: 'DAILY_NOTIONAL_EXCEEDED' })]);
  });

  it('risk gate frees reserved notional when a reservation is released or expires', async () => {
    fx = await RiskFixture.start({ env: { ...roomy, RISK_MAX_NOTIONAL_PER_DAY: '2000', RISK_RESERVATION_TTL_MS: '60000' } });
    const orders = await fx.bus('order-service');
    const first = await check(orders, checkRequest({ quantity: 10, price: 2 }));
    expect(first.approved).toBe(true);
    expect(await check(orders, checkRequest())).toMatchObject({ approved: false, code: 'DAILY_NOTIONAL_EXCEEDED' });

    const released = await orders.request(Contracts.ReleaseReservation, { reservationId: first.approved ? first.reservationId : '', reason: 'cancelled' });
    expect(released).toEqual({ ok: true, value: { released: true } });
    const second = await check(orders, checkRequest({ quantity: 10, price: 2 }));
    expect(second.approved).toBe(true);

    fx.clock.advance(59_999);
    expect(await check(orders, checkRequest())).toMatchObject({ approved: false, code: 'DAILY_NOTIONAL_EXCEEDED' });
    fx.clock.advance(1);
    expect(await check(orders, checkRequest())).toMatchObject({ approved: true });
  });

  it('risk gate answers a repeated checkId with the same reservation instead of reserving twice', async () => {
    fx = await RiskFixture.start({ env: { ...roomy, RISK_MAX_NOTIONAL_PER_DAY: '2000' } });
    const orders = await fx.bus('order-service');
    const request = checkRequest({ quantity: 10, price: 2 });
    const [a, b] = [await check(orders, request), await check(orders, request)];
    expect(a).toEqual(b);
    expect(a.approved).toBe(true);
  });

  it('risk gate publishes the approval of a check with an orderRef on risk.decision, as it replied', async () => {
    fx = await RiskFixture.start({ env: roomy });
    const decisions = await BusRecorder.start(await fx.connect('admin'), 'risk.decision.v1.>');
    const orders = await fx.bus('order-service');
    const request = checkRequest({ tradeId: 'PUB1', orderRef: 'PUB1.entry.1', conId: 2002, quantity: 3, price: 1.5, ask: 1.55 });

    const reply = await check(orders, request);

    expect(reply).toMatchObject({ approved: true, reservationId: expect.any(String) });
    const event = await decisions.waitFor((m) => m.subject === 'risk.decision.v1.PUB1.entry.1');
    expect(event.json).toEqual({
      checkId: request.checkId, orderRef: 'PUB1.entry.1', tradeId: 'PUB1', conId: 2002, side: 'BUY',
      quantity: 3, price: 1.5, opening: true, decision: reply, decidedAt: fx.clock.now(), underlying: 'AAPL', multiplier: 100, decidedBy: 'risk-service-1',
    });
    // Exactly one: a later decision from the same publisher arrives after any second copy would have.
    await check(orders, checkRequest({ tradeId: 'PUB2', orderRef: 'PUB2.entry.1' }));
    await decisions.waitFor((m) => m.subject === 'risk.decision.v1.PUB2.entry.1');
    expect(decisions.messages.map((m) => m.subject)).toEqual(['risk.decision.v1.PUB1.entry.1', 'risk.decision.v1.PUB2.entry.1']);
    decisions.stop();
  });

  it('risk gate publishes the denial of a check with an orderRef with the code it replied', async () => {
    fx = await RiskFixture.start({ env: roomy });
    const decisions = await BusRecorder.start(await fx.connect('admin'), 'risk.decision.v1.>');
    const orders = await fx.bus('order-service');
    const request = checkRequest({ tradeId: 'DEN1', orderRef: 'DEN1.entry.2', quantity: 11, price: 1 });

    const reply = await check(orders, request);

    expect(reply).toMatchObject({ approved: false, code: 'QUANTITY_EXCEEDS_MAXIMUM' });
    const event = await decisions.waitFor((m) => m.subject === 'risk.decision.v1.DEN1.entry.2');
    expect(event.json).toEqual({
      checkId: request.checkId, orderRef: 'DEN1.entry.2', tradeId: 'DEN1', conId: 1001, side: 'BUY',
      quantity: 11, price: 1, opening: true, decision: reply, decidedAt: fx.clock.now(), underlying: 'AAPL', multiplier: 100, decidedBy: 'risk-service-1',
    });
    decisions.stop();
  });

  it('risk gate publishes no decision for a check without an orderRef', async () => {
    fx = await RiskFixture.start({ env: roomy });
    const decisions = await BusRecorder.start(await fx.connect('admin'), 'risk.decision.v1.>');
    const orders = await fx.bus('order-service');

    const approvedWithout = checkRequest({ tradeId: 'NOREF1' });
    const deniedWithout = checkRequest({ tradeId: 'NOREF2', quantity: 11 });
    expect(approvedWithout.orderRef).toBeUndefined();
    expect(await check(orders, approvedWithout)).toMatchObject({ approved: true });
    expect(await check(orders, deniedWithout)).toMatchObject({ approved: false, code: 'QUANTITY_EXCEEDS_MAXIMUM' });
    // One instance publishes everything on one connection, in order: a decision of either check
    // above would reach the recorder before the decision of this one.
    const marker = checkRequest({ tradeId: 'REF3', orderRef: 'REF3.entry.1' });
    expect(await check(orders, marker)).toMatchObject({ approved: true });
    await decisions.waitFor((m) => m.subject === 'risk.decision.v1.REF3.entry.1');

    expect(decisions.messages).toHaveLength(1);
    expect(decisions.messages[0]!.json).toMatchObject({ checkId: marker.checkId, orderRef: 'REF3.entry.1' });
    decisions.stop();
  });

  it('risk gate approves closing orders that the limits would refuse for an opening order, but never a sell larger than the position', async () => {
    fx = await RiskFixture.start({ env: { ...roomy } });
    const orders = await fx.bus('order-service');
    const closing = checkRequest({ opening: false, side: 'SELL', quantity: 500, price: 50, ask: null });
    expect(await check(orders, closing)).toMatchObject({ approved: false, code: 'CLOSING_EXCEEDS_POSITION', message: 'A closing sell of 500 is more than the 0 contracts held in conId 1001; it would open a short.' });
    expect(await checkClosingOfHeld(await fx.bus('gateway'), orders, closing, fx.clock.now())).toMatchObject({ approved: true });
    expect(await check(orders, { ...closing, opening: true, side: 'BUY', checkId: 'open-1' })).toMatchObject({ approved: false, code: 'QUANTITY_EXCEEDS_MAXIMUM' });
  });

  it('risk gate counts filled entry notional against the day once per execution and starts afresh when the day rolls', async () => {
    // 23:58 US/Eastern; the day rolls at midnight.
    fx = await RiskFixture.start({ env: { ...roomy, RISK_MAX_NOTIONAL_PER_DAY: '10000', RISK_ALLOW_OPTIONS_OUTSIDE_RTH: 'true' }, at: Date.parse('2026-03-11T03:58:00Z') });
    const orders = await fx.bus('order-service');
    const gateway = await fx.bus('gateway');
    const positions = await fx.bus('console');
    const approved = await check(orders, checkRequest({ tradeId: 'DAY1', orderRef: 'DAY1.entry.1', quantity: 10, price: 2 }));
    expect(approved.approved).toBe(true);
    const filled = await publishFill(gateway, { orderRef: 'DAY1.entry.1', conId: 1001, side: 'BUY', shares: 49, price: 2, at: fx.clock.now() });
    await waitForPosition(positions, 'DAY1', 49);
    // The same execution again past the stream's duplicate window (another Nats-Msg-Id), then a
    // closing fill; executions are handled in order, so once the sale shows the repeat was handled.
    await gateway.publishDurable(Contracts.Execution, filled, { params: { tradeId: 'DAY1' }, msgId: `${filled.execId}-again` });
    await publishFill(gateway, { orderRef: 'DAY1.stop.1', conId: 1001, side: 'SELL', shares: 1, price: 3, at: fx.clock.now() });
    await waitForPosition(positions, 'DAY1', 48);

    // $9,800 filled once (the fill consumed the $2,000 reservation; neither the repeat nor the sale
    // counts again): $200 fits, $200.01 does not.
    expect(await check(orders, checkRequest({ price: 2.0001, ask: 2.0001 }))).toMatchObject({ approved: false, code: 'DAILY_NOTIONAL_EXCEEDED' });
    expect(await check(orders, checkRequest({ price: 2 }))).toMatchObject({ approved: true });
    fx.clock.advance(2 * 60_000);
    expect(await check(orders, checkRequest({ quantity: 10, price: 2 }))).toMatchObject({ approved: true });
  });

  it('risk gate audits every limits change on RISK_EVENTS and applies it to the next check', async () => {
    fx = await RiskFixture.start({ env: roomy });
    const admin = await fx.connect('admin');
    const audit = await BusRecorder.start(admin, 'risk.evt.limits-changed.v1');
    const consoleBus = await fx.bus('console');
    const orders = await fx.bus('order-service');
    expect(await check(orders, checkRequest({ quantity: 10, price: 1 }))).toMatchObject({ approved: true });

    const changed = await consoleBus.request(Contracts.ChangeRiskLimits, { changes: { maxContractsPerOrder: 5 }, actor: 'alice' });

    expect(changed).toMatchObject({ ok: true, value: { version: 2, changedBy: 'alice', limits: { maxContractsPerOrder: 5, maxNotionalPerOrder: 2000 } } });
    const event = await audit.waitFor(() => true);
    expect(event.json).toMatchObject({ version: 2, actor: 'alice', changes: { maxContractsPerOrder: 5 }, previous: { maxContractsPerOrder: 10 }, current: { maxContractsPerOrder: 5 } });
    expect(event.headers['Nats-Msg-Id']).toBe('limits:2');
    expect(await check(orders, checkRequest({ quantity: 6, price: 1 }))).toMatchObject({ approved: false, code: 'QUANTITY_EXCEEDS_MAXIMUM' });
    expect(await check(orders, checkRequest({ quantity: 5, price: 1 }))).toMatchObject({ approved: true });
    audit.stop();
  });

  it.each([
    ['a negative value', { maxNotionalPerDay: -5 }, 'changes.maxNotionalPerDay'],
    ['a wrong type', { maxContractsPerOrder: 'ten' }, 'changes.maxContractsPerOrder'],
    ['an unknown key', { maxLeverage: 3 }, 'changes'],
    ['a fraction where a count is expected', { maxOpenPositions: 2.5 }, 'changes.maxOpenPositions'],
  ])('risk gate refuses a limits change with %s and changes nothing', async (_name, changes, path) => {
    fx = await RiskFixture.start({ env: roomy });
    const raw = await fx.connect('console');
    const consoleBus = await fx.bus('console');

    const msg = await raw.request('risk.cmd.limits.v1', JSON.stringify({ changes, actor: 'mallory' }), { timeout: 2000 });

    expect(msg.json()).toEqual({
      ok: false, code: 'INVALID_REQUEST', message: 'invalid risk.cmd.limits request',
      issues: expect.arrayContaining([{ path, message: expect.any(String) }]),
    });
    expect(await consoleBus.request(Contracts.GetRiskLimits, {})).toMatchObject({ ok: true, value: { version: 1, changedBy: 'configuration' } });
  });
});

async function waitForPosition(consoleBus: Awaited<ReturnType<RiskFixture['bus']>>, tradeId: string, quantity: number): Promise<void> {
  const { eventually } = await import('@arctrigger/testkit');
  await eventually(async () => {
    const view = await consoleBus.request(Contracts.GetPositions, { includeFlat: true });
    return view.ok && view.value.positions.some((p) => p.tradeId === tradeId && p.quantity === quantity);
  }, { what: `position ${tradeId} at ${quantity}` });
}

describe('arm-time pre-checks (risk.check.v2, purpose arm)', () => {
  let fx: RiskFixture;
  afterEach(async () => fx?.stop());

  it('arm-time pre-checks neither reserve notional nor use the orders-per-minute budget; fire-time checks do both', async () => {
    fx = await RiskFixture.start({ env: { ...roomy, RISK_MAX_ORDERS_PER_MINUTE: '3', RISK_MAX_NOTIONAL_PER_DAY: '3000' } });
    const orders = await fx.bus('order-service');
    // 20 pre-checks of $2,000 each: every one fits the $3,000 day alone, none reserves or counts.
    const prechecks = await Promise.all(Array.from({ length: 20 }, (_, i) => precheck(orders, checkRequest({ tradeId: `ARM${i}`, quantity: 10, price: 2 }))));
    expect(prechecks.every((d) => d.approved)).toBe(true);
    // The whole day and the whole minute are still there for the orders actually sent.
    expect(await check(orders, checkRequest({ tradeId: 'FIRE1', quantity: 10, price: 2 }))).toMatchObject({ approved: true });
    expect(await check(orders, checkRequest({ tradeId: 'FIRE2', quantity: 4, price: 2 }))).toMatchObject({ approved: true });
    expect(await check(orders, checkRequest({ tradeId: 'FIRE3', quantity: 1, price: 0.01, ask: 0.01 }))).toMatchObject({ approved: true });
    expect(await check(orders, checkRequest({ tradeId: 'FIRE4', quantity: 1, price: 0.01, ask: 0.01 }))).toMatchObject({ approved: false, code: 'ORDER_RATE_EXCEEDED' });
    // With the minute used up, arming still passes; what the fills and reservations use still counts.
    expect(await precheck(orders, checkRequest({ tradeId: 'ARM21', quantity: 1, price: 0.01, ask: 0.01 }))).toMatchObject({ approved: true });
    expect(await precheck(orders, checkRequest({ tradeId: 'ARM22', quantity: 1, price: 2 }))).toMatchObject({ approved: false, code: 'DAILY_NOTIONAL_EXCEEDED' });
  });

  it('an arm-time pre-check is still judged by the order limits', async () => {
    fx = await RiskFixture.start({ env: roomy });
    const orders = await fx.bus('order-service');
    expect(await precheck(orders, checkRequest({ quantity: 10_000, price: 0.01, ask: 0.01 }))).toMatchObject({ approved: false, code: 'QUANTITY_EXCEEDS_MAXIMUM' });
  });
});
