import { EventName, OrderAction, OrderType, SecType, type Contract, type ContractDetails, type Execution, type Order, type OrderState } from '@stoqey/ib';
import type { TwsSim } from '../src';
import { TestClient, stock } from './support/ib-client';
import { REGULAR } from './support/scenario';
import { startSim } from './support/sim-fixture';

/** Every request the simulator serves, driven with the real IBApi client; any 505 fails. */
describe('tws-sim conformance with IBApi', () => {
  let sim: TwsSim;
  let client: TestClient;
  let call: Contract;

  beforeAll(async () => {
    ({ sim } = await startSim(REGULAR));
    client = new TestClient(sim.port, 7);
    await client.connect();
  });
  afterAll(async () => {
    client.disconnect();
    await sim.close();
  });

  it('handshake reports server version 193, the paper account and the farm-OK notices', async () => {
    const accounts = client.once<[string]>(EventName.managedAccounts);
    client.api.reqManagedAccts();
    expect((await accounts)[0]).toBe('DU1234567');
    expect(client.api.serverVersion).toBe(193);
    await client.waitForInfo(2104);
    await client.waitForInfo(2158);
  });

  it('reqIds and reqCurrentTime answer from the simulated clock', async () => {
    const ids = client.once<[number]>(EventName.nextValidId);
    client.api.reqIds(1);
    expect((await ids)[0]).toBeGreaterThan(0);
    const time = client.once<[number]>(EventName.currentTime);
    client.api.reqCurrentTime();
    expect((await time)[0]).toBe(Math.floor(sim.clock.now() / 1000));
  });

  it('reqContractDetails describes a stock with its primary exchange and market rule', async () => {
    const details = client.once<[number, ContractDetails]>(EventName.contractDetails, (id) => id === 20);
    client.api.reqContractDetails(20, stock('JPM'));
    const [, d] = await details;
    expect(d.contract.conId).toBe(1520593);
    expect(d.contract.primaryExch).toBe('NYSE');
    expect(d.marketRuleIds).toContain('26');
    expect(d.minTick).toBe(0.01);
  });

  it('reqContractDetails lists an option chain slice and answers 200 for an unknown symbol', async () => {
    const details = client.collect<[number, ContractDetails]>(EventName.contractDetails);
    client.api.reqContractDetails(21, { symbol: 'AAPL', secType: SecType.OPT, exchange: 'SMART', currency: 'USD', strike: 200 });
    await client.once(EventName.contractDetailsEnd, (id) => id === 21);
    const rows = details.stop().map(([, d]) => d);
    expect(rows.length).toBeGreaterThanOrEqual(2);
    expect(rows.every((d) => d.contract.strike === 200 && d.contract.multiplier === 100 && d.underConId === 265598)).toBe(true);
    call = rows.find((d) => String(d.contract.right) === 'C')!.contract;
    client.api.reqContractDetails(22, stock('NOPE'));
    const error = await client.waitForError(200, 22);
    expect(error.message).toContain('No security definition');
  });

  it('reqSecDefOptParams returns expirations and strikes per exchange', async () => {
    const params = client.collect<[number, string, number, string, number, string[], number[]]>(EventName.securityDefinitionOptionParameter);
    client.api.reqSecDefOptParams(23, 'AAPL', '', SecType.STK, 265598);
    await client.once(EventName.securityDefinitionOptionParameterEnd, (id) => id === 23);
    const rows = params.stop();
    expect(rows.map((r) => r[1])).toEqual(['SMART', 'CBOE']);
    expect(rows[0]![5].length).toBe(2);
    expect(rows[0]![6]).toContain(200);
  });

  it('reqMatchingSymbols and reqMarketRule answer', async () => {
    const samples = client.once<[number, { contract: Contract }[]]>(EventName.symbolSamples);
    client.api.reqMatchingSymbols(24, 'MS');
    expect((await samples)[1].map((s) => s.contract.symbol)).toEqual(['MSFT']);
    const rule = client.once<[number, { lowEdge: number; increment: number }[]]>(EventName.marketRule);
    client.api.reqMarketRule(32);
    expect((await rule)[1]).toEqual([{ lowEdge: 0, increment: 0.01 }, { lowEdge: 3, increment: 0.05 }]);
  });

  it('reqMktData streams option quotes with greeks; cancelMktData stops them', async () => {
    const type = client.once<[number, number]>(EventName.marketDataType);
    const computation = client.once<[number, number, number, number, number]>(EventName.tickOptionComputation, (id) => id === 30);
    const ask = client.once<[number, number, number]>(EventName.tickPrice, (id, t) => id === 30 && t === 2);
    client.api.reqMarketDataType(1);
    client.api.reqMktData(30, call, '', false, false);
    await type;
    const [, , , , delta] = await computation;
    expect(delta).toBeGreaterThan(0);
    expect(delta).toBeLessThan(1);
    expect((await ask)[2]).toBeGreaterThan(0);
    client.api.cancelMktData(30);
    const roundTrip = client.once(EventName.currentTime);
    client.api.reqCurrentTime();
    await roundTrip;
    const before = sim.context.hub.ticksSent;
    sim.setPrice('AAPL', 205);
    expect(sim.context.hub.ticksSent).toBe(before);
  });

  it('reqMktData snapshot ends with tickSnapshotEnd; a duplicate ticker id is error 102', async () => {
    const end = client.once<[number]>(EventName.tickSnapshotEnd, (id) => id === 31);
    client.api.reqMktData(31, stock('SPY'), '', true, false);
    await end;
    client.api.reqMktData(32, stock('SPY'), '', false, false);
    client.api.reqMktData(32, stock('SPY'), '', false, false);
    await client.waitForError(102, 32);
    client.api.cancelMktData(32);
  });

  it('placeOrder new + modify, reqAllOpenOrders, reqGlobalCancel, reqCompletedOrders', async () => {
    const id = 100;
    const submitted = client.once<[number, string]>(EventName.orderStatus, (i, s) => i === id && s === 'Submitted');
    const order: Order = { action: OrderAction.BUY, orderType: OrderType.LMT, totalQuantity: 1, lmtPrice: 0.01, tif: 'GTC', orderRef: 'conf-1', transmit: true };
    client.placeOrder(id, call, order);
    await submitted;
    const modified = client.once<[number, Contract, Order, OrderState]>(EventName.openOrder, (i, _c, o) => i === id && o.lmtPrice === 0.02);
    client.placeOrder(id, call, { ...order, lmtPrice: 0.02 });
    const [, , o, state] = await modified;
    expect(o.orderRef).toBe('conf-1');
    expect(state.status).toBe('Submitted');
    const all = client.collect<[number]>(EventName.openOrder);
    client.api.reqAllOpenOrders();
    await client.once(EventName.openOrderEnd);
    expect(all.stop().map(([i]) => i)).toContain(id);
    const cancelled = client.once<[number, string]>(EventName.orderStatus, (i, s) => i === id && s === 'Cancelled');
    client.api.reqGlobalCancel();
    await cancelled;
    const completed = client.collect<[Contract, Order, OrderState]>(EventName.completedOrder);
    client.api.reqCompletedOrders(true);
    await client.once(EventName.completedOrdersEnd);
    const mine = completed.stop().find(([, o2]) => o2.orderRef === 'conf-1');
    expect(mine?.[2].status).toBe('Cancelled');
  });

  it('rejects an off-tick price with 110 and an unknown contract with 200', async () => {
    client.placeOrder(101, call, { action: OrderAction.BUY, orderType: OrderType.LMT, totalQuantity: 1, lmtPrice: 3.03, tif: 'DAY', transmit: true });
    await client.waitForError(110, 101);
    client.placeOrder(102, stock('NOPE'), { action: OrderAction.BUY, orderType: OrderType.MKT, totalQuantity: 1, tif: 'DAY', transmit: true });
    await client.waitForError(200, 102);
  });

  it('fills MKT, STP and STP LMT stock orders; reqExecutions filters; reqPositions reports the net', async () => {
    const mkt = client.once<[number, string]>(EventName.orderStatus, (i, s) => i === 110 && s === 'Filled');
    client.placeOrder(110, stock('MSFT'), { action: OrderAction.BUY, orderType: OrderType.MKT, totalQuantity: 10, tif: 'DAY', orderRef: 'mkt', transmit: true });
    await mkt;
    const price = sim.context.market.underlyingPrice(sim.context.registry.stock('MSFT')!);
    const stop = Math.round((price - 5) * 100) / 100;
    const stopOpen = client.once<[number, string]>(EventName.orderStatus, (i) => i === 111);
    client.placeOrder(111, stock('MSFT'), { action: OrderAction.SELL, orderType: OrderType.STP, auxPrice: stop, totalQuantity: 4, tif: 'DAY', orderRef: 'stp', transmit: true });
    expect((await stopOpen)[1]).toBe('PreSubmitted');
    const stopFilled = client.once<[number, string]>(EventName.orderStatus, (i, s) => i === 111 && s === 'Filled');
    sim.setPrice('MSFT', stop - 1);
    await stopFilled;
    const stpLmt = client.once<[number, string]>(EventName.orderStatus, (i, s) => i === 112 && s === 'Filled');
    client.placeOrder(112, stock('MSFT'), { action: OrderAction.SELL, orderType: OrderType.STP_LMT, auxPrice: stop + 0.5, lmtPrice: stop - 10, totalQuantity: 1, tif: 'DAY', orderRef: 'stplmt', transmit: true });
    await stpLmt;
    const execs = client.collect<[number, Contract, Execution]>(EventName.execDetails);
    client.api.reqExecutions(40, { symbol: 'MSFT', side: 'SELL' });
    await client.once(EventName.execDetailsEnd, (id) => id === 40);
    expect(execs.stop().map(([, , e]) => e.orderRef).sort()).toEqual(['stp', 'stplmt']);
    const positions = client.collect<[string, Contract, number, number]>(EventName.position);
    client.api.reqPositions();
    await client.once(EventName.positionEnd);
    const msft = positions.stop().find(([, c]) => c.symbol === 'MSFT');
    expect(msft?.[2]).toBe(5);
  });

  it('answers an unsupported request with error 321 and keeps serving', async () => {
    client.api.reqNewsBulletins(true);
    await client.waitForInfo(321);
    const time = client.once<[number]>(EventName.currentTime);
    client.api.reqCurrentTime();
    await time;
  });

  it('received no 505 and no unexpected error code', () => {
    client.assertClean([200, 102, 110, 202]);
  });
});
