import { EventName, OrderAction, OrderType, type Contract, type Execution, type Order } from '@stoqey/ib';
import type { TwsSim } from '../src';
import { TestClient, stock } from './support/ib-client';
import { REGULAR } from './support/scenario';
import { startSim } from './support/sim-fixture';

const buy = (qty: number, orderRef: string, lmtPrice?: number): Order => ({
  action: OrderAction.BUY,
  orderType: lmtPrice === undefined ? OrderType.MKT : OrderType.LMT,
  lmtPrice,
  totalQuantity: qty,
  tif: 'DAY',
  orderRef,
  transmit: true,
});

/** Every injectable fault, observed through the real client. */
describe('tws-sim faults', () => {
  let sim: TwsSim;
  let client: TestClient;
  let nextId = 1;
  beforeEach(async () => {
    ({ sim } = await startSim(REGULAR));
    client = new TestClient(sim.port, 1);
    nextId = await client.connect();
  });
  afterEach(async () => {
    client.disconnect();
    await sim.close();
  });

  it('drop every connection: the client sees disconnected', async () => {
    const gone = client.once(EventName.disconnected);
    sim.faults.dropConnections();
    await gone;
  });

  it('refuse connections for a while: connecting fails, later succeeds', async () => {
    client.disconnect();
    sim.faults.refuseConnections(300);
    const refused = new TestClient(sim.port, 2);
    const closed = refused.once(EventName.disconnected);
    refused.api.connect(2);
    await closed;
    refused.disconnect();
    await new Promise((r) => setTimeout(r, 350));
    const later = new TestClient(sim.port, 2);
    await later.connect();
    later.disconnect();
  });

  it('1100 then 1101: ticks stop, subscriptions are lost', async () => {
    client.api.reqMktData(5, stock('AAPL'), '', false, false);
    await client.once(EventName.tickPrice, (id: number) => id === 5);
    sim.faults.connectivityLost();
    await client.waitForInfo(1100);
    const sent = sim.context.hub.ticksSent;
    sim.setPrice('AAPL', 250);
    expect(sim.context.hub.ticksSent).toBe(sent);
    sim.faults.connectivityRestored(true);
    await client.waitForInfo(1101);
    sim.setPrice('AAPL', 251);
    expect(sim.context.hub.ticksSent).toBe(sent);
  });

  it('1100 then 1102: data maintained, ticks resume', async () => {
    client.api.reqMktData(5, stock('AAPL'), '', false, false);
    await client.once(EventName.tickPrice, (id: number) => id === 5);
    sim.faults.connectivityLost();
    sim.faults.connectivityRestored(false);
    await client.waitForInfo(1102);
    const tick = client.once(EventName.tickPrice, (id: number, type: number, price: number) => id === 5 && type === 4 && price === 260);
    sim.setPrice('AAPL', 260);
    await tick;
  });

  it('data farm flap: 2103 stops ticks, 2104 resumes them; pause does the same silently', async () => {
    client.api.reqMktData(5, stock('AAPL'), '', false, false);
    await client.once(EventName.tickPrice, (id: number) => id === 5);
    sim.faults.farmBroken();
    await client.waitForInfo(2103);
    const sent = sim.context.hub.ticksSent;
    sim.setPrice('AAPL', 230);
    expect(sim.context.hub.ticksSent).toBe(sent);
    const okCount = client.infos.filter((i) => i.code === 2104).length;
    sim.faults.farmOk();
    await client.once(EventName.info, (_m: string, code: number) => code === 2104);
    expect(client.infos.filter((i) => i.code === 2104).length).toBe(okCount + 1);
    sim.faults.pauseMarketData(true);
    sim.setPrice('AAPL', 231);
    expect(sim.context.hub.ticksSent).toBe(sent);
    sim.faults.pauseMarketData(false);
    const tick = client.once(EventName.tickPrice, (id: number, type: number, price: number) => id === 5 && type === 4 && price === 232);
    sim.setPrice('AAPL', 232);
    await tick;
  });

  it('late callbacks: nothing until the simulated delay has passed', async () => {
    sim.faults.delayCallbacks(5_000);
    const events: string[] = [];
    client.api.on(EventName.orderStatus, () => events.push('status'));
    client.placeOrder(nextId, stock('AAPL'), buy(1, 'late'));
    const roundTrip = client.once(EventName.currentTime);
    client.api.reqCurrentTime();
    await roundTrip;
    expect(events).toEqual([]);
    const filled = client.once(EventName.orderStatus, (_id: number, s: string) => s === 'Filled');
    sim.advanceClock(5_000);
    await filled;
  });

  it('duplicate execDetails: the same execId twice', async () => {
    sim.faults.duplicateNextExecution();
    const execs = client.collect<[number, Contract, Execution]>(EventName.execDetails);
    client.placeOrder(nextId, stock('AAPL'), buy(1, 'dup'));
    await client.once(EventName.commissionReport);
    const ids = execs.stop().map(([, , e]) => e.execId);
    expect(ids).toHaveLength(2);
    expect(ids[0]).toBe(ids[1]);
  });

  it('execDetails before openOrder', async () => {
    sim.faults.execDetailsBeforeOpenOrder();
    const order: string[] = [];
    client.api.on(EventName.execDetails, () => order.push('exec'));
    client.api.on(EventName.openOrder, () => order.push('open'));
    client.placeOrder(nextId, stock('AAPL'), buy(1, 'reorder'));
    await client.once(EventName.commissionReport);
    expect(order[0]).toBe('exec');
    expect(order).toContain('open');
  });

  it('Cancelled then Filled: a fill arrives after the cancel acknowledgement', async () => {
    const statuses: string[] = [];
    client.api.on(EventName.orderStatus, (_id: number, s: string) => statuses.push(s));
    client.placeOrder(nextId, stock('AAPL'), buy(2, 'race', 1));
    await client.once(EventName.orderStatus, (_id: number, s: string) => s === 'Submitted');
    sim.faults.fillAfterNextCancel();
    client.api.cancelOrder(nextId);
    await client.once(EventName.orderStatus, (_id: number, s: string) => s === 'Filled');
    expect(statuses.slice(-2)).toEqual(['Cancelled', 'Filled']);
    expect(sim.positions()[0]?.quantity).toBe(2);
  });

  it('reject the next order: 201 and Inactive', async () => {
    sim.faults.rejectNextOrder(201, 'No trading permissions');
    const inactive = client.once(EventName.orderStatus, (_id: number, s: string) => s === 'Inactive');
    client.placeOrder(nextId, stock('AAPL'), buy(1, 'reject'));
    const error = await client.waitForError(201, nextId);
    await inactive;
    expect(error.message).toContain('No trading permissions');
  });

  it('a pacing violation (100) drops the order: the error for its id, no order, no status', async () => {
    sim.faults.rejectNextOrder(100, 'Max rate of messages per second has been exceeded');
    const statuses: string[] = [];
    client.api.on(EventName.orderStatus, (id: number, s: string) => { if (id === nextId) statuses.push(s); });
    client.placeOrder(nextId, stock('AAPL'), buy(1, 'paced'));
    await client.waitForError(100, nextId);
    // The same ref placed again under a new id is a normal order: the dropped one never existed.
    const accepted = client.once(EventName.orderStatus, (id: number) => id === nextId + 1);
    client.placeOrder(nextId + 1, stock('AAPL'), buy(1, 'paced'));
    await accepted;
    expect(statuses).toEqual([]);
    expect(sim.orders().filter((o) => o.orderRef === 'paced').map((o) => o.orderId)).toEqual([nextId + 1]);
  });

  it('restart rolls next valid id back: the stale id collides with 103', async () => {
    const cancelled = client.once(EventName.orderStatus, (_id: number, s: string) => s === 'Cancelled');
    client.placeOrder(nextId, stock('AAPL'), buy(1, 'before-restart', 1));
    client.api.cancelOrder(nextId);
    await cancelled;
    const gone = client.once(EventName.disconnected);
    sim.faults.restart(1);
    await gone;
    const again = new TestClient(sim.port, 1);
    const staleId = await again.connect();
    expect(staleId).toBe(nextId);
    again.placeOrder(staleId, stock('AAPL'), buy(1, 'after-restart'));
    await again.waitForError(103, staleId);
    again.disconnect();
  });

  it('late fill after a rejection: the execution of an Inactive order reaches the client and moves the position', async () => {
    sim.faults.rejectNextOrder(201, 'Rejected');
    const inactive = client.once(EventName.orderStatus, (_id: number, s: string) => s === 'Inactive');
    client.placeOrder(nextId, stock('AAPL'), buy(3, 'late-rej'));
    await inactive;
    const exec = client.once<[number, Contract, Execution]>(EventName.execDetails, (_r: number, _c: Contract, e: Execution) => e.orderRef === 'late-rej');
    const injected = sim.faults.lateFill('late-rej', 2, 210);
    const [, , e] = await exec;
    expect(injected).toMatchObject({ shares: 2, price: 210, side: 'BOT', orderRef: 'late-rej' });
    expect(e).toMatchObject({ execId: (injected as { execId: string }).execId, shares: 2, side: 'BOT' });
    expect(sim.positions()[0]?.quantity).toBe(2);
  });

  it('swallow the next order: no callback and no trace in open or completed orders, until a late fill reports it', async () => {
    sim.faults.swallowNextOrder();
    const statuses: string[] = [];
    client.api.on(EventName.orderStatus, (id: number, s: string) => { if (id === nextId) statuses.push(s); });
    client.placeOrder(nextId, stock('AAPL'), buy(2, 'lost'));
    // An order placed after it is answered: the swallowed one got nothing.
    const after = client.once(EventName.orderStatus, (id: number) => id === nextId + 1);
    client.placeOrder(nextId + 1, stock('AAPL'), buy(1, 'seen', 1));
    await after;
    expect(statuses).toEqual([]);
    expect(sim.orders().map((o) => o.orderRef)).toEqual(['seen']);
    const exec = client.once<[number, Contract, Execution]>(EventName.execDetails, (_r: number, _c: Contract, e: Execution) => e.orderRef === 'lost');
    sim.faults.lateFill('lost', 2);
    expect((await exec)[2]).toMatchObject({ shares: 2, orderRef: 'lost' });
    expect(sim.faults.lateFill('nobody', 1)).toMatchObject({ ok: false, code: 'UNKNOWN_ORDER' });
  });

  it('fill partially then stall', async () => {
    sim.faults.stallNextOrderAfter(3);
    const partial = client.once(EventName.orderStatus, (_id: number, s: string, filled: number) => s === 'Submitted' && filled === 3);
    client.placeOrder(nextId, stock('AAPL'), buy(10, 'stall'));
    await partial;
    sim.advanceClock(60_000);
    expect(sim.orders()[0]?.filled).toBe(3);
    expect(sim.orders()[0]?.state).toBe('Submitted');
  });
});
