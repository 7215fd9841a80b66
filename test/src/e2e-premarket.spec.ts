/**
 * Premarket trigger hits end to end (PRODUCT.md #9), across the 09:30 open: real nats-server,
 * tws-sim, and the gateway, trigger-service, risk-service and order-service as real processes,
 * all running "as of" a few seconds before the open on one shared clock. Each policy gets its own
 * underlying whose price moves only when the test sets it. No option order may reach the
 * simulator before 09:30.
 */
import { Contracts, type TradeId } from '@arctrigger/contracts';
import { SystemHarness } from './support/system-harness';
import { flatStock, GENEROUS_RISK_ENV, TradeDriver } from './support/trade-driver';

/** Tuesday 2026-03-10, 09:30 US/Eastern (EDT). */
const OPEN = Date.parse('2026-03-10T13:30:00Z');
/** Real time between starting the system and the open: start-up, arming and the premarket moves. */
const LEAD_MS = 25_000;
const ASK_TIMEOUT_MS = 3_000;
const SYMBOLS = ['AAPL', 'MSFT', 'NVDA', 'TSLA', 'AMZN', 'META'] as const;
const conIdOf = (s: string) => 1000 + SYMBOLS.indexOf(s as (typeof SYMBOLS)[number]);
const id = (s: string) => `pm-${s.toLowerCase()}` as TradeId;

describe('premarket policies end to end across the 09:30 open', () => {
  let system: SystemHarness;
  let driver: TradeDriver;

  beforeAll(async () => {
    system = await SystemHarness.start({
      services: ['gateway', 'trigger-service', 'risk-service', 'order-service'],
      clockShiftMs: OPEN - LEAD_MS - Date.now(),
      sim: { scenario: { tickIntervalMs: 100, stocks: SYMBOLS.map((s) => flatStock(s, conIdOf(s), 100)) } },
      env: { 'risk-service': GENEROUS_RISK_ENV, 'order-service': { PREMARKET_ASK_TIMEOUT_MS: String(ASK_TIMEOUT_MS) } },
    });
    driver = await TradeDriver.start(system);
  }, 90_000);

  afterAll(async () => {
    driver?.stop();
    await system?.stop();
  });

  const optionOrders = () => system.sim!.orders().filter((o) => o.instrument.secType === 'OPT');

  it('applies ask, rebase, hold and cancel to premarket hits and sends option orders only from the open', async () => {
    const { expiry, strike } = await driver.optionNear('AAPL', conIdOf('AAPL'), 100);
    const policy = { AAPL: 'ask', MSFT: 'ask', NVDA: 'rebase', TSLA: 'hold', AMZN: 'hold', META: 'cancel' } as const;
    for (const s of SYMBOLS) {
      await driver.arm({
        tradeId: id(s), symbol: s, right: 'CALL', expiry, strike, trigger: { price: 100.5, source: 'last' },
        size: { by: 'contracts', contracts: 1 }, entry: { type: 'MKT' }, stopLoss: { mode: 'offset', offset: 1 }, premarketPolicy: policy[s],
      });
    }
    expect(system.now()).toBeLessThan(OPEN);

    // Premarket: every underlying crosses its trigger.
    for (const s of ['AAPL', 'NVDA', 'TSLA', 'AMZN', 'META']) system.sim!.setPrice(s, 101);
    system.sim!.setPrice('MSFT', 104);

    // ask, unanswered: the decision event, then cancelled at the deadline.
    const askHit = await driver.reached(id('AAPL'), 'PREMARKET_HIT');
    expect(askHit.detail).toMatchObject({ price: 101, session: 'premarket' });
    // The deadline is taken when the hit is decided, the event's time when it is stored: the same
    // millisecond or a few apart.
    const deadline = (askHit.detail as { decisionDeadline: number }).decisionDeadline;
    expect(deadline).toBeLessThanOrEqual(askHit.at + ASK_TIMEOUT_MS);
    expect(deadline).toBeGreaterThan(askHit.at + ASK_TIMEOUT_MS - 1_000);
    // ask, answered: rebase to the premarket price with the at-the-money strike.
    await driver.reached(id('MSFT'), 'PREMARKET_HIT');
    const decided = await driver.console.request(Contracts.PremarketDecision, { tradeId: id('MSFT'), decision: 'rebase', atmStrike: true });
    expect(decided).toMatchObject({ ok: true, value: { state: 'ARMED', spec: { trigger: { price: 104 } } } });
    const msftStrike = decided.ok ? decided.value.strike : null;
    expect(msftStrike).not.toBe(strike);
    expect(Math.abs(msftStrike! - 104)).toBeLessThan(Math.abs(strike - 104));
    // rebase: the trigger follows the premarket high.
    await driver.event(id('NVDA'), 'rebased');
    system.sim!.setPrice('NVDA', 102);
    await driver.event(id('NVDA'), 'rebased', 15_000, (d) => d.triggerPrice === 102);
    system.sim!.setPrice('NVDA', 101.5);
    // hold: waiting for the open; the second one falls back below its trigger before it.
    expect((await driver.event(id('TSLA'), 'held')).detail).toMatchObject({ rearmAt: OPEN });
    await driver.event(id('AMZN'), 'held');
    system.sim!.setPrice('AMZN', 99.5);
    // cancel.
    expect((await driver.reached(id('META'), 'CANCELLED')).detail).toMatchObject({ reason: expect.stringContaining('policy cancel') });
    expect((await driver.reached(id('AAPL'), 'CANCELLED')).detail).toMatchObject({ reason: expect.stringContaining('no decision in time') });
    expect(system.now()).toBeLessThan(OPEN);
    expect(optionOrders()).toEqual([]);

    // The open: hold re-checks, TSLA still above its trigger fires, AMZN below it keeps watching.
    await driver.event(id('TSLA'), 'entry-rearmed', LEAD_MS + 10_000);
    await driver.reached(id('TSLA'), 'FIRED');
    await driver.event(id('AMZN'), 'entry-rearmed');
    // After the open, the rebased trades fire only above their new levels.
    system.sim!.setPrice('NVDA', 102.5);
    system.sim!.setPrice('MSFT', 104.5);
    for (const s of ['TSLA', 'NVDA', 'MSFT']) await driver.reached(id(s), 'PROTECTED', 20_000);
    expect((await driver.trade(id('NVDA'))).spec.trigger.price).toBe(102);
    const msft = await driver.trade(id('MSFT'));
    expect(msft).toMatchObject({ strike: msftStrike, spec: { trigger: { price: 104 } } });
    expect(optionOrders().find((o) => o.orderRef === `${id('MSFT')}.entry.1`)?.instrument).toMatchObject({ strike: msftStrike });
    expect((await driver.trade(id('AMZN'))).state).toBe('ARMED');
    system.sim!.setPrice('AMZN', 101);
    await driver.reached(id('AMZN'), 'PROTECTED', 20_000);

    // Only the four that fired sent an entry, each once, none before 09:30.
    const entries = optionOrders().filter((o) => o.orderRef.includes('.entry.'));
    expect(entries.map((o) => o.orderRef).sort()).toEqual(['AMZN', 'MSFT', 'NVDA', 'TSLA'].map((s) => `${id(s)}.entry.1`).sort());
    for (const o of optionOrders()) expect(o.placedAt).toBeGreaterThanOrEqual(OPEN);
    expect((await driver.trade(id('AAPL'))).state).toBe('CANCELLED');
    expect((await driver.trade(id('META'))).state).toBe('CANCELLED');
  }, 120_000);
});
