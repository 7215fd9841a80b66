import { EventName, OrderAction, OrderType, type Contract, type Order, type OrderState } from '@stoqey/ib';
import type { TwsSim } from '../src';
import { TestClient, stock } from './support/ib-client';
import { OrderWatch } from './support/order-watch';
import { REGULAR } from './support/scenario';
import { startSim } from './support/sim-fixture';

const MSFT = stock('MSFT');
const buyMkt = (transmit?: boolean): Order => ({
  action: OrderAction.BUY, orderType: OrderType.MKT, totalQuantity: 10, tif: 'DAY', orderRef: 'held', ...(transmit === undefined ? {} : { transmit }),
});

/** transmit=false: TWS keeps the order (status Inactive) until the same id is placed again with transmit=true. */
describe('tws-sim transmit=false', () => {
  let sim: TwsSim;
  let client: TestClient;
  let watch: OrderWatch;
  let id: number;

  beforeEach(async () => {
    ({ sim } = await startSim(REGULAR));
    client = new TestClient(sim.port, 1);
    watch = new OrderWatch(client);
    id = await client.connect();
  });
  afterEach(async () => {
    client.disconnect();
    await sim.close();
  });

  async function openOrderIds(): Promise<number[]> {
    const open = client.collect<[number]>(EventName.openOrder);
    client.api.reqOpenOrders();
    await client.once(EventName.openOrderEnd);
    return open.stop().map(([orderId]) => orderId);
  }

  it('transmit=false holds a marketable order as Inactive with no fills until it is placed again with transmit=true', async () => {
    const orderId = id++;
    const held = client.once<[number, Contract, Order, OrderState]>(EventName.openOrder, (i) => i === orderId);
    client.placeOrder(orderId, MSFT, buyMkt(false));
    const [, , order, state] = await held;
    expect(state.status).toBe('Inactive');
    expect(order.orderRef).toBe('held');
    expect(await watch.status(orderId, 'Inactive')).toMatchObject({ filled: 0, remaining: 10 });
    sim.setPrice('MSFT', 401);
    sim.advanceClock(60_000);
    expect(await openOrderIds()).toEqual([]);
    expect(sim.executions()).toHaveLength(0);
    expect(sim.orders()[0]).toMatchObject({ state: 'Untransmitted', transmit: false, transmittedAt: undefined });

    const filled = watch.status(orderId, 'Filled');
    client.placeOrder(orderId, MSFT, buyMkt(true));
    await filled;
    expect(watch.statusesOf(orderId).map((e) => e.status)).toEqual(['Inactive', 'Submitted', 'Filled']);
    expect(sim.executions().map((e) => [e.orderId, e.shares])).toEqual([[orderId, 10]]);
    expect(sim.orders()[0]!.transmittedAt).toBe(sim.clock.now());
    client.assertClean();
  });

  it('transmit=false placed again with new terms keeps the order held with those terms', async () => {
    const orderId = id++;
    const limit = (lmtPrice: number, transmit: boolean): Order => ({ action: OrderAction.SELL, orderType: OrderType.LMT, lmtPrice, totalQuantity: 5, tif: 'GTC', transmit });
    client.placeOrder(orderId, MSFT, limit(390, false));
    await watch.status(orderId, 'Inactive');
    const changed = client.once<[number, Contract, Order, OrderState]>(EventName.openOrder, (i, _c, o) => i === orderId && o.lmtPrice === 391);
    client.placeOrder(orderId, MSFT, limit(391, false));
    const [, , , state] = await changed;
    expect(state.status).toBe('Inactive');
    sim.step();
    expect(sim.executions()).toHaveLength(0);
    const filled = watch.status(orderId, 'Filled');
    client.placeOrder(orderId, MSFT, limit(391, true));
    await filled;
    expect(sim.executions()[0]!.price).toBeGreaterThanOrEqual(391);
    client.assertClean();
  });

  it('transmit omitted is false, as in TWS: the order is held', async () => {
    const orderId = id++;
    client.placeOrder(orderId, MSFT, buyMkt());
    await watch.status(orderId, 'Inactive');
    sim.step();
    expect(sim.executions()).toHaveLength(0);
    client.assertClean();
  });

  it('transmit=false order can be cancelled (Cancelled, 202) or globally cancelled, and never reaches the market', async () => {
    const [first, second] = [id++, id++];
    client.placeOrder(first, MSFT, buyMkt(false));
    client.placeOrder(second, MSFT, buyMkt(false));
    await watch.status(second, 'Inactive');
    client.api.cancelOrder(first);
    await watch.status(first, 'Cancelled');
    await client.waitForError(202, first);
    client.api.reqGlobalCancel();
    await watch.status(second, 'Cancelled');
    client.placeOrder(first, MSFT, buyMkt(true));
    await client.waitForError(103, first);
    sim.step();
    expect(sim.executions()).toHaveLength(0);
    client.assertClean([202, 103]);
  });

  it('transmit=false OCA members go live together when transmitted; then one fill cancels the other', async () => {
    const [stopId, exitId] = [id++, id++];
    const member = (order: Partial<Order>, transmit: boolean): Order =>
      ({ action: OrderAction.SELL, totalQuantity: 10, tif: 'GTC', ocaGroup: 'held-group', ocaType: 1, transmit, ...order }) as Order;
    const stop = { orderType: OrderType.STP, auxPrice: 390 };
    const exit = { orderType: OrderType.LMT, lmtPrice: 395 };
    client.placeOrder(stopId, MSFT, member(stop, false));
    client.placeOrder(exitId, MSFT, member(exit, false));
    await watch.status(exitId, 'Inactive');
    sim.setPrice('MSFT', 396);
    expect(sim.executions()).toHaveLength(0);

    const stopCancelled = watch.status(stopId, 'Cancelled');
    client.placeOrder(stopId, MSFT, member(stop, true));
    client.placeOrder(exitId, MSFT, member(exit, true));
    await watch.status(exitId, 'Filled');
    await stopCancelled;
    await client.waitForError(202, stopId);
    expect(watch.statusesOf(stopId).map((e) => e.status)).toEqual(['Inactive', 'PreSubmitted', 'Cancelled']);
    expect(sim.executions().map((e) => e.orderId)).toEqual([exitId]);
    client.assertClean([202]);
  });
});
