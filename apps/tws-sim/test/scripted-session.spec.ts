import { EventName, OrderAction, OrderType, SecType, type Contract, type ContractDetails, type Execution } from '@stoqey/ib';
import { conformsToTickForTest } from './support/ticks';
import { TestClient, stock } from './support/ib-client';
import { testScenario } from './support/scenario';
import { startSim } from './support/sim-fixture';

/**
 * A scripted morning: premarket underlying ticks with no option fills, the 09:30 open, an option
 * LMT filled on a valid tick with its orderRef, position and average cost, a cancel, and a
 * reconnect after a dropped connection that still reports open orders and executions.
 */
describe('tws-sim scripted session', () => {
  it('runs premarket → open → fill → cancel → reconnect', async () => {
    const scenario = testScenario({
      stocks: [
        {
          symbol: 'AAPL', conId: 265598, primaryExchange: 'NASDAQ', price: 200,
          script: [
            { at: '2026-03-02T09:29:30-05:00', price: 201.5 },
            { at: '2026-03-02T09:30:05-05:00', price: 202.25 },
          ],
          options: { weeklyExpiries: 1, monthlyExpiries: 0 },
        },
      ],
    });
    const { sim } = await startSim('2026-03-02T09:29:00-05:00', scenario);
    const client = new TestClient(sim.port, 4);
    try {
      await client.connect();
      const lasts: number[] = [];
      client.api.on(EventName.tickPrice, (id: number, type: number, price: number) => id === 1 && type === 4 && lasts.push(price));
      const firstLast = client.once(EventName.tickPrice, (id: number, type: number) => id === 1 && type === 4);
      client.api.reqMktData(1, stock('AAPL'), '', false, false);
      await firstLast;
      const premarketTick = client.once(EventName.tickPrice, (id: number, type: number, price: number) => id === 1 && type === 4 && price === 201.5);
      sim.advanceClock(30_000);
      await premarketTick;

      const details = client.once<[number, ContractDetails]>(EventName.contractDetails, (id) => id === 2);
      client.api.reqContractDetails(2, { symbol: 'AAPL', secType: SecType.OPT, exchange: 'SMART', currency: 'USD', strike: 200, right: 'C' as Contract['right'] });
      const option = (await details)[1].contract;

      const held = client.once(EventName.orderStatus, (id: number, status: string) => id === 10 && status === 'PreSubmitted');
      client.placeOrder(10, option, { action: OrderAction.BUY, orderType: OrderType.LMT, totalQuantity: 3, lmtPrice: 20, tif: 'DAY', orderRef: 'morning-call', transmit: true });
      await held;
      sim.advanceClock(29_000);
      expect(sim.executions()).toHaveLength(0);

      const exec = client.once<[number, Contract, Execution]>(EventName.execDetails);
      sim.advanceClock(1_500);
      const [, , execution] = await exec;
      expect(execution.orderRef).toBe('morning-call');
      expect(execution.shares).toBe(3);
      expect(conformsToTickForTest(execution.price!)).toBe(true);
      expect(execution.price!).toBeLessThanOrEqual(20);

      const positions = client.collect<[string, Contract, number, number]>(EventName.position);
      client.api.reqPositions();
      await client.once(EventName.positionEnd);
      const [, , qty, avgCost] = positions.stop()[0]!;
      expect(qty).toBe(3);
      expect(avgCost).toBeCloseTo((execution.price! * 100 * 3 + 1.95) / 3, 4);

      const cancelled = client.once(EventName.orderStatus, (id: number, status: string) => id === 11 && status === 'Cancelled');
      client.placeOrder(11, option, { action: OrderAction.BUY, orderType: OrderType.LMT, totalQuantity: 1, lmtPrice: 0.5, tif: 'DAY', orderRef: 'to-cancel', transmit: true });
      client.api.cancelOrder(11);
      await cancelled;
      const resting = client.once(EventName.orderStatus, (id: number, status: string) => id === 12 && status === 'Submitted');
      client.placeOrder(12, option, { action: OrderAction.BUY, orderType: OrderType.LMT, totalQuantity: 1, lmtPrice: 0.5, tif: 'GTC', orderRef: 'resting', transmit: true });
      await resting;

      const dropped = client.once(EventName.disconnected);
      sim.faults.dropConnections();
      await dropped;
      expect(lasts).toContain(201.5);

      const again = new TestClient(sim.port, 4);
      expect(await again.connect()).toBe(13);
      const open = again.collect<[number]>(EventName.openOrder);
      again.api.reqOpenOrders();
      await again.once(EventName.openOrderEnd);
      expect(open.stop().map(([id]) => id)).toEqual([12]);
      const execs = again.collect<[number, Contract, Execution]>(EventName.execDetails);
      again.api.reqExecutions(3, {});
      await again.once(EventName.execDetailsEnd);
      expect(execs.stop().map(([, , e]) => e.orderRef)).toEqual(['morning-call']);
      again.assertClean([202]);
      again.disconnect();
      client.assertClean([202]);
    } finally {
      client.disconnect();
      await sim.close();
    }
  });
});
