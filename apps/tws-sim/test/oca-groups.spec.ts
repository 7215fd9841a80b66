import { OrderAction, OrderType, type Order } from '@stoqey/ib';
import type { TwsSim } from '../src';
import { TestClient, stock } from './support/ib-client';
import { OrderWatch } from './support/order-watch';
import { REGULAR, testScenario } from './support/scenario';
import { startSim } from './support/sim-fixture';

const MSFT = stock('MSFT');

/** A protective stop and a target exit for the same 100 shares, in one OCA group. */
function protection(group: string, ocaType: number, extra: Partial<Order> = {}): { stop: Order; exit: Order } {
  const common: Partial<Order> = { action: OrderAction.SELL, totalQuantity: 100, tif: 'GTC', ocaGroup: group, ocaType, transmit: true, ...extra };
  return {
    stop: { ...common, action: OrderAction.SELL, orderType: OrderType.STP, auxPrice: 390, orderRef: `${group}-stop` },
    exit: { ...common, action: OrderAction.SELL, orderType: OrderType.LMT, lmtPrice: 410, orderRef: `${group}-exit` },
  };
}

/** OCA groups as IB works them, observed through the real @stoqey/ib client. */
describe('tws-sim OCA groups', () => {
  let sim: TwsSim;
  let client: TestClient;
  let watch: OrderWatch;
  let id: number;

  async function start(maxQuantityPerFill?: number, controlPort?: number): Promise<void> {
    ({ sim } = await startSim(REGULAR, testScenario(maxQuantityPerFill ? { fills: { maxQuantityPerFill } } : {}), controlPort === undefined ? {} : { controlPort }));
    client = new TestClient(sim.port, 1);
    watch = new OrderWatch(client);
    id = await client.connect();
  }

  /** Places the stop and the exit and waits until both are acknowledged. */
  async function placeProtection(group: string, ocaType: number, extra: Partial<Order> = {}): Promise<{ stopId: number; exitId: number }> {
    const { stop, exit } = protection(group, ocaType, extra);
    const stopId = id++;
    const exitId = id++;
    client.placeOrder(stopId, MSFT, stop);
    client.placeOrder(exitId, MSFT, exit);
    await watch.status(stopId, 'PreSubmitted');
    await watch.status(exitId, 'Submitted');
    return { stopId, exitId };
  }

  afterEach(async () => {
    client.disconnect();
    await sim.close();
  });

  it('OCA group cancels the protective stop when the exit fills (ocaType 1), with Cancelled and 202', async () => {
    await start();
    const bought = watch.status(id, 'Filled');
    client.placeOrder(id++, MSFT, { action: OrderAction.BUY, orderType: OrderType.MKT, totalQuantity: 100, tif: 'DAY', transmit: true });
    await bought;
    const { stopId, exitId } = await placeProtection('pos-1', 1);
    const stopCancelled = watch.status(stopId, 'Cancelled');
    sim.setPrice('MSFT', 411);
    await watch.status(exitId, 'Filled');
    const cancelled = await stopCancelled;
    await client.waitForError(202, stopId);
    expect(cancelled).toMatchObject({ filled: 0, remaining: 100 });
    expect(watch.lastOpenOrder(stopId)).toMatchObject({ status: 'Cancelled', order: { ocaGroup: 'pos-1', ocaType: 1 } });
    expect(watch.lastOpenOrder(exitId)?.order).toMatchObject({ ocaGroup: 'pos-1', ocaType: 1 });

    sim.setPrice('MSFT', 380);
    expect(sim.positions().find((p) => p.instrument.symbol === 'MSFT')?.quantity).toBe(0);
    expect(sim.executions().filter((e) => e.side === 'SLD').map((e) => e.orderId)).toEqual([exitId]);
    expect(sim.ocaGroup('pos-1').map((o) => [o.orderId, o.state])).toEqual([[stopId, 'Cancelled'], [exitId, 'Filled']]);
    client.assertClean([202]);
  });

  it('OCA group cancels the rest at the first partial execution (ocaType 1); the filling order completes', async () => {
    await start(30);
    const { stopId, exitId } = await placeProtection('pos-2', 1);
    const stopCancelled = watch.status(stopId, 'Cancelled');
    sim.setPrice('MSFT', 411);
    await stopCancelled;
    expect(watch.statusesOf(exitId).at(-1)).toMatchObject({ status: 'Submitted', filled: 30, remaining: 70 });
    const exitFilled = watch.status(exitId, 'Filled');
    for (let i = 0; i < 3; i++) sim.step();
    await exitFilled;
    sim.setPrice('MSFT', 380);
    sim.step();
    expect(sim.executions().reduce((sum, e) => sum + e.shares, 0)).toBe(100);
    expect(sim.executions().every((e) => e.orderId === exitId)).toBe(true);
    client.assertClean([202]);
  });

  it('OCA group reduces the rest in proportion to each partial execution (ocaType 2) and never sells more than the group size', async () => {
    await start(30);
    const { stopId, exitId } = await placeProtection('pos-3', 2);
    const reduced = watch.status(stopId, 'PreSubmitted', (e) => e.remaining === 70);
    sim.setPrice('MSFT', 411);
    await reduced;
    expect(watch.lastOpenOrder(stopId)?.order.totalQuantity).toBe(70);

    // The price turns: the exit stops filling, the stop triggers and sells what is left, shrinking the exit in turn.
    const exitCancelled = watch.status(exitId, 'Cancelled');
    const stopFilled = watch.status(stopId, 'Filled');
    sim.setPrice('MSFT', 385);
    sim.step();
    sim.step();
    await stopFilled;
    await exitCancelled;
    expect(watch.statusesOf(exitId).map((e) => e.remaining)).toEqual([100, 70, 40, 10, 10]);
    expect(watch.sharesExecuted(exitId)).toBe(30);
    expect(watch.sharesExecuted(stopId)).toBe(70);
    expect(sim.ocaGroup('pos-3').map((o) => [o.state, o.totalQuantity, o.filled])).toEqual([['Filled', 70, 70], ['Cancelled', 40, 30]]);
    client.assertClean([202]);
  });

  it.each([
    [2, 100],
    [3, 200],
  ])('OCA group of ocaType %i with two members marketable in the same step executes %i shares (3 has no block)', async (ocaType, shares) => {
    await start();
    const a = id++;
    const b = id++;
    const order = (lmtPrice: number): Order => ({ action: OrderAction.SELL, orderType: OrderType.LMT, lmtPrice, totalQuantity: 100, tif: 'GTC', ocaGroup: 'race', ocaType, transmit: true });
    client.placeOrder(a, MSFT, order(405));
    client.placeOrder(b, MSFT, order(406));
    await watch.status(a, 'Submitted');
    await watch.status(b, 'Submitted');
    const done = ocaType === 3 ? watch.status(b, 'Filled') : watch.status(b, 'Cancelled');
    sim.setPrice('MSFT', 411);
    await done;
    expect(watch.sharesExecuted()).toBe(shares);
    expect(sim.executions().reduce((sum, e) => sum + e.shares, 0)).toBe(shares);
    client.assertClean([202]);
  });

  it('OCA group is cancelled whole when a client cancels one order before any execution', async () => {
    await start();
    const { stopId, exitId } = await placeProtection('pos-4', 1);
    const stopCancelled = watch.status(stopId, 'Cancelled');
    client.api.cancelOrder(exitId);
    await watch.status(exitId, 'Cancelled');
    await stopCancelled;
    await client.waitForError(202, stopId);
    sim.setPrice('MSFT', 380);
    expect(sim.executions()).toHaveLength(0);
    client.assertClean([202]);
  });

  it('OCA group keeps working when one order expires at the close (a system cancel does not cascade)', async () => {
    await start();
    const stopId = id++;
    const exitId = id++;
    const { stop, exit } = protection('pos-5', 1);
    client.placeOrder(stopId, MSFT, { ...stop, tif: 'DAY', auxPrice: 300 });
    client.placeOrder(exitId, MSFT, { ...exit, lmtPrice: 500 });
    await watch.status(exitId, 'Submitted');
    const expired = watch.status(stopId, 'Cancelled');
    sim.advanceClock(6.5 * 3600_000); // 16:30
    await expired;
    const exitFilled = watch.status(exitId, 'Filled');
    sim.advanceClock(17 * 3600_000); // next day 09:30
    sim.setPrice('MSFT', 501);
    await exitFilled;
    expect(watch.statusesOf(exitId).some((e) => e.status === 'Cancelled')).toBe(false);
    client.assertClean();
  });

  it('OCA group spans API clients of one account: a fill for client 2 cancels client 1’s stop', async () => {
    await start(undefined, 0);
    const other = new TestClient(sim.port, 2);
    const otherWatch = new OrderWatch(other);
    try {
      const otherId = await other.connect();
      const { stop, exit } = protection('shared', 1);
      client.placeOrder(id, MSFT, stop);
      other.placeOrder(otherId, MSFT, exit);
      await watch.status(id, 'PreSubmitted');
      await otherWatch.status(otherId, 'Submitted');
      const groups = (await (await fetch(`http://127.0.0.1:${sim.controlPort}/oca-groups`)).json()) as unknown[];
      expect(groups).toEqual([
        {
          name: 'shared',
          account: 'DU1234567',
          orders: [
            expect.objectContaining({ clientId: 1, orderId: id, ocaType: 1, state: 'PreSubmitted' }),
            expect.objectContaining({ clientId: 2, orderId: otherId, ocaType: 1, state: 'Submitted' }),
          ],
        },
      ]);
      const stopCancelled = watch.status(id, 'Cancelled');
      sim.setPrice('MSFT', 411);
      await otherWatch.status(otherId, 'Filled');
      await stopCancelled;
      other.assertClean();
      client.assertClean([202]);
    } finally {
      other.disconnect();
    }
  });
});
