/**
 * Trade lifecycle end to end (issue 7): a real nats-server, the TWS simulator, and the gateway,
 * trigger-service, risk-service and order-service as real processes. The console user arms trades
 * over the bus; the test moves the underlying at the simulator and follows the trade through its
 * TradeEvents and the simulator's orders, executions and positions.
 */
import { Contracts, type ArmTradeCommand, type TradeEvent, type TradeId, type TradeView } from '@arctrigger/contracts';
import type { Bus } from '@arctrigger/service-kit';
import { BusRecorder } from '@arctrigger/testkit';
import { SystemHarness } from './support/system-harness';

/** Tuesday 10:30 US/Eastern: regular session. */
const SESSION = '2026-11-24T15:30:00Z';
/** The Friday weekly of that week (day after Thanksgiving: an early close, still an expiry). */
const EXPIRY = '20261127';

const stock = (symbol: string, conId: number, price: number) => ({
  symbol, conId, primaryExchange: 'NASDAQ' as const, price, script: [{ at: 0, price }],
});

describe('trade lifecycle end to end', () => {
  let system: SystemHarness;
  let console_: Bus;
  let events: BusRecorder;

  beforeAll(async () => {
    system = await SystemHarness.start({
      services: ['gateway', 'trigger-service', 'risk-service', 'order-service'],
      clockShiftMs: Date.parse(SESSION) - Date.now(),
      sim: { scenario: { tickIntervalMs: 50, stocks: [stock('AAPL', 265598, 230), stock('MSFT', 272093, 420)] } },
      env: { 'risk-service': { RISK_MAX_NOTIONAL_PER_UNDERLYING: '50000', RISK_MAX_NOTIONAL_PER_DAY: '200000', RISK_MAX_NOTIONAL_PER_ORDER: '20000' } },
    });
    console_ = await system.bus('console');
    events = new BusRecorder(system.admin, 'trade.evt.v1.>');
  }, 90_000);

  afterAll(async () => {
    events?.stop();
    await system?.stop();
  });

  const sim = () => system.sim!;
  const eventOf = (tradeId: string, type: string, timeoutMs = 15_000) =>
    events.waitFor((m) => (m.json as TradeEvent).tradeId === tradeId && (m.json as TradeEvent).type === type, timeoutMs).then((m) => m.json as TradeEvent);
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
    sim().setPrice('AAPL', 230);
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
});
