import { EventName, OrderAction, OrderType, SecType, type Contract, type ContractDetails, type Order } from '@stoqey/ib';
import type { TwsSim } from '../src';
import { TestClient, stock } from './support/ib-client';
import { OrderWatch } from './support/order-watch';
import { startSim } from './support/sim-fixture';

const MSFT = stock('MSFT');
const sellDay = (lmtPrice: number, outsideRth: boolean): Order => ({
  action: OrderAction.SELL, orderType: OrderType.LMT, lmtPrice, totalQuantity: 10, tif: 'DAY', outsideRth, transmit: true,
});

/** When DAY orders end: the after-hours close for stock orders that work outside regular hours, the regular close otherwise. */
describe('tws-sim DAY orders', () => {
  let sim: TwsSim;
  let client: TestClient;
  let watch: OrderWatch;
  let id: number;

  async function start(at: string): Promise<void> {
    ({ sim } = await startSim(at));
    client = new TestClient(sim.port, 1);
    watch = new OrderWatch(client);
    id = await client.connect();
  }

  function advanceTo(iso: string): void {
    sim.advanceClock(Date.parse(iso) - sim.clock.now());
  }

  /** The simulator's own view, synchronous: when the order ended (ISO) or its state while working. */
  function endOf(orderId: number): string {
    const order = sim.orders().find((o) => o.orderId === orderId)!;
    return order.completedAt === undefined ? order.state : new Date(order.completedAt).toISOString();
  }

  /** A deep in-the-money AAPL call: a BUY LMT at 0.05 never fills. */
  async function deepCall(): Promise<Contract> {
    const details = client.collect<[number, ContractDetails]>(EventName.contractDetails);
    client.api.reqContractDetails(900, { symbol: 'AAPL', secType: SecType.OPT, exchange: 'SMART', currency: 'USD', right: 'C' as Contract['right'] });
    await client.once(EventName.contractDetailsEnd, (reqId: number) => reqId === 900);
    return details.stop().map(([, d]) => d.contract).sort((a, b) => a.strike! - b.strike!)[0]!;
  }

  afterEach(async () => {
    client.disconnect();
    await sim.close();
  });

  it('DAY stock LMT with outsideRth works after 16:00, fills after hours and expires at 20:00 ET; without it, expires at 16:00', async () => {
    await start('2026-03-02T10:00:00-05:00');
    const [lateId, fillsId, regularId] = [id++, id++, id++];
    client.placeOrder(lateId, MSFT, sellDay(500, true));
    client.placeOrder(fillsId, MSFT, sellDay(450, true));
    client.placeOrder(regularId, MSFT, sellDay(500, false));
    await watch.status(regularId, 'Submitted');

    const regularExpired = watch.status(regularId, 'Cancelled');
    advanceTo('2026-03-02T16:00:00-05:00');
    await regularExpired;
    const filled = watch.status(fillsId, 'Filled');
    advanceTo('2026-03-02T17:00:00-05:00');
    sim.setPrice('MSFT', 451);
    await filled;
    advanceTo('2026-03-02T19:59:59-05:00');
    expect(endOf(lateId)).toBe('Submitted');
    const lateExpired = watch.status(lateId, 'Cancelled');
    advanceTo('2026-03-02T20:00:00-05:00');
    await lateExpired;

    expect(watch.statusesOf(lateId).map((e) => e.status)).toEqual(['Submitted', 'Cancelled']);
    expect(endOf(lateId)).toBe('2026-03-03T01:00:00.000Z');
    expect(endOf(regularId)).toBe('2026-03-02T21:00:00.000Z');
    expect(sim.executions().map((e) => [e.orderId, new Date(e.time).toISOString()])).toEqual([[fillsId, '2026-03-02T22:00:00.000Z']]);
    client.assertClean();
  });

  it('DAY stock LMT modified to add outsideRth keeps the day it was sent on and now ends at 20:00', async () => {
    await start('2026-03-02T10:00:00-05:00');
    const orderId = id++;
    client.placeOrder(orderId, MSFT, sellDay(500, false));
    await watch.status(orderId, 'Submitted');
    advanceTo('2026-03-02T15:00:00-05:00');
    const modified = client.once(EventName.openOrder, (i: number, _c: Contract, o: Order) => i === orderId && o.outsideRth === true);
    client.placeOrder(orderId, MSFT, sellDay(500, true));
    await modified;
    advanceTo('2026-03-02T19:00:00-05:00');
    expect(endOf(orderId)).toBe('Submitted');
    const expired = watch.status(orderId, 'Cancelled');
    advanceTo('2026-03-02T20:00:00-05:00');
    await expired;
    expect(endOf(orderId)).toBe('2026-03-03T01:00:00.000Z');
    client.assertClean();
  });

  it('DAY option order expires at the regular close even with outsideRth (ignored, warning 2109), as does a stock STP', async () => {
    await start('2026-03-02T10:00:00-05:00');
    const call = await deepCall();
    const [optionId, stopId] = [id++, id++];
    client.placeOrder(optionId, call, { action: OrderAction.BUY, orderType: OrderType.LMT, lmtPrice: 0.05, totalQuantity: 1, tif: 'DAY', outsideRth: true, transmit: true });
    client.placeOrder(stopId, MSFT, { action: OrderAction.SELL, orderType: OrderType.STP, auxPrice: 300, totalQuantity: 1, tif: 'DAY', outsideRth: true, transmit: true });
    await client.waitForError(2109, optionId);
    await client.waitForError(2109, stopId);
    advanceTo('2026-03-02T15:59:59-05:00');
    expect([endOf(optionId), endOf(stopId)]).toEqual(['Submitted', 'PreSubmitted']);
    const optionExpired = watch.status(optionId, 'Cancelled');
    const stopExpired = watch.status(stopId, 'Cancelled');
    advanceTo('2026-03-02T16:00:00-05:00');
    await optionExpired;
    await stopExpired;
    expect(watch.statusesOf(optionId).map((e) => e.status)).toEqual(['Submitted', 'Cancelled']);
    client.assertClean([2109]);
  });

  it('DAY orders on an early-close day: outsideRth stock to 17:00 ET, options to 13:00', async () => {
    await start('2026-11-27T10:00:00-05:00');
    const call = await deepCall();
    const [stockId, optionId] = [id++, id++];
    client.placeOrder(stockId, MSFT, sellDay(500, true));
    client.placeOrder(optionId, call, { action: OrderAction.BUY, orderType: OrderType.LMT, lmtPrice: 0.05, totalQuantity: 1, tif: 'DAY', transmit: true });
    await watch.status(optionId, 'Submitted');
    const optionExpired = watch.status(optionId, 'Cancelled');
    advanceTo('2026-11-27T13:00:00-05:00');
    await optionExpired;
    expect(endOf(optionId)).toBe('2026-11-27T18:00:00.000Z');
    advanceTo('2026-11-27T16:59:59-05:00');
    expect(endOf(stockId)).toBe('Submitted');
    const stockExpired = watch.status(stockId, 'Cancelled');
    advanceTo('2026-11-27T17:00:00-05:00');
    await stockExpired;
    expect(endOf(stockId)).toBe('2026-11-27T22:00:00.000Z');
    expect(watch.statusesOf(stockId).map((e) => e.status)).toEqual(['Submitted', 'Cancelled']);
    client.assertClean();
  });

  it('DAY stock LMT with outsideRth placed after 20:00 waits for the next premarket and expires at the next 20:00', async () => {
    await start('2026-03-02T21:00:00-05:00');
    const orderId = id++;
    client.placeOrder(orderId, MSFT, sellDay(500, true));
    await watch.status(orderId, 'PreSubmitted');
    const working = watch.status(orderId, 'Submitted');
    advanceTo('2026-03-03T04:00:00-05:00');
    await working;
    advanceTo('2026-03-03T19:59:59-05:00');
    expect(endOf(orderId)).toBe('Submitted');
    const expired = watch.status(orderId, 'Cancelled');
    advanceTo('2026-03-03T20:00:00-05:00');
    await expired;
    expect(endOf(orderId)).toBe('2026-03-04T01:00:00.000Z');
    expect(watch.statusesOf(orderId).map((e) => e.status)).toEqual(['PreSubmitted', 'Submitted', 'Cancelled']);
    client.assertClean();
  });
});
