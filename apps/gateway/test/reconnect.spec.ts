import { Contracts, IbOrderId, KvBuckets, OrderRef, type BrokerOrderEvent, type ConnectionState, type Execution, type PlaceOrderCommand } from '@arctrigger/contracts';
import { TypedKv } from '@arctrigger/service-kit';
import { eventually } from '@arctrigger/testkit';
import { PlacementRecord, PlacementState, placementKey } from '../src/orders/placement-record';
import { AAPL, GatewayHarness } from './support/gateway-harness';
import { storedMessages } from './support/stream-reader';
import { OutMsg } from './support/tws-tap';

let seq = 0;
const order = (over: Partial<PlaceOrderCommand> = {}) =>
  ({ orderRef: `rc${++seq}.entry.1`, conId: AAPL, side: 'BUY', quantity: 3, orderType: 'LMT', limitPrice: 150, tif: 'DAY', outsideRth: false, opening: true, ...over }) as PlaceOrderCommand;
const tradeOf = (cmd: PlaceOrderCommand) => cmd.orderRef.split('.')[0]!;

describe('gateway reconnect and reconciliation (gateway process + tws-sim + nats-server)', () => {
  let h: GatewayHarness;
  let reconciliations = 1;
  beforeAll(async () => {
    h = await GatewayHarness.start();
    await h.reconciled(reconciliations);
  }, 60_000);
  afterAll(async () => h?.stop());

  const states = () => h.conn.messages.map((m) => m.json as ConnectionState);

  it('gateway reconnects, resubscribes, reconciles and publishes a fill missed while disconnected exactly once', async () => {
    const ticks = await h.recorder(`md.tick.v1.${AAPL}`);
    await h.orders.request(Contracts.AcquireMarketDataLease, { subscriberId: 'rc', conIds: [AAPL], ttlMs: 60_000 });
    const cmd = order();
    expect(await h.orders.request(Contracts.PlaceOrder, cmd)).toMatchObject({ ok: true, value: { outcome: 'accepted' } });
    const mktDataBefore = h.tap.of(OutMsg.REQ_MKT_DATA).length;

    h.tap.blocked = true;
    h.tap.cut();
    await h.conn.waitFor((m) => (m.json as ConnectionState).status === 'disconnected');
    expect(await h.orders.request(Contracts.PlaceOrder, order())).toMatchObject({ ok: false, code: 'TWS_DISCONNECTED' });
    h.sim.setPrice('AAPL', 140);
    const missed = await eventually(() => h.sim.executions().filter((e) => e.orderRef === cmd.orderRef).length > 0 && h.sim.executions().filter((e) => e.orderRef === cmd.orderRef), { what: 'fill at the simulator' });
    const from = h.conn.messages.length;
    h.tap.blocked = false;
    await h.waitConnected(from);
    await h.reconciled(++reconciliations);

    expect(h.tap.of(OutMsg.REQ_MKT_DATA).length).toBe(mktDataBefore + 1);
    const tickAfter = ticks.messages.length;
    await ticks.waitFor(() => ticks.messages.length > tickAfter);
    const fills = await eventually(async () => {
      const stored = await storedMessages<Execution>(h.admin, 'EXECUTIONS', `gw.exec.v1.${tradeOf(cmd)}`);
      return stored.length >= missed.length ? stored : undefined;
    }, { what: 'recovered fills' });
    expect(fills.map((f) => f.json.execId).sort()).toEqual(missed.map((e) => e.execId).sort());
    expect(fills.every((f) => f.json.reconciled && f.json.orderRef === cmd.orderRef)).toBe(true);
    const events = (await storedMessages<BrokerOrderEvent>(h.admin, 'BROKER_ORDERS', `gw.order.evt.v1.${tradeOf(cmd)}`)).map((m) => m.json);
    expect(events).toContainEqual(expect.objectContaining({ type: 'status', status: 'filled', reconciled: true }));
    h.sim.setPrice('AAPL', 230);
  });

  it('gateway keeps order ids unique after a TWS restart that rolls nextValidId back', async () => {
    const before = order({ limitPrice: 100 });
    const first = await h.orders.request(Contracts.PlaceOrder, before);
    expect(first.ok).toBe(true);
    const from = h.conn.messages.length;
    h.sim.faults.restart(50);
    await h.waitConnected(from);
    await h.reconciled(++reconciliations);

    const after = order({ limitPrice: 101 });
    const second = await h.orders.request(Contracts.PlaceOrder, after);

    expect(second).toMatchObject({ ok: true, value: { outcome: 'accepted' } });
    const ids = [first, second].map((r) => (r.ok ? r.value.ibOrderId : -1));
    expect(ids[1]).toBeGreaterThan(ids[0]!);
    const simAfter = h.sim.orders().find((o) => o.orderRef === after.orderRef)!;
    expect(simAfter.orderId).toBe(ids[1]);
    expect(h.sim.orders().find((o) => o.orderRef === before.orderRef)?.lmtPrice).toBe(100);
    const events = (await storedMessages<BrokerOrderEvent>(h.admin, 'BROKER_ORDERS', `gw.order.evt.v1.${tradeOf(after)}`)).map((m) => m.json);
    expect(events.every((e) => e.orderRef === after.orderRef && e.type !== 'rejected')).toBe(true);
  });

  it('gateway suspends firing on 1100 and resubscribes and reconciles on 1101', async () => {
    await h.orders.request(Contracts.AcquireMarketDataLease, { subscriberId: 'rc', conIds: [AAPL], ttlMs: 60_000 });
    const mktDataBefore = h.tap.of(OutMsg.REQ_MKT_DATA).length;
    h.sim.faults.connectivityLost();
    const degraded = (await h.conn.waitFor((m) => (m.json as ConnectionState).code === 1100)).json as ConnectionState;
    expect(degraded).toMatchObject({ status: 'degraded', firingAllowed: false });

    h.sim.faults.connectivityRestored(true);
    const restored = (await h.conn.waitFor((m) => (m.json as ConnectionState).code === 1101)).json as ConnectionState;
    await h.reconciled(++reconciliations);

    expect(restored).toMatchObject({ status: 'connected', firingAllowed: true });
    expect(h.tap.of(OutMsg.REQ_MKT_DATA).length).toBe(mktDataBefore + 1);
  });

  it('gateway answers an unacknowledged placement as unknown, never re-sends it, and resolves it by reconciliation', async () => {
    h.sim.faults.delayCallbacks(5_000);
    const cmd = order({ limitPrice: 120 });
    const placesBefore = h.tap.of(OutMsg.PLACE_ORDER).length;

    const first = await h.orders.request(Contracts.PlaceOrder, cmd);
    const again = await h.orders.request(Contracts.PlaceOrder, cmd);

    expect(first).toMatchObject({ ok: true, value: { outcome: 'unknown', permId: null } });
    expect(again).toEqual(first);
    expect(h.tap.of(OutMsg.PLACE_ORDER).length).toBe(placesBefore + 1);
    h.sim.faults.delayCallbacks(0);
    const from = h.conn.messages.length;
    h.tap.cut();
    await h.waitConnected(from);
    await h.reconciled(++reconciliations);
    const resolved = await h.orders.request(Contracts.PlaceOrder, cmd);
    expect(resolved).toMatchObject({ ok: true, value: { outcome: 'accepted' } });
    expect(h.tap.of(OutMsg.PLACE_ORDER).length).toBe(placesBefore + 1);
    expect(states().some((s) => s.status === 'connecting')).toBe(true);
  });
});

describe('gateway late acknowledgement', () => {
  let h: GatewayHarness;
  beforeAll(async () => {
    h = await GatewayHarness.start();
    await h.reconciled();
  }, 60_000);
  afterAll(async () => h?.stop());

  it('gateway settles an unknown placement when TWS acknowledges it late, without sending it again', async () => {
    h.sim.faults.delayCallbacks(4_000);
    const cmd = order({ limitPrice: 125 });
    const events = await h.recorder(`gw.order.evt.v1.${tradeOf(cmd)}`);

    const first = await h.orders.request(Contracts.PlaceOrder, cmd);
    await events.waitFor((m) => (m.json as BrokerOrderEvent).type === 'status', 10_000);
    h.sim.faults.delayCallbacks(0);
    const later = await eventually(async () => {
      const r = await h.orders.request(Contracts.PlaceOrder, cmd);
      return r.ok && r.value.outcome === 'accepted' ? r : undefined;
    }, { what: 'accepted answer' });

    expect(first).toMatchObject({ ok: true, value: { outcome: 'unknown' } });
    expect(events.messages.map((m) => (m.json as BrokerOrderEvent).type)).toContain('unknown');
    expect(later.ok && first.ok && later.value.ibOrderId).toBe(first.ok && first.value.ibOrderId);
    expect(h.tap.of(OutMsg.PLACE_ORDER).filter((m) => m.fields.includes(cmd.orderRef))).toHaveLength(1);
  }, 20_000);
});

describe('gateway restart (gateway process killed and started again)', () => {
  let h: GatewayHarness;
  beforeAll(async () => {
    h = await GatewayHarness.start();
    await h.reconciled();
  }, 60_000);
  afterAll(async () => h?.stop());

  it('gateway answers a repeated place command after its own restart with the first answer and keeps ids above the high-water', async () => {
    const cmd = order({ orderRef: OrderRef.parse('restart1.entry.1'), limitPrice: 110 });
    const first = await h.orders.request(Contracts.PlaceOrder, cmd);
    expect(first).toMatchObject({ ok: true, value: { outcome: 'accepted' } });
    const placesBefore = h.tap.of(OutMsg.PLACE_ORDER).length;

    await h.gateway.kill();
    await h.startGateway();
    await h.reconciled();
    const again = await h.orders.request(Contracts.PlaceOrder, cmd);
    const next = await h.orders.request(Contracts.PlaceOrder, order({ orderRef: OrderRef.parse('restart2.entry.1'), limitPrice: 111 }));

    expect(again).toEqual(first);
    expect(h.tap.of(OutMsg.PLACE_ORDER).length).toBe(placesBefore + 1);
    expect(next.ok && first.ok && next.value.ibOrderId > first.value.ibOrderId).toBe(true);
    expect(h.sim.orders().filter((o) => o.orderRef === cmd.orderRef)).toHaveLength(1);
  });

  it('gateway forgets finished placements older than the retention at start, and keeps the rest', async () => {
    const kv = await TypedKv.open(h.admin, KvBuckets.GATEWAY, PlacementRecord);
    const day = 86_400_000;
    const seed = async (orderRef: string, state: PlacementState, tif: 'DAY' | 'GTC', ageDays: number) => {
      const at = Date.now() - ageDays * day;
      await kv.put(placementKey(orderRef), {
        orderRef: OrderRef.parse(orderRef), ibOrderId: IbOrderId.parse(900 + seq++), clientId: 7, permId: null, state, rejection: null, createdAt: at, updatedAt: at,
        order: { conId: AAPL, side: 'BUY', quantity: 1, orderType: 'LMT', limitPrice: 100, tif, outsideRth: false, opening: true },
      });
    };
    await seed('old-day.entry.1', PlacementState.ACCEPTED, 'DAY', 8);
    await seed('old-rejected.entry.1', PlacementState.REJECTED, 'DAY', 30);
    await seed('old-gtc.entry.1', PlacementState.ACCEPTED, 'GTC', 30);
    await seed('old-unknown.entry.1', PlacementState.UNKNOWN, 'DAY', 30);
    await seed('recent-day.entry.1', PlacementState.ACCEPTED, 'DAY', 6);

    await h.gateway.stop();
    await h.startGateway();
    await h.gateway.waitFor(/old placement records pruned/);

    const left = new Set((await kv.entries('placement.>')).map((e) => e.value.orderRef));
    expect(left.has(OrderRef.parse('old-day.entry.1'))).toBe(false);
    expect(left.has(OrderRef.parse('old-rejected.entry.1'))).toBe(false);
    expect([...left].filter((r) => r.startsWith('old-') || r.startsWith('recent-')).sort()).toEqual(['old-gtc.entry.1', 'old-unknown.entry.1', 'recent-day.entry.1']);
    expect(h.gateway.output()).toContain('"pruned":2');
  });
});

describe('gateway reconciliation of unknown placements while connected', () => {
  let h: GatewayHarness;
  beforeAll(async () => {
    h = await GatewayHarness.start({ env: { ORDER_ACK_TIMEOUT_MS: '500', UNKNOWN_RECONCILE_MS: '1000' } });
    await h.reconciled();
  }, 60_000);
  afterAll(async () => h?.stop());

  it('gateway finds an unacknowledged order at the broker by reconciliation, with no reconnect and no second placeOrder', async () => {
    h.sim.faults.delayCallbacks(6_000);
    const cmd = order({ limitPrice: 130 });
    const from = h.conn.messages.length;
    const events = await h.recorder(`gw.order.evt.v1.${tradeOf(cmd)}`);

    const first = await h.orders.request(Contracts.PlaceOrder, cmd);
    expect(first).toMatchObject({ ok: true, value: { outcome: 'unknown' } });
    await h.reconciled(2);
    const resolved = await h.orders.request(Contracts.PlaceOrder, cmd);
    h.sim.faults.delayCallbacks(0);

    expect(resolved).toMatchObject({ ok: true, value: { outcome: 'accepted' } });
    expect(h.gateway.output()).toContain(`"why":"unknown placement"`);
    // The order was heard of first through that reconciliation (the delayed callbacks are still held).
    const firstStatus = await events.waitFor((m) => (m.json as BrokerOrderEvent).type === 'status');
    expect(firstStatus.json).toMatchObject({ orderRef: cmd.orderRef, reconciled: true });
    expect(h.tap.of(OutMsg.PLACE_ORDER).filter((m) => m.fields.includes(cmd.orderRef))).toHaveLength(1);
    expect(h.conn.messages.slice(from).every((m) => (m.json as ConnectionState).status === 'connected')).toBe(true);
  }, 20_000);
});
