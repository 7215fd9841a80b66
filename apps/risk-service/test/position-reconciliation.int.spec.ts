import { Contracts, type BrokerPosition, type PositionMismatch } from '@arctrigger/contracts';
import type { Bus } from '@arctrigger/service-kit';
import { BusRecorder, eventually } from '@arctrigger/testkit';
import { checkRequest } from './support/builders';
import { check, publishFill } from './support/bus-actors';
import { RiskFixture } from './support/risk-fixture';

const roomy = { RISK_MAX_NOTIONAL_PER_UNDERLYING: '1000000', RISK_MAX_OPEN_POSITIONS: '1000', RISK_MAX_ORDERS_PER_MINUTE: '1000', RISK_POSITION_RECHECK_MS: '1000' };

describe('position reconciliation against the broker (real nats-server)', () => {
  let fx: RiskFixture;
  afterEach(async () => fx?.stop());

  const held = async (consoleBus: Bus, tradeId: string, quantity: number) =>
    eventually(async () => {
      const view = await consoleBus.request(Contracts.GetPositions, { includeFlat: true });
      return view.ok && view.value.positions.some((p) => p.tradeId === tradeId && p.quantity === quantity);
    }, { what: `position ${tradeId} at ${quantity}` });

  it('risk reports a broker position that still differs from the executions after the recheck, and neither a matching one, one that executions in flight settle, nor a contract that is not ours', async () => {
    fx = await RiskFixture.start({ env: roomy });
    const gateway = await fx.bus('gateway');
    const orders = await fx.bus('order-service');
    const consoleBus = await fx.bus('console');
    const mismatches = await BusRecorder.start(await fx.connect('admin'), 'risk.evt.position-mismatch.v1');
    const fill = (tradeId: string, conId: number, shares: number) =>
      publishFill(gateway, { orderRef: `${tradeId}.entry.1`, conId, side: 'BUY', shares, price: 2, at: fx.clock.now() });
    for (const [tradeId, conId] of [['P1', 1001], ['P2', 1002], ['P3', 1003]] as const) {
      expect(await check(orders, checkRequest({ tradeId, orderRef: `${tradeId}.entry.1`, conId, quantity: 3 }))).toMatchObject({ approved: true });
    }
    await fill('P1', 1001, 2);
    await fill('P2', 1002, 2);
    await fill('P3', 1003, 1);
    await held(consoleBus, 'P1', 2);
    await held(consoleBus, 'P2', 2);
    await held(consoleBus, 'P3', 1);

    // The gateway's reconciliation snapshot: 1001 matches; 1002 and 1003 differ; 5555 is not ours.
    const snapshot = (conId: number, position: number): BrokerPosition => ({ account: 'DU123', conId, position, avgCost: 200, at: fx.clock.now() } as BrokerPosition);
    for (const s of [snapshot(1001, 2), snapshot(1002, 3), snapshot(5555, 7), snapshot(1003, 0)]) gateway.publish(Contracts.BrokerPosition, s);
    await gateway.nc.flush();
    await consoleBus.request(Contracts.GetPositions, { includeFlat: true }); // the risk-service has taken the snapshot
    // An execution that was in flight settles 1002 before the recheck; 1003 stays different.
    await fill('P2', 1002, 1);
    await held(consoleBus, 'P2', 3);
    fx.clock.advance(1_000);

    const reported = await mismatches.waitFor((m) => (m.json as PositionMismatch).conId === 1003);
    expect(reported.json).toEqual({ conId: 1003, underlying: 'AAPL', account: 'DU123', brokerPosition: 0, countedPosition: 1, at: fx.clock.now() });
    expect(mismatches.messages.map((m) => (m.json as PositionMismatch).conId)).toEqual([1003]);
  });
});
