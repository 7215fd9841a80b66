/**
 * kill -9 of the order-service end to end: real nats-server, tws-sim, and the gateway,
 * trigger-service, risk-service and order-service as real processes (regular session). The
 * order-service dies once between fire and fill (the entry recorded, its placement in flight) and
 * once between fill and stop (filled, the stop trigger not yet armed: the trigger-service is
 * paused meanwhile). After each restart nothing is lost, nothing reaches the simulator twice, and
 * the position ends protected by its stop, and a fill after the restart still joins the firing's
 * trace.
 */
import { Contracts, type TradeId } from '@arctrigger/contracts';
import { BusRecorder, startOtlpCollector, type OtlpCollector } from '@arctrigger/testkit';
import { SystemHarness } from './support/system-harness';
import { flatStock, GENEROUS_RISK_ENV, TradeDriver } from './support/trade-driver';

/** Tuesday 2026-03-10, 10:30 US/Eastern: regular session. */
const SESSION = Date.parse('2026-03-10T14:30:00Z');
const AAPL = 2001;
const MSFT = 2002;

describe('order-service kill -9 end to end', () => {
  let system: SystemHarness;
  let driver: TradeDriver;
  let collector: OtlpCollector;

  beforeAll(async () => {
    collector = await startOtlpCollector();
    const otel = { OTEL_EXPORTER_OTLP_ENDPOINT: collector.endpoint };
    system = await SystemHarness.start({
      services: ['gateway', 'trigger-service', 'risk-service', 'order-service'],
      clockShiftMs: SESSION - Date.now(),
      sim: { scenario: { tickIntervalMs: 100, stocks: [flatStock('AAPL', AAPL, 100), flatStock('MSFT', MSFT, 100)] } },
      env: { 'risk-service': { ...GENEROUS_RISK_ENV, ...otel }, 'order-service': otel, 'trigger-service': otel, gateway: otel },
    });
    driver = await TradeDriver.start(system);
  }, 90_000);

  afterAll(async () => {
    driver?.stop();
    await system?.stop();
    await collector?.close();
  });

  const armCall = async (tradeId: string, symbol: string, conId: number, entry: { type: 'MKT' } | { type: 'LMT'; offset: number }) => {
    const { expiry, strike } = await driver.optionNear(symbol, conId, 100);
    return driver.arm({
      tradeId: tradeId as TradeId, symbol, right: 'CALL', expiry, strike, trigger: { price: 100.5, source: 'last' },
      size: { by: 'contracts', contracts: 2 }, entry, stopLoss: { mode: 'offset', offset: 1 },
      reprice: { afterSeconds: 1, maxSteps: 20, cancelAfterLastStep: false },
    });
  };

  const restartOrderService = async () => {
    await system.process('order-service').kill();
    await system.startService('order-service');
  };

  /** The stop trigger the trade names is armed at the trigger-service, at the trade's stop level. */
  const expectArmedStop = async (tradeId: string) => {
    const trade = await driver.trade(tradeId);
    expect(trade).toMatchObject({ state: 'PROTECTED', openQuantity: 2, stopLevel: 99.5 });
    const triggers = await driver.gatewayClient.request(Contracts.ListTriggers, { includeFinished: false });
    const stop = triggers.ok ? triggers.value.triggers.find((t) => t.triggerId === trade.stopTriggerId) : undefined;
    expect(stop).toMatchObject({ status: 'armed', level: 99.5, owner: { tradeId, purpose: 'stop' } });
  };

  it('order-service killed between fire and fill places the entry once after the restart and protects the position', async () => {
    // The limit sits below the ask: the entry cannot fill until repricing walks it up.
    await armCall('cr-fire', 'AAPL', AAPL, { type: 'LMT', offset: -0.03 });
    // The entry goes out as a placement on approval (on the risk approval the gateway hears).
    const places = await BusRecorder.start(system.admin, Contracts.PlaceOrderOnApproval.subject);
    system.sim!.setPrice('AAPL', 101);
    await driver.event('cr-fire', 'submitting');
    const placement = await places.waitFor((m) => (m.json as { orderRef: string }).orderRef === 'cr-fire.entry.1');
    places.stop();
    await restartOrderService();

    await driver.reached('cr-fire', 'PROTECTED', 30_000);
    await expectArmedStop('cr-fire');
    expect(driver.placementsByOrderRef().get('cr-fire.entry.1')).toBe(1);
    const optionConId = (await driver.trade('cr-fire')).optionConId;
    expect(system.sim!.positions().find((p) => p.instrument.conId === optionConId)?.quantity).toBe(2);
    // The fill came after the restart, yet its span is in the firing's trace (restored from `fired`).
    const firingTrace = placement.headers.traceparent!.split('-')[1];
    await collector.waitFor((all) => all.some((s) => s.service === 'order-service' && s.name === 'trade fill' && s.traceId === firingTrace), 10_000);
  }, 60_000);

  it('order-service killed between fill and stop arms the stop after the restart without placing anything again', async () => {
    await armCall('cr-fill', 'MSFT', MSFT, { type: 'MKT' });
    system.sim!.setPrice('MSFT', 101);
    await driver.event('cr-fill', 'fired');
    // Paused trigger-service: the order-service's stop arm cannot be answered.
    const triggers = system.process('trigger-service');
    process.kill(triggers.pid, 'SIGSTOP');
    try {
      await driver.event('cr-fill', 'filled');
      await system.process('order-service').kill();
    } finally {
      process.kill(triggers.pid, 'SIGCONT');
    }
    expect(driver.history('cr-fill').map((e) => e.to)).not.toContain('PROTECTED');
    await system.startService('order-service');

    await driver.reached('cr-fill', 'PROTECTED', 30_000);
    await expectArmedStop('cr-fill');
    const placements = driver.placementsByOrderRef();
    expect(placements.get('cr-fill.entry.1')).toBe(1);
    expect([...placements.values()].every((n) => n === 1)).toBe(true);
    // The stop works after the restart: the underlying falls through it and the position is sold once.
    system.sim!.setPrice('MSFT', 99.4);
    await driver.reached('cr-fill', 'CLOSED', 30_000);
    expect(driver.placementsByOrderRef().get('cr-fill.stop.1')).toBe(1);
  }, 60_000);
});
