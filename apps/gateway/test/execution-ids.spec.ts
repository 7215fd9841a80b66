import { Contracts, type Alert, type CommissionReport, type Execution, type PlaceOrderCommand } from '@arctrigger/contracts';
import { eventually } from '@arctrigger/testkit';
import { AAPL, GatewayHarness } from './support/gateway-harness';
import { storedMessages } from './support/stream-reader';

let seq = 0;
const order = (): PlaceOrderCommand =>
  ({ orderRef: `xid${++seq}.entry.1`, conId: AAPL, side: 'BUY', quantity: 2, orderType: 'MKT', tif: 'DAY', outsideRth: false, opening: true }) as PlaceOrderCommand;
const tradeOf = (cmd: PlaceOrderCommand) => cmd.orderRef.split('.')[0]!;

/** A simulator whose wall clock stands still gives the same permIds and execIds at every start (the old, seeded behaviour). */
const FROZEN_WALL_CLOCK = Date.parse('2026-11-24T15:00:00Z');

describe('gateway execution ids repeated by the broker (gateway process + tws-sim restarted + JetStream)', () => {
  let h: GatewayHarness;
  let reconciliations = 1;
  beforeAll(async () => {
    h = await GatewayHarness.start({ simWallClock: () => FROZEN_WALL_CLOCK });
    await h.reconciled(reconciliations);
  }, 60_000);
  afterAll(async () => h?.stop());

  const storedFills = (cmd: PlaceOrderCommand) => storedMessages<Execution>(h.admin, 'EXECUTIONS', `gw.exec.v1.${tradeOf(cmd)}`);
  const storedCommissions = (cmd: PlaceOrderCommand) => storedMessages<CommissionReport>(h.admin, 'EXECUTIONS', `gw.commission.v1.${tradeOf(cmd)}`);
  const alerts = () => storedMessages<Alert>(h.admin, 'ALERTS', 'sys.alert.v1.DUPLICATE_EXECUTION_ID');

  async function filled(cmd: PlaceOrderCommand): Promise<Execution> {
    expect(await h.orders.request(Contracts.PlaceOrder, cmd)).toMatchObject({ ok: true, value: { outcome: 'accepted' } });
    const fills = await eventually(async () => {
      const stored = await storedFills(cmd);
      return stored.length > 0 ? stored : undefined;
    }, { timeoutMs: 10_000, what: `fill of ${cmd.orderRef}` });
    return fills[0]!.json;
  }

  it('gateway stores another order\'s fill under a repeated execution id and raises an alert naming both orders', async () => {
    const first = order();
    const firstFill = await filled(first);
    const from = h.conn.messages.length;
    await h.restartSim();
    await h.waitConnected(from);
    await h.reconciled(++reconciliations);

    const second = order();
    const secondFill = await filled(second);
    const [alert] = await eventually(async () => {
      const stored = await alerts();
      return stored.length > 0 ? stored : undefined;
    }, { what: 'DUPLICATE_EXECUTION_ID alert' });
    const commissions = await eventually(async () => {
      const stored = await storedCommissions(second);
      return stored.length > 0 ? stored : undefined;
    }, { what: 'commission of the second order' });

    expect(secondFill.execId).toBe(firstFill.execId);
    expect(secondFill).toMatchObject({ orderRef: second.orderRef, shares: 2 });
    expect(await storedFills(first)).toHaveLength(1);
    expect(commissions.map((c) => c.json.orderRef)).toEqual([second.orderRef]);
    expect(alert!.json).toMatchObject({
      code: 'DUPLICATE_EXECUTION_ID',
      source: 'gateway',
      active: true,
      facts: { execId: firstFill.execId, orderRef: second.orderRef, permId: secondFill.permId, firstOrderRef: first.orderRef, firstPermId: firstFill.permId },
    });
    expect(alert!.json.message).toContain(first.orderRef);
    expect(alert!.json.message).toContain(second.orderRef);
  });

  it('gateway still drops a true repeat of that fill after a kill -9 and a reconciliation', async () => {
    const trade = `xid${seq}`;
    const second = `${trade}.entry.1`;
    const republished = await h.recorder(`gw.*.v1.${trade}`);
    const raised = await h.recorder('sys.alert.v1.DUPLICATE_EXECUTION_ID');
    await h.gateway.kill();
    await h.startGateway();
    // The new process has no memory of the fill: reconciliation hands it over again, under the
    // execution id (stored for the first order) and then under the second order's own id.
    await republished.waitFor((m) => m.subject.startsWith('gw.commission.') && m.headers['Nats-Msg-Id']?.endsWith(`@${second}`) === true);

    const fills = await storedMessages<Execution>(h.admin, 'EXECUTIONS', `gw.exec.v1.${trade}`);
    const commissions = await storedMessages<CommissionReport>(h.admin, 'EXECUTIONS', `gw.commission.v1.${trade}`);

    expect(republished.messages.filter((m) => m.subject.startsWith('gw.exec.')).map((m) => m.headers['Nats-Msg-Id'])).toEqual([fills[0]!.json.execId, `${fills[0]!.json.execId}@${second}`]);
    expect(fills.map((f) => f.json.orderRef)).toEqual([second]);
    expect(commissions).toHaveLength(1);
    expect(raised.messages).toHaveLength(0);
    expect(await alerts()).toHaveLength(1);
  });
});
