/**
 * A market sweep end to end: 200 trades armed across 50 underlyings (four calls each, triggers
 * staggered just above the price), then every underlying rallies through all of its triggers at
 * once. Real nats-server, tws-sim, gateway, trigger-service, risk-service and order-service
 * processes. Every trade fires exactly once, its entry reaches the simulator exactly once, and
 * every position ends filled and protected by an armed stop.
 */
import { Contracts, type TradeId, type TradeView } from '@arctrigger/contracts';
import { SystemHarness } from './support/system-harness';
import { flatStock, GENEROUS_RISK_ENV, TradeDriver } from './support/trade-driver';

/** Tuesday 2026-03-10, 10:30 US/Eastern: regular session. */
const SESSION = Date.parse('2026-03-10T14:30:00Z');
const UNDERLYINGS = 50;
const PER_UNDERLYING = 4;
const TRIGGERS = [100.2, 100.4, 100.6, 100.8];
const symbolOf = (i: number) => `S${String.fromCharCode(65 + Math.floor(i / 26))}${String.fromCharCode(65 + (i % 26))}`;
const conIdOf = (i: number) => 5000 + i;
const tradeIdOf = (i: number, k: number) => `sw-${i}-${k}` as TradeId;

/** Runs `task` over `items` with at most `limit` in flight. */
async function inParallel<T>(items: T[], limit: number, task: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: limit }, async () => {
    while (next < items.length) await task(items[next++]!);
  }));
}

describe('market sweep end to end', () => {
  let system: SystemHarness;
  let driver: TradeDriver;
  const all = Array.from({ length: UNDERLYINGS }, (_, i) => Array.from({ length: PER_UNDERLYING }, (_, k) => ({ i, k }))).flat();

  beforeAll(async () => {
    system = await SystemHarness.start({
      services: ['gateway', 'trigger-service', 'risk-service', 'order-service'],
      clockShiftMs: SESSION - Date.now(),
      sim: { scenario: { tickIntervalMs: 100, stocks: Array.from({ length: UNDERLYINGS }, (_, i) => flatStock(symbolOf(i), conIdOf(i), 100)) } },
      env: { 'risk-service': GENEROUS_RISK_ENV },
    });
    driver = await TradeDriver.start(system);
  }, 90_000);

  afterAll(async () => {
    driver?.stop();
    await system?.stop();
  });

  it('sweep through 200 armed triggers on 50 underlyings fires each trade once and protects every position', async () => {
    const { expiry, strike } = await driver.optionNear(symbolOf(0), conIdOf(0), 100);
    await inParallel(all, 8, ({ i, k }) => driver.arm({
      tradeId: tradeIdOf(i, k), symbol: symbolOf(i), right: 'CALL', expiry, strike, trigger: { price: TRIGGERS[k]!, source: 'last' },
      size: { by: 'contracts', contracts: 1 }, entry: { type: 'MKT' }, stopLoss: { mode: 'offset', offset: 2 },
    }));
    const armed = await driver.console.request(Contracts.ListTrades, { states: ['ARMED'], limit: 1000 });
    expect(armed.ok && armed.value.trades.length).toBe(all.length);

    const sweepAt = Date.now();
    for (let i = 0; i < UNDERLYINGS; i++) system.sim!.setPrice(symbolOf(i), 101);
    await Promise.all(all.map(({ i, k }) => driver.reached(tradeIdOf(i, k), 'PROTECTED', 90_000)));
    const sweepMs = Date.now() - sweepAt;

    const placements = driver.placementsByOrderRef();
    const protectedTrades: TradeView[] = [];
    for (const { i, k } of all) {
      const id = tradeIdOf(i, k);
      expect(driver.history(id).filter((e) => e.type === 'fired')).toHaveLength(1);
      expect(placements.get(`${id}.entry.1`)).toBe(1);
      protectedTrades.push(await driver.trade(id));
    }
    expect(protectedTrades.every((t) => t.state === 'PROTECTED' && t.openQuantity === 1 && t.stopLevel === t.spec.trigger.price - 2)).toBe(true);
    expect(placements.size).toBe(all.length);
    const stops = await driver.gatewayClient.request(Contracts.ListTriggers, { purpose: 'stop', includeFinished: false });
    const live = stops.ok ? stops.value.triggers.filter((t) => t.status === 'armed' || t.status === 'waiting-fresh-data') : [];
    const armedStops = new Set<string>(live.map((t) => t.triggerId));
    expect(protectedTrades.filter((t) => !armedStops.has(t.stopTriggerId ?? ''))).toEqual([]);
    const held = system.sim!.positions().filter((p) => p.instrument.secType === 'OPT').reduce((n, p) => n + p.quantity, 0);
    expect(held).toBe(all.length);
    console.log(`sweep: ${all.length} trades fired, filled and protected in ${sweepMs} ms`);
  }, 150_000);
});
