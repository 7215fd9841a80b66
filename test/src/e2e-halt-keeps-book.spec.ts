/**
 * HALTED keeps the book (issue 20), end to end: real nats-server, tws-sim, gateway,
 * trigger-service, risk-service and order-service processes. HALT with 20 armed trades suspends
 * them (entry triggers disarmed, trades kept) while a held position's stop stays armed; the level
 * of one trade is crossed while halted; ACTIVE arms all 20 again, and the crossed one does not
 * fire — it fires only on a new breakout, after the price has come back.
 */
import { Contracts, type TradeId } from '@arctrigger/contracts';
import type { Bus } from '@arctrigger/service-kit';
import { eventually } from '@arctrigger/testkit';
import { SystemHarness } from './support/system-harness';
import { flatStock, GENEROUS_RISK_ENV, TradeDriver } from './support/trade-driver';

/** Tuesday 2026-03-10, 10:30 US/Eastern: regular session. */
const SESSION = Date.parse('2026-03-10T14:30:00Z');
const BOOK = { symbol: 'HKA', conId: 7101 };
const CROSSED = { symbol: 'HKB', conId: 7102 };
const HELD = { symbol: 'HKC', conId: 7103 };
const bookIds = Array.from({ length: 19 }, (_, k) => `hk-${k}` as TradeId);
const crossedId = 'hk-crossed' as TradeId;
const heldId = 'hk-held' as TradeId;

describe('HALTED keeps the book', () => {
  let system: SystemHarness;
  let driver: TradeDriver;
  let admin: Bus;

  beforeAll(async () => {
    system = await SystemHarness.start({
      services: ['gateway', 'trigger-service', 'risk-service', 'order-service'],
      clockShiftMs: SESSION - Date.now(),
      sim: { scenario: { tickIntervalMs: 100, stocks: [flatStock(BOOK.symbol, BOOK.conId, 100), flatStock(CROSSED.symbol, CROSSED.conId, 100), flatStock(HELD.symbol, HELD.conId, 100)] } },
      env: { 'risk-service': GENEROUS_RISK_ENV },
    });
    driver = await TradeDriver.start(system);
    admin = await system.bus('console');
  }, 90_000);

  afterAll(async () => {
    driver?.stop();
    await system?.stop();
  });

  const setState = async (state: 'HALTED' | 'ACTIVE') => {
    const reply = await admin.request(Contracts.SetTradingState, { state, reason: 'halt drill', actor: 'admin' });
    expect(reply).toMatchObject({ ok: true, value: { current: { state } } });
  };
  const underlyingAt = (conId: number, price: number) =>
    eventually(async () => {
      const q = await driver.gatewayClient.request(Contracts.QuoteSnapshot, { conId });
      return q.ok && q.value.last === price;
    }, { what: `the underlying ${conId} trading at ${price}` });
  const liveEntryTriggers = async () => {
    const listed = await driver.gatewayClient.request(Contracts.ListTriggers, { purpose: 'entry', includeFinished: false });
    if (!listed.ok) throw new Error(listed.message);
    return listed.value.triggers;
  };

  it('HALT with 20 armed trades, then ACTIVE: all 20 armed again, stops armed throughout, the one crossed while halted does not fire', async () => {
    const option = async (s: { symbol: string; conId: number }) => driver.optionNear(s.symbol, s.conId, 100);
    const call = async (tradeId: TradeId, s: { symbol: string; conId: number }, trigger: number) => {
      const { expiry, strike } = await option(s);
      return driver.arm({ tradeId, symbol: s.symbol, right: 'CALL', expiry, strike, trigger: { price: trigger, source: 'last' }, size: { by: 'contracts', contracts: 1 }, entry: { type: 'MKT' }, stopLoss: { mode: 'offset', offset: 2 } });
    };
    // A held, protected position first: its stop must stay armed while trading is halted.
    await call(heldId, HELD, 100.5);
    system.sim!.setPrice(HELD.symbol, 101);
    const held = await driver.reached(heldId, 'PROTECTED', 30_000);
    expect(held.to).toBe('PROTECTED');
    const stopTriggerId = (await driver.trade(heldId)).stopTriggerId!;

    for (const [k, id] of bookIds.entries()) await call(id, BOOK, 101 + k * 0.1);
    await call(crossedId, CROSSED, 100.5);
    const armed = [...bookIds, crossedId];

    await setState('HALTED');
    await Promise.all(armed.map((id) => driver.reached(id, 'SUSPENDED')));
    expect(await liveEntryTriggers()).toEqual([]);

    // The breakout happens while halted: nothing may fire (and no one holds its market data now).
    system.sim!.setPrice(CROSSED.symbol, 101);
    const stops = await driver.gatewayClient.request(Contracts.ListTriggers, { tradeId: heldId, purpose: 'stop', includeFinished: false });
    expect(stops.ok && stops.value.triggers.map((t) => [t.triggerId, t.status])).toEqual([[stopTriggerId, 'armed']]);

    await setState('ACTIVE');
    await Promise.all(armed.map((id) => driver.reached(id, 'ARMED')));
    const views = await Promise.all(armed.map((id) => driver.trade(id)));
    expect(views.map((v) => v.state)).toEqual(armed.map(() => 'ARMED'));
    const live = await liveEntryTriggers();
    expect(new Set(live.map((t) => t.owner.tradeId))).toEqual(new Set(armed));
    expect(views.find((v) => v.tradeId === crossedId)).toMatchObject({ entryAwaitsReset: true });
    expect(views.filter((v) => v.entryAwaitsReset).map((v) => v.tradeId)).toEqual([crossedId]);
    // Still above its level after the resume: no fire, no order at the broker.
    await underlyingAt(CROSSED.conId, 101);
    expect(armed.flatMap((id) => driver.history(id).filter((e) => e.type === 'fired'))).toEqual([]);
    expect(system.sim!.orders().filter((o) => armed.some((id) => o.orderRef?.startsWith(`${id}.`)))).toEqual([]);

    // The price comes back below the level (the reset fires: the entry is armed for real), then breaks out again.
    system.sim!.setPrice(CROSSED.symbol, 100);
    await driver.event(crossedId, 'entry-rearmed');
    system.sim!.setPrice(CROSSED.symbol, 101);
    await driver.reached(crossedId, 'PROTECTED', 30_000);
    expect(driver.history(crossedId).filter((e) => e.type === 'fired')).toHaveLength(1);
    expect(driver.history(heldId).map((e) => e.type)).not.toContain('stop-fired');
  }, 120_000);
});
