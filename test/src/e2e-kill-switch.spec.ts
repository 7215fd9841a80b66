/**
 * Kill switch end to end (issue 6): real nats-server, tws-sim, and the gateway, trigger-service and
 * risk-service as real processes. HALTED cancels working opening orders at the simulator, disarms
 * entry triggers, leaves stops armed, and refuses new opening orders at the risk-service and, when
 * sent directly, at the gateway.
 */
import { Contracts } from '@arctrigger/contracts';
import type { Bus } from '@arctrigger/service-kit';
import { eventually } from '@arctrigger/testkit';
import { SystemHarness } from './support/system-harness';

const AAPL = 265598;
/** Tuesday 10:30 US/Eastern: regular session, so the simulator works orders. */
const SESSION = '2026-11-24T15:30:00Z';

describe('kill switch end to end', () => {
  let system: SystemHarness;
  let orders: Bus;
  let console_: Bus;

  beforeAll(async () => {
    system = await SystemHarness.start({
      services: ['gateway', 'trigger-service', 'risk-service'],
      sim: { clock: SESSION, scenario: { tickIntervalMs: 100, stocks: [{ symbol: 'AAPL', conId: AAPL, primaryExchange: 'NASDAQ', price: 230 }] } },
    });
    orders = await system.bus('order-service');
    console_ = await system.bus('console');
  }, 60_000);

  afterAll(async () => system?.stop());

  it('kill switch cancels working entry orders at the broker, disarms entries, keeps stops, and refuses new opening orders', async () => {
    // Closing means closing: the closing sell at the end needs a position to close (1 AAPL, bought at market).
    const bought = await orders.request(Contracts.PlaceOrder, {
      orderRef: 'ks4.entry.1', conId: AAPL, side: 'BUY', quantity: 1, orderType: 'LMT', limitPrice: 400, opening: true,
    });
    expect(bought).toMatchObject({ ok: true });
    await eventually(() => system.sim!.orders().find((o) => o.orderRef === 'ks4.entry.1')?.state === 'Filled', { what: 'the position bought' });
    const working = await orders.request(Contracts.PlaceOrder, {
      orderRef: 'ks1.entry.1', conId: AAPL, side: 'BUY', quantity: 1, orderType: 'LMT', limitPrice: 100, opening: true,
    });
    expect(working).toMatchObject({ ok: true, value: { outcome: 'accepted' } });
    const arm = (triggerId: string, purpose: 'entry' | 'stop', direction: 'above' | 'below', level: number) =>
      orders.request(Contracts.ArmTrigger, {
        triggerId, owner: { tradeId: 'ks1', purpose }, conId: AAPL, priceSource: 'last', direction, level,
        sessionScope: 'regular', ifMetOnArm: 'reject',
      });
    expect(await arm('ks1-entry', 'entry', 'above', 10_000)).toMatchObject({ ok: true });
    expect(await arm('ks2-stop', 'stop', 'below', 1)).toMatchObject({ ok: true });
    await eventually(() => system.sim!.orders().find((o) => o.orderRef === 'ks1.entry.1' && o.state === 'Submitted'), { what: 'working order at the simulator' });

    const halted = await console_.request(Contracts.SetTradingState, { state: 'HALTED', reason: 'e2e kill switch', actor: 'admin' });

    expect(halted).toMatchObject({
      ok: true,
      value: { previous: 'ACTIVE', current: { state: 'HALTED' }, cancelledOrders: ['ks1.entry.1'], disarmedTriggers: ['ks1-entry'] },
    });
    await eventually(() => system.sim!.orders().find((o) => o.orderRef === 'ks1.entry.1')?.state === 'Cancelled', { what: 'order cancelled at the simulator' });
    const triggers = await orders.request(Contracts.ListTriggers, { includeFinished: true });
    const status = (id: string) => (triggers.ok ? triggers.value.triggers.find((t) => t.triggerId === id)?.status : undefined);
    expect(status('ks1-entry')).toBe('disarmed');
    expect(status('ks2-stop')).toBe('armed');

    const check = await orders.request(Contracts.RiskCheck, {
      checkId: 'ks-check-1', tradeId: 'ks3', underlying: 'AAPL', conId: AAPL, side: 'BUY', quantity: 1, price: 2.5,
      multiplier: 100, opening: true, session: 'regular', ask: 2.5,
    });
    expect(check).toMatchObject({ ok: true, value: { approved: false, code: 'TRADING_HALTED' } });

    const ordersBefore = system.sim!.orders().length;
    const direct = await orders.request(Contracts.PlaceOrder, {
      orderRef: 'ks3.entry.1', conId: AAPL, side: 'BUY', quantity: 1, orderType: 'LMT', limitPrice: 100, opening: true,
    });
    expect(direct).toMatchObject({ ok: false, code: 'TRADING_HALTED' });
    expect(system.sim!.orders().length).toBe(ordersBefore);

    const closing = await orders.request(Contracts.PlaceOrder, {
      orderRef: 'ks4.stop.1', conId: AAPL, side: 'SELL', quantity: 1, orderType: 'LMT', limitPrice: 400, opening: false,
    });
    expect(closing).toMatchObject({ ok: true, value: { outcome: 'accepted' } });
    const oversized = await orders.request(Contracts.PlaceOrder, {
      orderRef: 'ks5.stop.1', conId: AAPL, side: 'SELL', quantity: 1, orderType: 'LMT', limitPrice: 400, opening: false,
    });
    expect(oversized).toMatchObject({ ok: false, code: 'CLOSING_EXCEEDS_POSITION' });
  }, 60_000);
});
