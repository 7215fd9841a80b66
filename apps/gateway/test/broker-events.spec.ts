import { Contracts, type BrokerOrderEvent, type Execution, type PlaceOrderCommand } from '@arctrigger/contracts';
import { eventually } from '@arctrigger/testkit';
import { AAPL, GatewayHarness } from './support/gateway-harness';
import { storedMessages } from './support/stream-reader';

let seq = 0;
const order = (over: Partial<PlaceOrderCommand> = {}) =>
  ({ orderRef: `evt${++seq}.entry.1`, conId: AAPL, side: 'BUY', quantity: 5, orderType: 'MKT', tif: 'DAY', outsideRth: false, opening: true, ...over }) as PlaceOrderCommand;
const tradeOf = (cmd: PlaceOrderCommand) => cmd.orderRef.split('.')[0]!;

describe('gateway broker events (gateway process + tws-sim faults + JetStream)', () => {
  let h: GatewayHarness;
  beforeAll(async () => {
    h = await GatewayHarness.start();
    await h.reconciled();
  }, 60_000);
  afterAll(async () => h?.stop());

  const simFills = (cmd: PlaceOrderCommand) => h.sim.executions().filter((e) => e.orderRef === cmd.orderRef);
  const storedFills = (cmd: PlaceOrderCommand) => storedMessages<Execution>(h.admin, 'EXECUTIONS', `gw.exec.v1.${tradeOf(cmd)}`);
  const storedEvents = (cmd: PlaceOrderCommand) => storedMessages<BrokerOrderEvent>(h.admin, 'BROKER_ORDERS', `gw.order.evt.v1.${tradeOf(cmd)}`);

  /** Waits until JetStream holds one execution per simulator fill of the order and the order is filled. */
  async function settled(cmd: PlaceOrderCommand): Promise<{ fills: Execution[]; events: BrokerOrderEvent[] }> {
    return eventually(async () => {
      const fills = (await storedFills(cmd)).map((m) => m.json);
      const events = (await storedEvents(cmd)).map((m) => m.json);
      const filled = events.some((e) => e.type === 'status' && e.status === 'filled');
      return filled && simFills(cmd).length > 0 && fills.length >= simFills(cmd).length ? { fills, events } : undefined;
    }, { timeoutMs: 10_000, what: `settled ${cmd.orderRef}` });
  }

  it('gateway stores one execution when TWS repeats execDetails', async () => {
    h.sim.faults.duplicateNextExecution();
    const cmd = order();
    expect(await h.orders.request(Contracts.PlaceOrder, cmd)).toMatchObject({ ok: true });

    const { fills } = await settled(cmd);

    expect(fills.map((f) => f.execId).sort()).toEqual(simFills(cmd).map((e) => e.execId).sort());
    expect(fills.reduce((n, f) => n + f.shares, 0)).toBe(5);
  });

  it('gateway attributes an execution that arrives before openOrder to the right order', async () => {
    h.sim.faults.execDetailsBeforeOpenOrder();
    const cmd = order();
    expect(await h.orders.request(Contracts.PlaceOrder, cmd)).toMatchObject({ ok: true, value: { orderRef: cmd.orderRef } });

    const { fills } = await settled(cmd);

    expect(fills).toHaveLength(simFills(cmd).length);
    expect(fills.every((f) => f.orderRef === cmd.orderRef && f.permId === simFills(cmd)[0]!.permId)).toBe(true);
  });

  it('gateway reports Cancelled then Filled as TWS sends them, with exactly the real fills', async () => {
    const cmd = order({ orderType: 'LMT', limitPrice: 150 });
    expect(await h.orders.request(Contracts.PlaceOrder, cmd)).toMatchObject({ ok: true, value: { outcome: 'accepted' } });
    h.sim.faults.fillAfterNextCancel();

    const cancel = await h.orders.request(Contracts.CancelOrder, { orderRef: cmd.orderRef });
    const { fills, events } = await settled(cmd);

    expect(cancel).toMatchObject({ ok: true });
    const statuses = events.filter((e) => e.type === 'status').map((e) => (e.type === 'status' ? e.status : ''));
    expect(statuses.indexOf('cancelled')).toBeGreaterThanOrEqual(0);
    expect(statuses.lastIndexOf('filled')).toBeGreaterThan(statuses.indexOf('cancelled'));
    expect(fills.reduce((n, f) => n + f.shares, 0)).toBe(simFills(cmd).reduce((n, e) => n + e.shares, 0));
  });

  it('gateway publishes commissions keyed by execution', async () => {
    const cmd = order();
    await h.orders.request(Contracts.PlaceOrder, cmd);
    const { fills } = await settled(cmd);
    const commissions = await eventually(async () => {
      const c = await storedMessages<{ execId: string; orderRef: string }>(h.admin, 'EXECUTIONS', `gw.commission.v1.${tradeOf(cmd)}`);
      return c.length >= fills.length ? c : undefined;
    }, { what: 'commissions' });
    expect(commissions.map((c) => c.json.execId).sort()).toEqual(fills.map((f) => f.execId).sort());
    expect(commissions.every((c) => c.json.orderRef === cmd.orderRef)).toBe(true);
  });
});
