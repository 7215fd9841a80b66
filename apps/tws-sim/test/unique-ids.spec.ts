import { ManualClock } from '@arctrigger/service-kit';
import { EventName, OrderAction, OrderType, SecType, type Contract, type Execution } from '@stoqey/ib';
import { startTwsSim, type TwsSim } from '../src';
import { BrokerIds } from '../src/orders/broker-ids';
import { TestClient } from './support/ib-client';
import { REGULAR, testScenario } from './support/scenario';

const AAPL: Contract = { conId: 265598, symbol: 'AAPL', secType: SecType.STK, exchange: 'SMART', currency: 'USD' };

/** One simulator run as a client sees it: the permIds and execIds of `fills` marketable orders. */
async function run(fills: number, options: { wallClock?: () => number } = {}): Promise<{ permIds: number[]; execIds: string[] }> {
  // The same seed and the same simulated instant at every start, as `npm start` twice in a day gives.
  const sim: TwsSim = await startTwsSim({ port: 0, scenario: testScenario(), seed: 1, clock: new ManualClock(REGULAR), ...options });
  const client = new TestClient(sim.port, 3);
  try {
    await client.connect();
    const execs = client.collect<[number, Contract, Execution]>(EventName.execDetails);
    for (let i = 0; i < fills; i++) {
      const filled = client.once<[number, string]>(EventName.orderStatus, (_id, status) => status === 'Filled');
      client.placeOrder(client.nextValidId + i, AAPL, { action: OrderAction.BUY, orderType: OrderType.MKT, totalQuantity: 1, tif: 'DAY', orderRef: `run.${i}`, transmit: true });
      await filled;
    }
    const executions = execs.stop().map(([, , e]) => e);
    client.assertClean();
    return { permIds: executions.map((e) => e.permId!), execIds: executions.map((e) => e.execId!) };
  } finally {
    client.disconnect();
    await sim.close();
  }
}

describe('tws-sim permanent and execution ids', () => {
  it('tws-sim gives disjoint permIds and execIds when started twice with the same seed and clock', async () => {
    const first = await run(3);
    const second = await run(3);

    expect(first.execIds).toHaveLength(3);
    expect(second.execIds).toHaveLength(3);
    expect(new Set([...first.execIds, ...second.execIds]).size).toBe(6);
    expect(new Set([...first.permIds, ...second.permIds]).size).toBe(6);
    expect(Math.min(...second.permIds)).toBeGreaterThan(Math.max(...first.permIds));
    expect([...first.permIds, ...second.permIds].every((p) => Number.isInteger(p) && p < 2 ** 31)).toBe(true);
  });

  it('tws-sim repeats ids only when a test fixes its wall clock', async () => {
    const fixed = Date.parse(REGULAR);
    const first = await run(1, { wallClock: () => fixed });
    const second = await run(1, { wallClock: () => fixed });

    expect(second.permIds).toEqual(first.permIds);
    expect(second.execIds).toEqual(first.execIds);
  });

  it('broker ids stay ahead of an earlier run that placed orders at the pacing limit', () => {
    let now = 1_780_000_000_000;
    const earlier = new BrokerIds(() => now);
    const given: number[] = [];
    // Bursts of 50 orders at once, once a second (TWS's pacing), for a minute.
    for (let second = 0; second < 60; second++, now += 1_000) for (let i = 0; i < 50; i++) given.push(earlier.nextPermId());
    // Restarted 100 ms after the last burst.
    now -= 900;
    const later = new BrokerIds(() => now);

    expect(new Set(given).size).toBe(given.length);
    expect(later.nextPermId()).toBeGreaterThan(Math.max(...given));
  });
});
