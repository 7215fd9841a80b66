/**
 * Trade lifecycle end to end (issue 7): a real nats-server, the TWS simulator, and the gateway,
 * trigger-service, risk-service and order-service as real processes. The console user arms trades
 * over the bus; the test moves the underlying at the simulator and follows the trade through its
 * TradeEvents and the simulator's orders, executions and positions.
 */
import { Contracts, type ArmTradeCommand, type TradeEvent, type TradeEventOf, type TradeEventType, type TradeId, type TradeView } from '@arctrigger/contracts';
import type { Bus } from '@arctrigger/service-kit';
import { BusRecorder, eventually, startOtlpCollector, type CollectedSpan, type OtlpCollector } from '@arctrigger/testkit';
import { SystemHarness } from './support/system-harness';

/** Tuesday 10:30 US/Eastern: regular session. */
const SESSION = '2026-11-24T15:30:00Z';
/** The Friday weekly of that week (day after Thanksgiving: an early close, still an expiry). */
const EXPIRY = '20261127';

const CON_IDS = { AAPL: 265598, MSFT: 272093, NVDA: 4815747, AMD: 4391, TSLA: 76792991, META: 107113386 };
type Symbol_ = keyof typeof CON_IDS;

const stock = (symbol: Symbol_, price: number) => ({
  symbol, conId: CON_IDS[symbol], primaryExchange: 'NASDAQ' as const, price, script: [{ at: 0, price }],
});

describe('trade lifecycle end to end', () => {
  let system: SystemHarness;
  let console_: Bus;
  let events: BusRecorder;
  let collector: OtlpCollector;

  beforeAll(async () => {
    collector = await startOtlpCollector();
    const otel = { OTEL_EXPORTER_OTLP_ENDPOINT: collector.endpoint };
    system = await SystemHarness.start({
      services: ['gateway', 'trigger-service', 'risk-service', 'order-service'],
      clockShiftMs: Date.parse(SESSION) - Date.now(),
      sim: {
        scenario: {
          tickIntervalMs: 50,
          stocks: [stock('AAPL', 230), stock('MSFT', 420), stock('NVDA', 180), stock('AMD', 150), stock('TSLA', 350), stock('META', 600)],
        },
      },
      env: {
        gateway: otel,
        'trigger-service': otel,
        'order-service': otel,
        'risk-service': {
          ...otel, RISK_MAX_NOTIONAL_PER_UNDERLYING: '50000', RISK_MAX_NOTIONAL_PER_DAY: '500000', RISK_MAX_NOTIONAL_PER_ORDER: '20000',
          RISK_MAX_ORDERS_PER_MINUTE: '1000', RISK_DAILY_REALIZED_LOSS_LIMIT: '100000', RISK_DAILY_TOTAL_LOSS_LIMIT: '100000',
        },
      },
    });
    console_ = await system.bus('console');
    events = await BusRecorder.start(system.admin, 'trade.evt.v1.>');
  }, 90_000);

  afterAll(async () => {
    events?.stop();
    await system?.stop();
    await collector?.close();
  });

  const sim = () => system.sim!;
  const eventOf = <T extends TradeEventType>(tradeId: string, type: T, timeoutMs = 15_000) =>
    events.waitFor((m) => (m.json as TradeEvent).tradeId === tradeId && (m.json as TradeEvent).type === type, timeoutMs).then((m) => m.json as TradeEventOf<T>);
  const guardUpdate = (m: { json: unknown }) => (m.json as TradeEventOf<'guard-updated'>).detail;
  /**
   * Moves a stock and waits until the gateway's quote shows the move (or it holds no line, which
   * starts at the simulator's price): an arm right after must judge its breakout on the new price,
   * not on the last tick of an earlier test.
   */
  const moveTo = async (symbol: Symbol_, price: number) => {
    sim().setPrice(symbol, price);
    await eventually(async () => {
      const quote = await console_.request(Contracts.QuoteSnapshot, { conId: CON_IDS[symbol] });
      return quote.ok ? quote.value.last === price : quote.code === 'NO_QUOTE';
    }, { what: `${symbol} at ${price} at the gateway` });
  };
  const historyOf = (tradeId: string) => events.messages.map((m) => m.json as TradeEvent).filter((e) => e.tradeId === tradeId);
  const arm = async (cmd: ArmTradeCommand): Promise<TradeView> => {
    const reply = await console_.request(Contracts.ArmTrade, cmd, { timeoutMs: 10_000 });
    if (!reply.ok) throw new Error(`arm refused: ${reply.code} ${reply.message}`);
    return reply.value;
  };
  const trade = async (tradeId: TradeId): Promise<TradeView> => {
    const reply = await console_.request(Contracts.GetTrade, { tradeId });
    if (!reply.ok) throw new Error(`${reply.code} ${reply.message}`);
    return reply.value.trade;
  };
  const spec = (tradeId: string, over: Partial<ArmTradeCommand>): ArmTradeCommand => ({
    tradeId: tradeId as TradeId, symbol: 'AAPL', right: 'CALL', expiry: EXPIRY, strike: 'ATM', trigger: { price: 231.4, source: 'last' },
    size: { by: 'contracts', contracts: 3 }, entry: { type: 'LMT', offset: 0.05 }, stopLoss: { mode: 'offset', offset: 0.5 },
    takeProfit: {}, premarketPolicy: 'hold', fireImmediately: false, ...over,
  });
  const command = async <T>(reply: Promise<{ ok: true; value: T } | { ok: false; code: string; message: string }>): Promise<T> => {
    const r = await reply;
    if (!r.ok) throw new Error(`${r.code} ${r.message}`);
    return r.value;
  };
  const ordersOf = (tradeId: string) => sim().orders().filter((o) => o.orderRef.startsWith(`${tradeId}.`));
  const executionsOf = (tradeId: string) => sim().executions().filter((e) => e.orderRef.startsWith(`${tradeId}.`));
  const cash = (tradeId: string) =>
    executionsOf(tradeId).reduce((sum, e) => sum + (e.side === 'SLD' ? 1 : -1) * e.shares * e.price * 100, 0);
  const commissions = (tradeId: string) => executionsOf(tradeId).reduce((sum, e) => sum + e.commission, 0);
  /** Every execution's commission report has reached the trade (they come on their own consumer). */
  const commissionsRecorded = (tradeId: string) =>
    events.waitFor(() => historyOf(tradeId).filter((e) => e.type === 'commission-charged').length >= executionsOf(tradeId).length);
  const tickOf = (price: number) => (price < 3 ? 0.01 : 0.05);
  const onGrid = (price: number) => Math.abs(price / tickOf(price) - Math.round(price / tickOf(price))) < 1e-6;

  it('a CALL with a LMT entry fires above the trigger, fills, is protected, and the stop sells exactly the filled quantity', async () => {
    await moveTo('AAPL', 230);
    const armed = await arm({
      tradeId: 'call-lmt' as TradeId, symbol: 'AAPL', right: 'CALL', expiry: EXPIRY, strike: 'ATM', trigger: { price: 231.4, source: 'last' },
      size: { by: 'contracts', contracts: 3 }, entry: { type: 'LMT', offset: 0.05 }, stopLoss: { mode: 'offset', offset: 0.5 },
      takeProfit: {}, premarketPolicy: 'hold', fireImmediately: false,
    });
    expect(armed).toMatchObject({ state: 'ARMED', stopLevel: 230.9 });

    sim().setPrice('AAPL', 231.2);
    sim().setPrice('AAPL', 231.5);
    const fired = await eventOf('call-lmt', 'fired');
    expect(fired.detail).toMatchObject({ price: 231.5, session: 'regular' });
    await eventOf('call-lmt', 'filled');
    const protectedEvent = await eventOf('call-lmt', 'protected');
    expect(protectedEvent.detail).toMatchObject({ stopLevel: 230.9 });
    const stops = await command((await system.bus('order-service')).request(Contracts.ListTriggers, { includeFinished: false }));
    expect(stops.triggers.find((t) => t.triggerId === protectedEvent.detail.stopTriggerId)).toMatchObject({
      owner: { tradeId: 'call-lmt', purpose: 'stop' }, level: 230.9, direction: 'below', status: 'armed',
    });

    const [entry] = ordersOf('call-lmt');
    expect(entry).toMatchObject({ orderRef: 'call-lmt.entry.1', action: 'BUY', orderType: 'LMT', totalQuantity: 3, state: 'Filled' });
    const [bought] = executionsOf('call-lmt');
    expect(onGrid(entry!.lmtPrice!)).toBe(true);
    // Filled at the touch (the ask): the limit is that ask + 0.05, on a valid tick, never below.
    expect(entry!.lmtPrice!).toBeGreaterThanOrEqual(bought!.price + 0.05 - 1e-9);
    expect(entry!.lmtPrice! - (bought!.price + 0.05)).toBeLessThan(tickOf(entry!.lmtPrice!) + 1e-9);

    sim().setPrice('AAPL', 231.0);
    sim().setPrice('AAPL', 230.8);
    const closed = await eventOf('call-lmt', 'closed');
    expect(closed.to).toBe('CLOSED');

    const sells = executionsOf('call-lmt').filter((e) => e.side === 'SLD');
    expect(sells.reduce((s, e) => s + e.shares, 0)).toBe(3);
    expect(ordersOf('call-lmt').map((o) => [o.orderRef, o.action, o.orderType, o.totalQuantity, o.state])).toEqual([
      ['call-lmt.entry.1', 'BUY', 'LMT', 3, 'Filled'],
      ['call-lmt.stop.1', 'SELL', 'MKT', 3, 'Filled'],
    ]);
    const conId = entry!.instrument.conId;
    expect(sim().positions().find((p) => p.instrument.conId === conId)?.quantity ?? 0).toBe(0);
    await commissionsRecorded('call-lmt');
    const final = await trade('call-lmt' as TradeId);
    expect(final).toMatchObject({ state: 'CLOSED', filledQuantity: 3, openQuantity: 0 });
    expect(final.realizedPnl).toBeCloseTo(cash('call-lmt') - commissions('call-lmt'), 2);
    expect(historyOf('call-lmt').map((e) => e.to)).toEqual(expect.arrayContaining(['ARMED', 'FIRED', 'SUBMITTING', 'OPEN', 'PROTECTED', 'EXITING', 'CLOSED']));
  }, 60_000);
  it('an LMT entry below the market is repriced one tick at a time, then cancelled by its own reprice policy (and says so); nothing stays at the broker', async () => {
    await moveTo('MSFT', 420);
    await arm(spec('lmt-unfilled', {
      symbol: 'MSFT', trigger: { price: 420.6, source: 'last' }, size: { by: 'contracts', contracts: 1 }, entry: { type: 'LMT', offset: -0.5 },
      reprice: { afterSeconds: 1, maxSteps: 2, cancelAfterLastStep: true },
    }));
    sim().setPrice('MSFT', 420.8);
    await eventOf('lmt-unfilled', 'accepted');
    const repriced = [await eventOf('lmt-unfilled', 'repriced'), await events.waitFor((m) => (m.json as TradeEvent).tradeId === 'lmt-unfilled' && (m.json as TradeEventOf<'repriced'>).detail?.step === 2).then((m) => m.json as TradeEventOf<'repriced'>)];
    const cancelled = await eventOf('lmt-unfilled', 'cancelled');
    expect(cancelled.detail.reason).toBe("not filled after 2 reprice step(s): cancelled by the entry's reprice policy");
    const [entry] = ordersOf('lmt-unfilled');
    // Two steps of one tick each above the first limit, and the last limit is what the broker held.
    expect(repriced.map((r) => r.detail.step)).toEqual([1, 2]);
    expect(entry).toMatchObject({ orderRef: 'lmt-unfilled.entry.1', state: 'Cancelled', filled: 0, lmtPrice: repriced[1]!.detail.limitPrice });
    expect(repriced[1]!.detail.limitPrice - repriced[0]!.detail.limitPrice).toBeCloseTo(tickOf(repriced[0]!.detail.limitPrice), 6);
    expect(ordersOf('lmt-unfilled')).toHaveLength(1);
    expect(await trade('lmt-unfilled' as TradeId)).toMatchObject({ state: 'CANCELLED', filledQuantity: 0 });
  }, 60_000);

  it('a PUT breakdown with a MKT entry fires below the trigger, buys the put at market, and is stopped out above', async () => {
    await moveTo('NVDA', 180);
    await arm(spec('put-mkt', {
      symbol: 'NVDA', right: 'PUT', trigger: { price: 179, source: 'last' }, size: { by: 'contracts', contracts: 2 }, entry: { type: 'MKT' }, stopLoss: { mode: 'offset', offset: 0.6 },
    }));
    sim().setPrice('NVDA', 179.2);
    sim().setPrice('NVDA', 178.9);
    expect((await eventOf('put-mkt', 'fired')).detail).toMatchObject({ price: 178.9 });
    expect((await eventOf('put-mkt', 'protected')).detail).toMatchObject({ stopLevel: 179.6 });
    const [entry] = ordersOf('put-mkt');
    expect(entry).toMatchObject({ action: 'BUY', orderType: 'MKT', totalQuantity: 2, state: 'Filled', lmtPrice: undefined });
    expect(entry!.instrument).toMatchObject({ secType: 'OPT', right: 'P' });

    sim().setPrice('NVDA', 179.7);
    await eventOf('put-mkt', 'closed');
    expect(ordersOf('put-mkt').map((o) => [o.orderRef, o.action, o.totalQuantity, o.state])).toEqual([
      ['put-mkt.entry.1', 'BUY', 2, 'Filled'],
      ['put-mkt.stop.1', 'SELL', 2, 'Filled'],
    ]);
    await commissionsRecorded('put-mkt');
    const final = await trade('put-mkt' as TradeId);
    expect(final).toMatchObject({ state: 'CLOSED', filledQuantity: 2, openQuantity: 0 });
    expect(final.realizedPnl).toBeCloseTo(cash('put-mkt') - commissions('put-mkt'), 2);
    expect(final.totalCommission).toBeCloseTo(commissions('put-mkt'), 2);
  }, 60_000);

  it.each([
    { tradeId: 'budget-call', symbol: 'AAPL' as const, right: 'CALL' as const, at: 230, trigger: 230.6, cross: 230.8, budget: 2000 },
    { tradeId: 'budget-put', symbol: 'NVDA' as const, right: 'PUT' as const, at: 180, trigger: 179.4, cross: 179.2, budget: 1500 },
  ])('a budget-sized $right arms in regular hours and buys floor(budget / (limit × 100)) contracts at the simulator', async ({ tradeId, symbol, right, at, trigger, cross, budget }) => {
    await moveTo(symbol, at);
    const armed = await arm(spec(tradeId, { symbol, right, trigger: { price: trigger, source: 'last' }, size: { by: 'budget', dollars: budget }, entry: { type: 'LMT', offset: 0.05 } }));
    expect(armed).toMatchObject({ state: 'ARMED', spec: { size: { by: 'budget', dollars: budget } } });

    sim().setPrice(symbol, cross);
    await eventOf(tradeId, 'protected');
    const [entry] = ordersOf(tradeId);
    expect(entry).toMatchObject({ action: 'BUY', orderType: 'LMT', state: 'Filled' });
    expect(entry!.totalQuantity).toBe(Math.floor(budget / (entry!.lmtPrice! * 100)));
    expect(entry!.totalQuantity).toBeGreaterThanOrEqual(1);
    expect(await trade(tradeId as TradeId)).toMatchObject({ state: 'PROTECTED', openQuantity: entry!.totalQuantity });

    await command(console_.request(Contracts.Flatten, { tradeId }));
    await eventOf(tradeId, 'closed');
    expect(executionsOf(tradeId).filter((e) => e.side === 'SLD').reduce((s, e) => s + e.shares, 0)).toBe(entry!.totalQuantity);
  }, 60_000);

  it('a partial fill is protected at once; cancelling the rest leaves exactly the filled contracts, which flatten sells', async () => {
    await moveTo('AMD', 150);
    await arm(spec('partial', { symbol: 'AMD', trigger: { price: 151, source: 'last' }, size: { by: 'contracts', contracts: 6 }, entry: { type: 'LMT', offset: 0.1 } }));
    sim().faults.stallNextOrderAfter(2);
    sim().setPrice('AMD', 151.2);
    await eventOf('partial', 'partially-filled');
    const protectedWhilePartial = await eventOf('partial', 'protected');
    expect(protectedWhilePartial).toMatchObject({ from: 'PARTIALLY_FILLED', to: 'PARTIALLY_FILLED', detail: { stopLevel: 150.5 } });
    expect(ordersOf('partial')[0]).toMatchObject({ totalQuantity: 6, filled: 2, state: 'Submitted' });

    await command(console_.request(Contracts.CancelTrade, { tradeId: 'partial' }));
    const rest = await eventOf('partial', 'remainder-cancelled');
    expect(rest.to).toBe('OPEN');
    await events.waitFor((m) => (m.json as TradeEvent).tradeId === 'partial' && (m.json as TradeEvent).to === 'PROTECTED');
    expect(await trade('partial' as TradeId)).toMatchObject({ state: 'PROTECTED', filledQuantity: 2, openQuantity: 2, entryQuantity: 6 });

    await command(console_.request(Contracts.Flatten, { tradeId: 'partial' }));
    await eventOf('partial', 'closed');
    const sold = executionsOf('partial').filter((e) => e.side === 'SLD');
    expect(sold.map((e) => [e.orderRef, e.shares])).toEqual([['partial.flat.1', 2]]);
    expect(ordersOf('partial').map((o) => [o.orderRef, o.state, o.filled])).toEqual([
      ['partial.entry.1', 'Cancelled', 2],
      ['partial.flat.1', 'Filled', 2],
    ]);
  }, 60_000);

  it('a broker rejection ends the trade REJECTED with the broker reason and nothing at the broker working', async () => {
    await moveTo('AMD', 150);
    await arm(spec('rejected', { symbol: 'AMD', trigger: { price: 150.5, source: 'last' } }));
    sim().faults.rejectNextOrder(201, 'Order rejected - reason: no trading permissions for this option');
    sim().setPrice('AMD', 150.6);
    const rejected = await events.waitFor((m) => (m.json as TradeEvent).tradeId === 'rejected' && (m.json as TradeEvent).to === 'REJECTED');
    expect(JSON.stringify((rejected.json as TradeEvent).detail)).toContain('no trading permissions for this option');
    const final = await trade('rejected' as TradeId);
    expect(final).toMatchObject({ state: 'REJECTED', filledQuantity: 0, openQuantity: 0, stopTriggerId: null });
    expect(final.reason).toContain('no trading permissions for this option');
    expect(ordersOf('rejected').every((o) => o.state === 'Inactive' || o.state === 'Cancelled')).toBe(true);
    expect(executionsOf('rejected')).toEqual([]);
  }, 60_000);

  it('breakeven moves the stop to the trigger, a 20 % take-profit sells a fifth of the original quantity, flatten sells the rest', async () => {
    await moveTo('TSLA', 350);
    await arm(spec('manage', { symbol: 'TSLA', trigger: { price: 351, source: 'last' }, size: { by: 'contracts', contracts: 10 }, stopLoss: { mode: 'offset', offset: 3 } }));
    sim().setPrice('TSLA', 351.5);
    await events.waitFor((m) => (m.json as TradeEvent).tradeId === 'manage' && (m.json as TradeEvent).to === 'PROTECTED');

    const moved = await command(console_.request(Contracts.Breakeven, { tradeId: 'manage' }));
    expect(moved).toMatchObject({ stopLevel: 351 });
    const orders = await system.bus('order-service');
    const triggers = await command(orders.request(Contracts.ListTriggers, { includeFinished: false }));
    expect(triggers.triggers.find((t) => t.triggerId === moved.stopTriggerId)).toMatchObject({ level: 351, direction: 'below', status: 'armed' });

    await command(console_.request(Contracts.TakeProfit, { tradeId: 'manage', percent: 20 }));
    await events.waitFor((m) => (m.json as TradeEvent).tradeId === 'manage' && (m.json as TradeEvent).type === 'exit-done');
    expect(await trade('manage' as TradeId)).toMatchObject({ state: 'PROTECTED', filledQuantity: 10, openQuantity: 8 });

    await command(console_.request(Contracts.Flatten, { tradeId: 'manage' }));
    await eventOf('manage', 'closed');
    expect(executionsOf('manage').filter((e) => e.side === 'SLD').map((e) => [e.orderRef, e.shares])).toEqual([['manage.tp.1', 2], ['manage.flat.1', 8]]);
    await commissionsRecorded('manage');
    const final = await trade('manage' as TradeId);
    expect(final.realizedPnl).toBeCloseTo(cash('manage') - commissions('manage'), 2);
    // The stop trigger is disarmed once the position is flat.
    const after = await command(orders.request(Contracts.ListTriggers, { includeFinished: true }));
    expect(after.triggers.find((t) => t.triggerId === moved.stopTriggerId)?.status).toBe('disarmed');
  }, 60_000);

  it('the broker-side protective stop shares one OCA group with the exits: a take-profit first makes it smaller (never two sellers), the take-profit fill cancels it, it is re-placed for the rest, and its own fill closes the trade', async () => {
    await moveTo('MSFT', 420);
    await arm(spec('guarded', {
      symbol: 'MSFT', trigger: { price: 421, source: 'last' }, size: { by: 'contracts', contracts: 5 }, stopLoss: { mode: 'offset', offset: 20 },
      brokerProtectiveStop: { percentBelowEntry: 15 },
    }));
    sim().setPrice('MSFT', 421.5);
    await events.waitFor((m) => (m.json as TradeEvent).tradeId === 'guarded' && (m.json as TradeEvent).type === 'guard-updated' && guardUpdate(m).status === 'accepted');
    const view = await trade('guarded' as TradeId);
    const group = () => sim().ocaGroup('oca-guarded').map((o) => [o.orderRef, o.action, o.orderType, o.totalQuantity, o.state]);
    const guard1 = sim().ocaGroup('oca-guarded')[0]!;
    expect(guard1).toMatchObject({ orderRef: 'guarded.guard.1', action: 'SELL', orderType: 'STP', totalQuantity: 5, ocaType: 1 });
    expect(guard1.auxPrice!).toBeGreaterThanOrEqual(view.avgEntryPrice! * 0.85 - 1e-9);
    expect(guard1.auxPrice! - view.avgEntryPrice! * 0.85).toBeLessThan(tickOf(guard1.auxPrice!) + 1e-9);
    expect(onGrid(guard1.auxPrice!)).toBe(true);

    await command(console_.request(Contracts.TakeProfit, { tradeId: 'guarded', percent: 20 }));
    await events.waitFor((m) => (m.json as TradeEvent).tradeId === 'guarded' && (m.json as TradeEvent).type === 'guard-updated'
      && guardUpdate(m).orderRef === 'guarded.guard.2' && guardUpdate(m).status === 'accepted');
    expect(group()).toEqual([
      ['guarded.guard.1', 'SELL', 'STP', 4, 'Cancelled'],
      ['guarded.tp.1', 'SELL', 'MKT', 1, 'Filled'],
      ['guarded.guard.2', 'SELL', 'STP', 4, expect.stringMatching(/Submitted/)],
    ]);

    // The option falls through the protective stop (the stop on the underlying, at 401, is far away).
    sim().setPrice('MSFT', 417);
    await eventOf('guarded', 'closed');
    expect(group()).toEqual([
      ['guarded.guard.1', 'SELL', 'STP', 4, 'Cancelled'],
      ['guarded.tp.1', 'SELL', 'MKT', 1, 'Filled'],
      ['guarded.guard.2', 'SELL', 'STP', 4, 'Filled'],
    ]);
    const sold = executionsOf('guarded').filter((e) => e.side === 'SLD');
    expect(sold.reduce((sum, e) => sum + e.shares, 0)).toBe(5);
    expect(sim().positions().find((p) => p.instrument.conId === guard1.instrument.conId)?.quantity ?? 0).toBe(0);
    expect(await trade('guarded' as TradeId)).toMatchObject({ state: 'CLOSED', openQuantity: 0, filledQuantity: 5 });
  }, 60_000);
  it('a stop-out with the protective stop working sells once: the closing exit joins the OCA group and its fill cancels the guard', async () => {
    await moveTo('AMD', 150);
    await arm(spec('guard-stop', {
      symbol: 'AMD', trigger: { price: 150.8, source: 'last' }, size: { by: 'contracts', contracts: 3 }, stopLoss: { mode: 'offset', offset: 0.4 },
      brokerProtectiveStop: { percentBelowEntry: 50 },
    }));
    sim().setPrice('AMD', 151);
    await events.waitFor((m) => (m.json as TradeEvent).tradeId === 'guard-stop' && (m.json as TradeEvent).type === 'guard-updated' && guardUpdate(m).status === 'accepted');
    expect(sim().ocaGroup('oca-guard-stop').map((o) => [o.orderRef, o.totalQuantity, o.state])).toEqual([['guard-stop.guard.1', 3, expect.stringMatching(/Submitted/)]]);

    sim().setPrice('AMD', 150.3);
    await eventOf('guard-stop', 'closed');
    expect(sim().ocaGroup('oca-guard-stop').map((o) => [o.orderRef, o.orderType, o.totalQuantity, o.state])).toEqual([
      ['guard-stop.guard.1', 'STP', 3, 'Cancelled'],
      ['guard-stop.stop.1', 'MKT', 3, 'Filled'],
    ]);
    expect(executionsOf('guard-stop').filter((e) => e.side === 'SLD').map((e) => [e.orderRef, e.shares])).toEqual([['guard-stop.stop.1', 3]]);
    await events.waitFor((m) => (m.json as TradeEvent).tradeId === 'guard-stop' && (m.json as TradeEvent).type === 'guard-updated' && guardUpdate(m).status === 'ended');
    expect((await trade('guard-stop' as TradeId)).exits.map((x) => [x.orderRef, x.status])).toEqual([['guard-stop.guard.1', 'ended'], ['guard-stop.stop.1', 'ended']]);
  }, 60_000);

  it('the exported spans of one trade form a single trace from the trigger firing to the fill across every service', async () => {
    await moveTo('AAPL', 230.8);
    await arm(spec('traced', { trigger: { price: 231.6, source: 'last' }, size: { by: 'contracts', contracts: 1 } }));
    const places = await BusRecorder.start(system.admin, Contracts.PlaceOrderOnApproval.subject);
    sim().setPrice('AAPL', 231.7);
    await eventOf('traced', 'protected');
    // The trace the entry placement travelled in (W3C traceparent: 00-<trace id>-<span id>-<flags>).
    const placement = await places.waitFor((m) => (m.json as { orderRef: string }).orderRef === 'traced.entry.1');
    places.stop();
    const traceId = placement.headers.traceparent!.split('-')[1];
    // Every span asserted on below; each service exports in batches, so wait for all of them and
    // for every parent of a span already exported.
    const wanted = [
      'trigger-service trigger fire', 'order-service trg.firing receive', 'order-service trg.evt receive', 'order-service trg.evt process',
      'order-service risk.check request', 'risk-service risk.check handle', 'gateway risk.decision receive',
      'order-service gw.order.cmd.place-on-approval request', 'gateway gw.order.cmd.place-on-approval handle',
      'order-service trade fill', 'order-service trg.cmd.arm request', 'trigger-service trg.cmd.arm handle',
    ];
    const traceOf = (all: CollectedSpan[]) => all.filter((x) => x.traceId === traceId);
    const complete = (spans: CollectedSpan[]) => {
      const ids = new Set(spans.map((x) => x.spanId));
      return wanted.every((w) => spans.some((x) => `${x.service} ${x.name}` === w))
        && spans.every((x) => x.parentSpanId === undefined || ids.has(x.parentSpanId));
    };
    const trace = traceOf(await collector.waitFor((all) => complete(traceOf(all)), 10_000));
    const one = (service: string, name: string) => {
      const found = trace.filter((x) => x.service === service && x.name === name);
      expect(found.map((x) => `${x.service} ${x.name}`)).toEqual([`${service} ${name}`]);
      return found[0]!;
    };
    const fire = one('trigger-service', 'trigger fire');
    const riskRequest = one('order-service', 'risk.check request');
    const placeRequest = one('order-service', 'gw.order.cmd.place-on-approval request');
    // The trade fires on the `trg.firing` notice, sent beside the fire's compare-and-set: the risk
    // check, the placement and the fill hang off it. The fired event then reaches the order-service
    // as published (`receive`) and again from the stream (`process`), where the trade is no longer
    // ARMED: both are children of the firing too.
    const notice = one('order-service', 'trg.firing receive');
    expect(notice.parentSpanId).toBe(fire.spanId);
    expect(riskRequest.parentSpanId).toBe(notice.spanId);
    expect(trace.filter((x) => x.service === 'order-service' && x.name === 'trg.evt receive').map((x) => x.parentSpanId)).toContain(fire.spanId);
    expect(trace.some((x) => x.service === 'order-service' && x.name === 'trg.evt process' && x.parentSpanId === fire.spanId)).toBe(true);
    const riskCheck = one('risk-service', 'risk.check handle');
    const place = one('gateway', 'gw.order.cmd.place-on-approval handle');
    const fill = one('order-service', 'trade fill');
    expect(new Set(trace.map((x) => x.service))).toEqual(new Set(['trigger-service', 'order-service', 'risk-service', 'gateway']));
    expect(fire.parentSpanId).toBeUndefined();
    expect(riskCheck.parentSpanId).toBe(riskRequest.spanId);
    expect(placeRequest.parentSpanId).toBe(notice.spanId);
    expect(place.parentSpanId).toBe(placeRequest.spanId);
    // The gateway placed on the risk-service's approval, heard in the same trace.
    expect(one('gateway', 'risk.decision receive').parentSpanId).toBe(riskCheck.spanId);
    expect(fill.parentSpanId).toBe(notice.spanId);
    // After the fill, the stop is armed at the trigger-service within the same trace.
    const armStop = one('order-service', 'trg.cmd.arm request');
    expect(armStop.parentSpanId).toBe(fill.spanId);
    expect(one('trigger-service', 'trg.cmd.arm handle').parentSpanId).toBe(armStop.spanId);
    // Every span of the trace hangs off another span of the same trace.
    const ids = new Set(trace.map((x) => x.spanId));
    expect(trace.filter((x) => x.parentSpanId !== undefined && !ids.has(x.parentSpanId))).toEqual([]);
  }, 60_000);
  it('a fill while the trigger-service is down is recorded as protection-overdue after the deadline, and protected once it is back', async () => {
    sim().setPrice('META', 600);
    // A limit half a dollar under the ask: it works until the option cheapens.
    await arm(spec('deadline', { symbol: 'META', trigger: { price: 601, source: 'last' }, size: { by: 'contracts', contracts: 2 }, entry: { type: 'LMT', offset: -0.5 }, stopLoss: { mode: 'offset', offset: 5 } }));
    sim().setPrice('META', 601.5);
    await eventOf('deadline', 'accepted');
    expect(ordersOf('deadline')[0]).toMatchObject({ state: 'Submitted', filled: 0 });

    await system.process('trigger-service').stop();
    sim().setPrice('META', 599);
    const filled = await eventOf('deadline', 'filled');
    const overdue = await eventOf('deadline', 'protection-overdue');
    expect(overdue).toMatchObject({ from: 'OPEN', to: 'OPEN', detail: { deadlineMs: 1000 } });
    expect(overdue.at - filled.at).toBeGreaterThanOrEqual(1000 - 50);
    expect(await trade('deadline' as TradeId)).toMatchObject({ state: 'OPEN', openQuantity: 2, stopTriggerId: null, protectionOverdueAt: overdue.at });
    expect(historyOf('deadline').some((e) => e.type === 'protection-failed')).toBe(true);

    await system.startService('trigger-service');
    const protectedEvent = await events.waitFor((m) => (m.json as TradeEvent).tradeId === 'deadline' && (m.json as TradeEvent).to === 'PROTECTED', 20_000);
    expect((protectedEvent.json as TradeEvent).detail).toMatchObject({ stopLevel: 596 });
    const now = await trade('deadline' as TradeId);
    expect(now).toMatchObject({ state: 'PROTECTED', protectionOverdueAt: null });
    const orders = await system.bus('order-service');
    const triggers = await command(orders.request(Contracts.ListTriggers, { includeFinished: false }));
    expect(triggers.triggers.find((t) => t.triggerId === now.stopTriggerId)).toMatchObject({ level: 596, direction: 'below', status: 'armed' });
  }, 60_000);
});
