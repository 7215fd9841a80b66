import { ManualClock } from '@arctrigger/service-kit';
import { EventName, OrderAction, OrderType, SecType, type Contract, type Execution, type Order, type OrderState as IbOrderState } from '@stoqey/ib';
import { startTwsSim, type TwsSim } from '../src';
import { TestClient } from './support/ib-client';
import { REGULAR, testScenario } from './support/scenario';

describe('tws-sim order flow', () => {
  let sim: TwsSim;
  let client: TestClient;
  let option: Contract;

  beforeAll(async () => {
    sim = await startTwsSim({ port: 0, scenario: testScenario(), seed: 3, clock: new ManualClock(REGULAR) });
    client = new TestClient(sim.port, 5);
    await client.connect();
    const details = client.collect<[number, { contract: Contract }]>(EventName.contractDetails);
    client.api.reqContractDetails(1, { symbol: 'AAPL', secType: SecType.OPT, exchange: 'SMART', currency: 'USD', right: 'C' as Contract['right'] });
    await client.once(EventName.contractDetailsEnd);
    const calls = details.stop().map(([, d]) => d.contract);
    option = calls.find((c) => c.strike === 200)!;
  });
  afterAll(async () => {
    client.disconnect();
    await sim.close();
  });

  it('fills a marketable option limit order with execDetails carrying the orderRef', async () => {
    const id = client.nextValidId;
    const quote = sim.context.market.quote(sim.context.registry.get(option.conId!)!, sim.clock.now())!;
    const exec = client.once<[number, Contract, Execution]>(EventName.execDetails);
    const filled = client.once<[number, string]>(EventName.orderStatus, (_id, status) => status === 'Filled');
    const commission = client.once<[{ commission: number }]>(EventName.commissionReport);
    const order: Order = { action: OrderAction.BUY, orderType: OrderType.LMT, totalQuantity: 2, lmtPrice: quote.ask, tif: 'DAY', orderRef: 'trade-42', transmit: true };
    client.placeOrder(id, option, order);
    const [, contract, execution] = await exec;
    await filled;
    const [report] = await commission;
    expect(contract.conId).toBe(option.conId);
    expect(execution.orderRef).toBe('trade-42');
    expect(execution.price).toBe(quote.ask);
    expect(report.commission).toBeCloseTo(1.3);
    const positions = client.collect<[string, Contract, number, number]>(EventName.position);
    client.api.reqPositions();
    await client.once(EventName.positionEnd);
    const [, , qty, avgCost] = positions.stop()[0]!;
    expect(qty).toBe(2);
    expect(avgCost).toBeCloseTo((quote.ask * 100 * 2 + 1.3) / 2, 4);
    client.assertClean();
  });

  it('keeps a passive limit order open and lists it in reqOpenOrders', async () => {
    const id = client.nextValidId + 10;
    const open = client.once<[number, Contract, Order, IbOrderState]>(EventName.openOrder, (i) => i === id);
    client.placeOrder(id, option, { action: OrderAction.BUY, orderType: OrderType.LMT, totalQuantity: 1, lmtPrice: 0.05, tif: 'GTC', orderRef: 'passive', transmit: true });
    const [, , placed, state] = await open;
    expect(placed.orderRef).toBe('passive');
    expect(state.status).toBe('Submitted');
    const listed = client.collect<[number, Contract, Order, IbOrderState]>(EventName.openOrder);
    client.api.reqOpenOrders();
    await client.once(EventName.openOrderEnd);
    expect(listed.stop().map(([i]) => i)).toContain(id);
    const cancelled = client.once<[number, string]>(EventName.orderStatus, (i, s) => i === id && s === 'Cancelled');
    client.api.cancelOrder(id);
    await cancelled;
    await client.waitForError(202, id);
    client.assertClean([202]);
  });
});
