/**
 * Metrics end to end: the real services (gateway, trigger-, risk-, order-service, console) as
 * processes, each with its operations port, one trade from arm to close through the simulator,
 * then every service's /metrics is scraped: each trade-path hop has at least one observation and
 * the counters say exactly what happened (orders the simulator received, two executions, one
 * approval, one trigger fired for the entry and one for the stop).
 */
import type { TradeId } from '@arctrigger/contracts';
import { eventually, freePort } from '@arctrigger/testkit';
import { referencedMetricNames } from './support/monitoring-files';
import { scrape, valueOf, type PromSample } from './support/prometheus-scrape';
import { SystemHarness, type AppName } from './support/system-harness';
import { flatStock, GENEROUS_RISK_ENV, TradeDriver } from './support/trade-driver';

/** Tuesday 2026-03-10, 10:30 US/Eastern: regular session. */
const SESSION = Date.parse('2026-03-10T14:30:00Z');
const AAPL = 2001;
const SERVICES: AppName[] = ['gateway', 'trigger-service', 'risk-service', 'order-service', 'console'];

describe('metrics end to end', () => {
  let system: SystemHarness;
  let driver: TradeDriver;
  const ports = new Map<AppName, number>();

  beforeAll(async () => {
    for (const s of SERVICES) ports.set(s, await freePort());
    const metricsEnv = (s: AppName) => ({ METRICS_PORT: String(ports.get(s)) });
    system = await SystemHarness.start({
      services: SERVICES,
      clockShiftMs: SESSION - Date.now(),
      sim: { scenario: { tickIntervalMs: 100, stocks: [flatStock('AAPL', AAPL, 100)] } },
      env: {
        gateway: metricsEnv('gateway'), 'trigger-service': metricsEnv('trigger-service'), 'order-service': metricsEnv('order-service'),
        'risk-service': { ...GENEROUS_RISK_ENV, ...metricsEnv('risk-service') }, console: { ...metricsEnv('console'), HTTP_PORT: String(await freePort()) },
      },
    });
    driver = await TradeDriver.start(system);
  }, 300_000);

  afterAll(async () => {
    driver?.stop();
    await system?.stop();
  });

  const metricsOf = (s: AppName) => scrape(`http://127.0.0.1:${ports.get(s)}/metrics`);

  it('every service is ready on /readyz and alive on /healthz', async () => {
    for (const s of SERVICES) {
      const ready = await fetch(`http://127.0.0.1:${ports.get(s)}/readyz`);
      expect({ s, status: ready.status }).toEqual({ s, status: 200 });
      expect((await fetch(`http://127.0.0.1:${ports.get(s)}/healthz`)).status).toBe(200);
    }
  });

  it('after one trade from arm to close the trade path and the counters are exported', async () => {
    const { expiry, strike } = await driver.optionNear('AAPL', AAPL, 100);
    await driver.arm({
      tradeId: 'mx-1' as TradeId, symbol: 'AAPL', right: 'CALL', expiry, strike, trigger: { price: 100.5, source: 'last' },
      size: { by: 'contracts', contracts: 2 }, entry: { type: 'MKT' }, stopLoss: { mode: 'offset', offset: 1 },
      reprice: { afterSeconds: 1, maxSteps: 5, cancelAfterLastStep: false },
    });
    system.sim!.setPrice('AAPL', 101);
    await driver.reached('mx-1', 'PROTECTED', 30_000);
    system.sim!.setPrice('AAPL', 99.4);
    await driver.reached('mx-1', 'CLOSED', 30_000);
    const placed = system.sim!.orders().length;

    // A fire is counted once its record is written, TRIGGER_FIRE_RECORD_DELAY_MS after its notice:
    // the stop's sale can close the trade before that. Scraped again until both fires are counted.
    await eventually(async () => valueOf(await metricsOf('trigger-service'), 'arctrigger_triggers_fired_total') === 2, { what: 'the entry and the stop fire counted' });
    const [gateway, triggers, risk, orders, console_] = (await Promise.all(SERVICES.map(metricsOf))) as [PromSample[], PromSample[], PromSample[], PromSample[], PromSample[]];
    const hop = (samples: PromSample[], name: string) => valueOf(samples, 'arctrigger_trade_path_duration_count', { hop: name });
    expect(hop(triggers, 'tick_received_to_trigger_fired')).toBeGreaterThanOrEqual(1);
    expect(hop(orders, 'trigger_fired_to_order_submitted')).toBe(1);
    expect(hop(gateway, 'order_submitted_to_broker_ack')).toBeGreaterThanOrEqual(1);
    expect(hop(orders, 'order_submitted_to_first_fill')).toBe(1);
    expect(hop(orders, 'first_fill_to_stop_armed')).toBe(1);
    expect(hop(orders, 'end_to_end_trigger_fired_to_stop_armed')).toBe(1);

    expect(valueOf(gateway, 'arctrigger_broker_orders_placed_total')).toBe(placed);
    expect(valueOf(gateway, 'arctrigger_broker_executions_total')).toBe(2);
    expect(valueOf(gateway, 'arctrigger_broker_orders_rejected_total') ?? 0).toBe(0);
    expect(valueOf(gateway, 'arctrigger_tws_connected')).toBe(1);
    expect(valueOf(gateway, 'arctrigger_ticks_published_total')).toBeGreaterThan(0);
    // The entry trigger and the stop trigger.
    expect(valueOf(triggers, 'arctrigger_triggers_armed_total')).toBe(2);
    expect(valueOf(triggers, 'arctrigger_triggers_fired_total')).toBe(2);
    expect(valueOf(triggers, 'arctrigger_ticks_received_total')).toBeGreaterThan(0);
    expect(valueOf(risk, 'arctrigger_risk_decisions_total', { decision: 'denied' }) ?? 0).toBe(0);
    expect(valueOf(risk, 'arctrigger_risk_decisions_total', { decision: 'approved' })).toBeGreaterThanOrEqual(1);
    expect(valueOf(risk, 'arctrigger_trading_state', { state: 'ACTIVE' })).toBe(1);
    expect(valueOf(orders, 'arctrigger_trades_transitions_total', { type: 'filled' })).toBe(1);
    expect(valueOf(orders, 'arctrigger_trades_transitions_total', { type: 'closed', to: 'CLOSED' })).toBe(1);
    expect(valueOf(orders, 'arctrigger_trades_active', { state: 'CLOSED' })).toBe(1);
    // Platform instruments, everywhere.
    for (const samples of [gateway, triggers, risk, orders, console_]) {
      expect(valueOf(samples, 'nodejs_eventloop_delay_p99')).toBeDefined();
      expect(valueOf(samples, 'arctrigger_nats_reconnects_total')).toBe(0);
    }
    expect(valueOf(orders, 'arctrigger_bus_request_duration_count', { contract: 'risk.check' })).toBeGreaterThanOrEqual(1);
    expect(valueOf(risk, 'arctrigger_jetstream_consumer_pending', { durable: 'risk-service-executions' })).toBeDefined();

    // Every metric the Grafana dashboard and the Prometheus alert rules query is one a service exports.
    const exported = new Set([gateway, triggers, risk, orders, console_].flatMap((samples) => samples.map((s) => s.name)));
    expect(referencedMetricNames().filter((name) => !exported.has(name))).toEqual([]);
  }, 90_000);
});
