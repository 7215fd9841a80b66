import { Contracts, KvBuckets, OrderRef, parseOrderRef, type BrokerOrderEvent, type PlaceOrderCommand, type PlaceOrderCommandV2, type RiskDecision } from '@arctrigger/contracts';
import { TypedKv, type Bus } from '@arctrigger/service-kit';
import { eventually } from '@arctrigger/testkit';
import { PACING_RESEND_PAUSES_MS } from '../src/orders/order-desk';
import { PlacementRecord, placementKey } from '../src/orders/placement-record';
import { AAPL, GatewayHarness } from './support/gateway-harness';
import { OutMsg } from './support/tws-tap';

/** How long the gateway waits to hear a v2 order's risk decision (RISK_DECISION_WAIT_MS). */
const RISK_DECISION_WAIT_MS = 1_000;

let seq = 0;
const place = (over: Partial<Omit<PlaceOrderCommand, 'orderRef'>> & { orderRef?: string } = {}) =>
  ({ orderRef: `ord${++seq}.entry.1`, conId: AAPL, side: 'BUY', quantity: 10, orderType: 'LMT', limitPrice: 200, tif: 'DAY', outsideRth: false, opening: true, ...over }) as PlaceOrderCommand;
const placeOnApproval = (over: Partial<PlaceOrderCommandV2> = {}): PlaceOrderCommandV2 => ({ ...place(), riskCheckId: `chk-${seq}`, ...over });
const approved = (): RiskDecision => ({ approved: true, reservationId: `res-${seq}`, expiresAt: Date.now() + 60_000 });

/** Publishes the risk-service's decision of `cmd`'s check as the risk-service does (`risk.decision.v1.<orderRef>`). */
function publishDecision(risk: Bus, cmd: PlaceOrderCommandV2, decision: RiskDecision, over: { quantity?: number } = {}): void {
  const ref = parseOrderRef(cmd.orderRef);
  if (!ref) throw new Error(`not an orderRef: ${cmd.orderRef}`);
  risk.publish(
    Contracts.RiskDecided,
    { checkId: cmd.riskCheckId, orderRef: cmd.orderRef, tradeId: ref.tradeId, conId: cmd.conId, side: cmd.side, quantity: over.quantity ?? cmd.quantity, price: cmd.limitPrice ?? 200, opening: cmd.opening, decision, decidedAt: Date.now() },
    { params: { tradeId: ref.tradeId, leg: ref.leg, attempt: ref.attempt } },
  );
}

describe('gateway orders (gateway process + tws-sim + nats-server)', () => {
  let h: GatewayHarness;
  beforeAll(async () => {
    h = await GatewayHarness.start({ env: { RISK_DECISION_WAIT_MS: String(RISK_DECISION_WAIT_MS) } });
    await h.reconciled();
    // Closing orders sell only what is held: the account holds 100 AAPL for the closing sells below.
    await hold(100);
  }, 60_000);

  /** Buys `quantity` AAPL at market (a marketable limit) and waits until the gateway has published every execution. */
  async function hold(quantity: number): Promise<string> {
    const cmd = place({ orderRef: `hold${++seq}.entry.1`, quantity, limitPrice: 400 });
    const fills = await h.recorder(`gw.exec.v1.${cmd.orderRef.split('.')[0]}`);
    expect(await h.orders.request(Contracts.PlaceOrder, cmd)).toMatchObject({ ok: true });
    await eventually(() => fills.messages.reduce((sum, m) => sum + (m.json as { shares: number }).shares, 0) === quantity, { what: `${quantity} AAPL bought` });
    fills.stop();
    return cmd.orderRef;
  }

  it('gateway refuses a closing sell larger than the position net of working sells, before anything reaches TWS, and lets one that fits through', async () => {
    const held = await h.orders.request(Contracts.PlaceOrder, place({ orderRef: `cl${++seq}.stop.1`, side: 'SELL', opening: false, quantity: 10, limitPrice: 390 }));
    expect(held).toMatchObject({ ok: true, value: { outcome: 'accepted' } });
    const placesBefore = h.tap.of(OutMsg.PLACE_ORDER).length;

    const tooMany = await h.orders.request(Contracts.PlaceOrder, place({ orderRef: `cl${++seq}.flat.1`, side: 'SELL', opening: false, quantity: 1_000, limitPrice: 390 }));

    expect(tooMany).toMatchObject({ ok: false, code: 'CLOSING_EXCEEDS_POSITION', retryable: true });
    expect(!tooMany.ok && tooMany.message).toMatch(/closing sell of 1000 exceeds the position: \d+ held in conId \d+, \d+ already being sold by working orders/);
    expect(h.tap.of(OutMsg.PLACE_ORDER).length).toBe(placesBefore);
    // Cancelling the working sell frees its 10 for another closing order — and not one more.
    const ref = (held as { value: { orderRef: PlaceOrderCommand['orderRef'] } }).value.orderRef;
    expect(await h.orders.request(Contracts.CancelOrder, { orderRef: ref })).toMatchObject({ ok: true });
    const free = Number(/at most (\d+) may be closed/.exec(!tooMany.ok ? tooMany.message : '')![1]) + 10;
    expect(await h.orders.request(Contracts.PlaceOrder, place({ orderRef: `cl${++seq}.flat.1`, side: 'SELL', opening: false, quantity: free + 1, limitPrice: 390 }))).toMatchObject({ ok: false, code: 'CLOSING_EXCEEDS_POSITION' });
    const last = OrderRef.parse(`cl${++seq}.flat.1`);
    expect(await h.orders.request(Contracts.PlaceOrder, place({ orderRef: last, side: 'SELL', opening: false, quantity: free, limitPrice: 390 }))).toMatchObject({ ok: true });
    expect(h.tap.of(OutMsg.PLACE_ORDER).length).toBe(placesBefore + 1);
    // A closing sell made larger than is free is refused too; the order stays as it was.
    expect(await h.orders.request(Contracts.ModifyOrder, { orderRef: last, quantity: free + 1 })).toMatchObject({ ok: false, code: 'CLOSING_EXCEEDS_POSITION' });
    expect(await h.orders.request(Contracts.CancelOrder, { orderRef: last })).toMatchObject({ ok: true });
  });
  afterAll(async () => h?.stop());

  it('gateway places one broker order for the same place command sent three times concurrently', async () => {
    const cmd = place();
    const placesBefore = h.tap.of(OutMsg.PLACE_ORDER).length;

    const answers = await Promise.all([h.orders.request(Contracts.PlaceOrder, cmd), h.orders.request(Contracts.PlaceOrder, cmd), h.orders.request(Contracts.PlaceOrder, cmd)]);

    expect(answers[0]).toMatchObject({ ok: true, value: { orderRef: cmd.orderRef, outcome: 'accepted' } });
    expect(answers[1]).toEqual(answers[0]);
    expect(answers[2]).toEqual(answers[0]);
    expect(h.tap.of(OutMsg.PLACE_ORDER).length - placesBefore).toBe(1);
    expect(h.sim.orders().filter((o) => o.orderRef === cmd.orderRef)).toHaveLength(1);
  });

  it('gateway answers a repeated place command later with the first answer and sends nothing', async () => {
    const cmd = place();
    const first = await h.orders.request(Contracts.PlaceOrder, cmd);
    const placesBefore = h.tap.of(OutMsg.PLACE_ORDER).length;

    const again = await h.orders.request(Contracts.PlaceOrder, cmd);

    expect(again).toEqual(first);
    expect(h.tap.of(OutMsg.PLACE_ORDER).length).toBe(placesBefore);
  });

  it('gateway sends an order ahead of a burst of 200 look-ups', async () => {
    const sentBefore = h.tap.sent.length;
    // Requests from one connection reach the gateway in order: the 200 look-ups are queued first.
    const lookups = Array.from({ length: 200 }, (_, i) => h.orders.request(Contracts.SymbolSearch, { pattern: `Q${i}` }, { timeoutMs: 20_000 }));
    const placed = await h.orders.request(Contracts.PlaceOrder, place());
    const answers = await Promise.all(lookups);

    expect(placed).toMatchObject({ ok: true, value: { outcome: 'accepted' } });
    expect(answers.every((a) => a.ok)).toBe(true);
    const window = h.tap.sent.slice(sentBefore);
    const orderAt = window.findIndex((m) => m.msgId === OutMsg.PLACE_ORDER);
    const searches = window.filter((m) => m.msgId === OutMsg.REQ_MATCHING_SYMBOLS).length;
    // Only the pacer's burst (5) and what its refill (one per 22 ms) released while the order was
    // checked in KV go first — a handful on an idle machine, a few more when the KV round trip is
    // slow under load; in arrival order the order would be the 201st message.
    expect(searches).toBe(200);
    expect(orderAt).toBeLessThan(40);
  }, 30_000);

  it('gateway refuses an opening order while HALTED and lets a closing order through', async () => {
    await h.setTradingState('HALTED');
    const placesBefore = h.tap.of(OutMsg.PLACE_ORDER).length;

    const opening = await h.orders.request(Contracts.PlaceOrder, place());
    const closing = await h.orders.request(Contracts.PlaceOrder, place({ side: 'SELL', opening: false, limitPrice: 260 }));

    expect(opening).toEqual({ ok: false, code: 'TRADING_HALTED', message: 'Opening order refused: trading is HALTED by risk-service (test).' });
    expect(closing).toEqual({ ok: true, value: expect.objectContaining({ outcome: 'accepted' }) });
    expect(h.tap.of(OutMsg.PLACE_ORDER).length - placesBefore).toBe(1);
    await h.setTradingState('REDUCING');
    expect(await h.orders.request(Contracts.PlaceOrder, place())).toMatchObject({ ok: false, code: 'REDUCING_ONLY' });
    await h.setTradingState('ACTIVE');
  });

  it('gateway refuses opening orders once an admin deleted the trading-state record, and lets closing orders through', async () => {
    await h.deleteTradingState();
    const placesBefore = h.tap.of(OutMsg.PLACE_ORDER).length;

    const opening = await h.orders.request(Contracts.PlaceOrder, place());
    const closing = await h.orders.request(Contracts.PlaceOrder, place({ side: 'SELL', opening: false, limitPrice: 260 }));

    expect(opening).toMatchObject({ ok: false, code: 'TRADING_STATE_UNAVAILABLE', message: expect.stringMatching(/no trading state is recorded/) });
    expect(closing).toMatchObject({ ok: true, value: { outcome: 'accepted' } });
    expect(h.tap.of(OutMsg.PLACE_ORDER).length - placesBefore).toBe(1);
    await h.setTradingState('ACTIVE');
    expect(await h.orders.request(Contracts.PlaceOrder, place())).toMatchObject({ ok: true });
  });

  it.each([
    ['an unknown conId', { conId: 999_999 }, 'UNKNOWN_CONTRACT'],
    ['a negative quantity', { quantity: -5 }, 'INVALID_REQUEST'],
    ['a limit off the tick grid', { limitPrice: 200.003 }, 'OFF_TICK_GRID'],
    ['a stop price on a limit order', { stopPrice: 199 }, 'INVALID_REQUEST'],
  ])('gateway refuses %s with a clear error and sends nothing to the broker', async (_what, over, code) => {
    const placesBefore = h.tap.of(OutMsg.PLACE_ORDER).length;
    const answer = await h.orders.request(Contracts.PlaceOrder, place(over as Partial<PlaceOrderCommand>));
    expect(answer).toMatchObject({ ok: false, code, message: expect.any(String) });
    expect(h.tap.of(OutMsg.PLACE_ORDER).length).toBe(placesBefore);
  });

  it('gateway leaves no placement behind a command refused after its record was written: the same orderRef, corrected, is placed once', async () => {
    // The record's create leaves with the command, before the contract checks refuse it.
    const offGrid = place({ limitPrice: 200.003 });
    expect(await h.orders.request(Contracts.PlaceOrder, offGrid)).toMatchObject({ ok: false, code: 'OFF_TICK_GRID' });
    const unknown = place({ conId: 999_999 } as Partial<PlaceOrderCommand>);
    expect(await h.orders.request(Contracts.PlaceOrder, unknown)).toMatchObject({ ok: false, code: 'UNKNOWN_CONTRACT' });
    const placesBefore = h.tap.of(OutMsg.PLACE_ORDER).length;

    const corrected = await h.orders.request(Contracts.PlaceOrder, { ...offGrid, limitPrice: 200 });
    const correctedContract = await h.orders.request(Contracts.PlaceOrder, { ...unknown, conId: AAPL });

    expect(corrected).toMatchObject({ ok: true, value: { orderRef: offGrid.orderRef, outcome: 'accepted' } });
    expect(correctedContract).toMatchObject({ ok: true, value: { orderRef: unknown.orderRef, outcome: 'accepted' } });
    expect(h.tap.of(OutMsg.PLACE_ORDER).length - placesBefore).toBe(2);
  });

  it('gateway refuses bad modify and cancel commands without touching the broker', async () => {
    const before = h.tap.sent.length;
    expect(await h.orders.request(Contracts.CancelOrder, { orderRef: 'nope.entry.1' })).toMatchObject({ ok: false, code: 'ORDER_NOT_FOUND' });
    expect(await h.orders.request(Contracts.ModifyOrder, { orderRef: 'nope.entry.1', limitPrice: 201 })).toMatchObject({ ok: false, code: 'ORDER_NOT_FOUND' });
    expect(await h.orders.request(Contracts.ModifyOrder, { orderRef: 'nope.entry.1' })).toMatchObject({ ok: false, code: 'INVALID_REQUEST' });
    const cmd = place();
    await h.orders.request(Contracts.PlaceOrder, cmd);
    const afterPlace = h.tap.sent.length;
    expect(await h.orders.request(Contracts.ModifyOrder, { orderRef: cmd.orderRef, limitPrice: 201.005 })).toMatchObject({ ok: false, code: 'OFF_TICK_GRID' });
    expect(h.tap.sent.length).toBe(afterPlace);
    expect(before).toBeLessThan(afterPlace);
  });

  it('gateway modifies and cancels a working order and publishes its canonical events', async () => {
    const cmd = place();
    const events = await h.recorder(`gw.order.evt.v1.${cmd.orderRef.split('.')[0]}`);
    await h.orders.request(Contracts.PlaceOrder, cmd);

    const modified = await h.orders.request(Contracts.ModifyOrder, { orderRef: cmd.orderRef, limitPrice: 201 });
    const cancelled = await h.orders.request(Contracts.CancelOrder, { orderRef: cmd.orderRef });

    expect(modified).toMatchObject({ ok: true, value: { orderRef: cmd.orderRef } });
    expect(cancelled).toMatchObject({ ok: true });
    expect(h.sim.orders().find((o) => o.orderRef === cmd.orderRef)?.lmtPrice).toBe(201);
    await events.waitFor((m) => (m.json as BrokerOrderEvent).type === 'status' && (m.json as { status: string }).status === 'cancelled');
    expect(await h.orders.request(Contracts.CancelOrder, { orderRef: cmd.orderRef })).toMatchObject({ ok: false, code: 'ORDER_NOT_WORKING' });
  });

  it('gateway answers a rejected order with the broker reason, the same way every time', async () => {
    h.sim.faults.rejectNextOrder(201, 'Order rejected - reason: simulated margin');
    const cmd = place();
    const first = await h.orders.request(Contracts.PlaceOrder, cmd);
    const again = await h.orders.request(Contracts.PlaceOrder, cmd);
    expect(first).toMatchObject({ ok: false, code: 'ORDER_REJECTED', message: expect.stringContaining('simulated margin') });
    expect(again).toEqual(first);
  });

  it('gateway sends an order TWS dropped for pacing (100) again itself: one broker order, accepted, no rejection published', async () => {
    h.sim.faults.rejectNextOrder(100, 'Max rate of messages per second has been exceeded');
    const cmd = place();
    const events = await h.recorder(`gw.order.evt.v1.${cmd.orderRef.split('.')[0]}`);
    const placesBefore = h.tap.of(OutMsg.PLACE_ORDER).length;
    const first = await h.orders.request(Contracts.PlaceOrder, cmd);
    expect(first).toMatchObject({ ok: true, value: { orderRef: cmd.orderRef, outcome: 'accepted' } });
    expect(h.tap.of(OutMsg.PLACE_ORDER).length - placesBefore).toBe(2);
    expect(h.sim.orders().filter((o) => o.orderRef === cmd.orderRef)).toHaveLength(1);
    await events.waitFor((m) => (m.json as BrokerOrderEvent).orderRef === cmd.orderRef && (m.json as BrokerOrderEvent).type === 'status');
    expect(events.messages.filter((m) => (m.json as BrokerOrderEvent).orderRef === cmd.orderRef && (m.json as BrokerOrderEvent).type === 'rejected')).toEqual([]);
    events.stop();
  });

  it('gateway answers an order TWS keeps dropping for pacing (100) as retryable, places nothing, and places it on the next try', async () => {
    const cmd = place();
    const placesBefore = h.tap.of(OutMsg.PLACE_ORDER).length;
    // Every send of this order is dropped: the first and each of the gateway's own resends.
    const dropEvery = setInterval(() => h.sim.faults.rejectNextOrder(100, 'Max rate of messages per second has been exceeded'), 20);
    h.sim.faults.rejectNextOrder(100, 'Max rate of messages per second has been exceeded');
    const first = await h.orders.request(Contracts.PlaceOrder, cmd).finally(() => clearInterval(dropEvery));
    expect(first).toMatchObject({ ok: false, code: 'ORDER_REJECTED', retryable: true, message: expect.stringContaining('pacing (100)') });
    expect(h.tap.of(OutMsg.PLACE_ORDER).length - placesBefore).toBe(1 + PACING_RESEND_PAUSES_MS.length);
    expect(h.sim.orders().filter((o) => o.orderRef === cmd.orderRef)).toEqual([]);
    // A drop still armed when the interval stopped is absorbed by the gateway's own resend.
    const again = await h.orders.request(Contracts.PlaceOrder, cmd);
    expect(again).toMatchObject({ ok: true, value: { orderRef: cmd.orderRef, outcome: 'accepted' } });
    expect(h.sim.orders().filter((o) => o.orderRef === cmd.orderRef)).toHaveLength(1);
  });

  it('gateway cancels every working opening order on the kill switch and leaves closing orders', async () => {
    const opening = place();
    const closing = place({ side: 'SELL', opening: false, limitPrice: 260 });
    await h.orders.request(Contracts.PlaceOrder, opening);
    await h.orders.request(Contracts.PlaceOrder, closing);
    const risk = await h.riskBus();

    const answer = await risk.request(Contracts.CancelOpeningOrders, { reason: 'test halt' });

    expect(answer.ok && answer.value.cancelled).toContain(opening.orderRef);
    expect(answer.ok && answer.value.cancelled).not.toContain(closing.orderRef);
    expect(h.sim.orders().find((o) => o.orderRef === closing.orderRef)?.state).not.toMatch(/cancel/i);
  });

  describe('placing on approval (PlaceOrder v2)', () => {
    let risk: Bus;
    let placements: TypedKv<typeof PlacementRecord>;
    const atSim = (cmd: PlaceOrderCommand) => h.sim.orders().filter((o) => o.orderRef === cmd.orderRef);
    beforeAll(async () => {
      risk = await h.riskBus();
      placements = await TypedKv.open(h.admin, KvBuckets.GATEWAY, PlacementRecord);
    });

    it('gateway sends a v2 order only once its approval is published, and then exactly once', async () => {
      const cmd = placeOnApproval();
      const placesBefore = h.tap.of(OutMsg.PLACE_ORDER).length;

      const answer = h.orders.request(Contracts.PlaceOrderV2, cmd);
      // The command has reached the gateway: its placement record is written while it waits.
      await eventually(() => placements.get(placementKey(cmd.orderRef)), { what: 'the v2 placement record' });
      // A v1 order sent after it goes all the way to the broker and back: the v2 order, a step
      // ahead of it on the same path, would have left by then if it did not wait for its approval.
      const later = place();
      expect(await h.orders.request(Contracts.PlaceOrder, later)).toMatchObject({ ok: true, value: { outcome: 'accepted' } });
      expect(atSim(later)).toHaveLength(1);
      expect(atSim(cmd)).toEqual([]);
      expect(h.tap.of(OutMsg.PLACE_ORDER).length - placesBefore).toBe(1);

      publishDecision(risk, cmd, approved());

      expect(await answer).toMatchObject({ ok: true, value: { orderRef: cmd.orderRef, outcome: 'accepted' } });
      expect(atSim(cmd)).toHaveLength(1);
      expect(h.tap.of(OutMsg.PLACE_ORDER).length - placesBefore).toBe(2);
      expect(await h.orders.request(Contracts.PlaceOrderV2, cmd)).toEqual(await answer);
      expect(h.tap.of(OutMsg.PLACE_ORDER).length - placesBefore).toBe(2);
    });

    it('gateway sends a v2 order at once on an approval published before the command', async () => {
      const cmd = placeOnApproval();
      publishDecision(risk, cmd, approved());
      await risk.nc.flush();
      const placesBefore = h.tap.of(OutMsg.PLACE_ORDER).length;

      // Unheard (or not kept), the decision would leave the command waiting, then refused.
      const answer = await h.orders.request(Contracts.PlaceOrderV2, cmd);

      expect(answer).toMatchObject({ ok: true, value: { orderRef: cmd.orderRef, outcome: 'accepted' } });
      expect(atSim(cmd)).toHaveLength(1);
      expect(h.tap.of(OutMsg.PLACE_ORDER).length - placesBefore).toBe(1);
    });

    it('gateway refuses a v2 order whose check was denied, sends nothing, and places the same orderRef with v1 afterwards', async () => {
      const cmd = placeOnApproval();
      const placesBefore = h.tap.of(OutMsg.PLACE_ORDER).length;

      const answer = h.orders.request(Contracts.PlaceOrderV2, cmd);
      await eventually(() => placements.get(placementKey(cmd.orderRef)), { what: 'the v2 placement record' });
      publishDecision(risk, cmd, { approved: false, code: 'QUANTITY_EXCEEDS_MAXIMUM', message: 'Quantity 10 exceeds the maximum 5.' });
      const refused = await answer;

      expect(refused).toEqual({ ok: false, code: 'RISK_NOT_APPROVED', message: `The risk check ${cmd.riskCheckId} was denied (QUANTITY_EXCEEDS_MAXIMUM): Quantity 10 exceeds the maximum 5.` });
      expect(atSim(cmd)).toEqual([]);
      expect(h.tap.of(OutMsg.PLACE_ORDER).length).toBe(placesBefore);
      expect(await placements.get(placementKey(cmd.orderRef))).toBeUndefined();

      const { riskCheckId: _riskCheckId, ...v1 } = cmd;
      expect(await h.orders.request(Contracts.PlaceOrder, v1)).toMatchObject({ ok: true, value: { orderRef: cmd.orderRef, outcome: 'accepted' } });
      expect(atSim(cmd)).toHaveLength(1);
      expect(h.tap.of(OutMsg.PLACE_ORDER).length - placesBefore).toBe(1);
    });

    it('gateway refuses a v2 order as retryable when no decision is heard within RISK_DECISION_WAIT_MS, and sends nothing', async () => {
      const cmd = placeOnApproval();
      const placesBefore = h.tap.of(OutMsg.PLACE_ORDER).length;
      const asked = Date.now();

      const answer = await h.orders.request(Contracts.PlaceOrderV2, cmd);

      expect(answer).toEqual({
        ok: false, code: 'RISK_NOT_APPROVED', retryable: true,
        message: `No decision of risk check ${cmd.riskCheckId} was heard within ${RISK_DECISION_WAIT_MS} ms: nothing was sent; place it with v1 once approved.`,
      });
      expect(Date.now() - asked).toBeGreaterThanOrEqual(RISK_DECISION_WAIT_MS - 50);
      expect(atSim(cmd)).toEqual([]);
      expect(h.tap.of(OutMsg.PLACE_ORDER).length).toBe(placesBefore);
      expect(await placements.get(placementKey(cmd.orderRef))).toBeUndefined();
      // An approval heard late sends nothing on its own: the same orderRef is placed once, with v1.
      publishDecision(risk, cmd, approved());
      const { riskCheckId: _riskCheckId, ...v1 } = cmd;
      expect(await h.orders.request(Contracts.PlaceOrder, v1)).toMatchObject({ ok: true, value: { outcome: 'accepted' } });
      expect(atSim(cmd)).toHaveLength(1);
    });

    it('gateway refuses a v2 order whose approval was for a different quantity, and sends nothing', async () => {
      const cmd = placeOnApproval({ quantity: 10 });
      const placesBefore = h.tap.of(OutMsg.PLACE_ORDER).length;

      const answer = h.orders.request(Contracts.PlaceOrderV2, cmd);
      await eventually(() => placements.get(placementKey(cmd.orderRef)), { what: 'the v2 placement record' });
      publishDecision(risk, cmd, approved(), { quantity: 5 });

      expect(await answer).toEqual({ ok: false, code: 'RISK_NOT_APPROVED', message: `The risk check ${cmd.riskCheckId} approved a different order (quantity 10, approved 5): nothing was sent.` });
      expect(atSim(cmd)).toEqual([]);
      expect(h.tap.of(OutMsg.PLACE_ORDER).length).toBe(placesBefore);
      expect(await placements.get(placementKey(cmd.orderRef))).toBeUndefined();
    });
  });

  // Last: IB's global cancel cancels every open order of the account, whoever placed it.
  it('gateway sends IB\'s global cancel (reqGlobalCancel over TCP) and reports each working order of its own as TWS confirms it', async () => {
    const first = place();
    const second = place({ quantity: 3 });
    expect(await h.orders.request(Contracts.PlaceOrder, first)).toMatchObject({ ok: true, value: { outcome: 'accepted' } });
    expect(await h.orders.request(Contracts.PlaceOrder, second)).toMatchObject({ ok: true, value: { outcome: 'accepted' } });
    const sentBefore = h.tap.of(OutMsg.REQ_GLOBAL_CANCEL).length;

    const answer = await h.orders.request(Contracts.GlobalCancel, { reason: 'test' });

    expect(h.tap.of(OutMsg.REQ_GLOBAL_CANCEL).length).toBe(sentBefore + 1);
    expect(answer.ok && answer.value.sent).toBe(true);
    const lines = answer.ok ? answer.value.orders : [];
    expect(lines.filter((l) => l.orderRef === first.orderRef || l.orderRef === second.orderRef)).toEqual([
      { tradeId: null, orderRef: first.orderRef, conId: AAPL, side: 'BUY', quantity: 10, action: 'global-cancel', outcome: 'cancelled', error: null, note: null },
      { tradeId: null, orderRef: second.orderRef, conId: AAPL, side: 'BUY', quantity: 3, action: 'global-cancel', outcome: 'cancelled', error: null, note: null },
    ].sort((a, b) => a.orderRef.localeCompare(b.orderRef)));
    expect(h.sim.orders().filter((o) => /^(PendingSubmit|PreSubmitted|Submitted)$/.test(o.state))).toEqual([]);
    // Nothing left working: asked again, it is sent again and has nothing of ours to report.
    const again = await h.orders.request(Contracts.GlobalCancel, { reason: 'test' });
    expect(again).toMatchObject({ ok: true, value: { sent: true, orders: [] } });
  });
});
