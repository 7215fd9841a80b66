/**
 * Health and alerts end to end: the real services as processes and the console delivering alerts
 * to a webhook receiver run by the test. A position left without its stop past the protection
 * deadline reaches the webhook as PROTECTION_OVERDUE with its facts; a broker position the trades
 * do not explain as EXTERNAL_POSITION; kill -9 of the risk-service shows it DOWN in the console's
 * health within three heartbeats, SERVICE_DOWN reaches the webhook exactly once, and after a
 * restart the service is UP again (and the all-clear is delivered).
 */
import { Contracts, type Alert, type BrokerPosition, type TradeId } from '@arctrigger/contracts';
import { freePort } from '@arctrigger/testkit';
import { SystemHarness } from './support/system-harness';
import { flatStock, GENEROUS_RISK_ENV, TradeDriver } from './support/trade-driver';
import { WebhookReceiver } from './support/webhook-receiver';

/** Tuesday 2026-03-10, 10:30 US/Eastern: regular session. */
const SESSION = Date.parse('2026-03-10T14:30:00Z');
const AAPL = 2001;
const HEARTBEAT_MS = 1_000;

interface ExpectedService {
  service: string;
  status: 'UP' | 'DEGRADED' | 'DOWN';
  since: number;
  liveInstances: number;
}

describe('health and alerts end to end', () => {
  let system: SystemHarness;
  let driver: TradeDriver;
  let webhook: WebhookReceiver;
  let consoleUrl: string;

  beforeAll(async () => {
    webhook = await WebhookReceiver.start();
    // The first delivery attempt fails: the console retries with backoff.
    webhook.failNext = 1;
    const httpPort = await freePort();
    consoleUrl = `http://127.0.0.1:${httpPort}`;
    const beat = { HEARTBEAT_INTERVAL_MS: String(HEARTBEAT_MS) };
    system = await SystemHarness.start({
      services: ['gateway', 'trigger-service', 'risk-service', 'order-service', 'console'],
      clockShiftMs: SESSION - Date.now(),
      sim: { scenario: { tickIntervalMs: 100, stocks: [flatStock('AAPL', AAPL, 100)] } },
      env: {
        gateway: beat, 'trigger-service': beat,
        'risk-service': { ...GENEROUS_RISK_ENV, ...beat, RISK_POSITION_RECHECK_MS: '500' },
        'order-service': { ...beat, PROTECTION_DEADLINE_MS: '1000' },
        console: {
          ...beat, HTTP_PORT: String(httpPort), ALERT_WEBHOOKS: webhook.url,
          EXPECTED_SERVICES: 'gateway:1,trigger-service:1,risk-service:1,order-service:1,console:1',
        },
      },
    });
    driver = await TradeDriver.start(system);
  }, 300_000);

  afterAll(async () => {
    driver?.stop();
    await system?.stop();
    await webhook?.close();
  });

  const health = async (): Promise<ExpectedService[]> => {
    const response = await fetch(`${consoleUrl}/v1/system/health`);
    return ((await response.json()) as { expected: ExpectedService[] }).expected;
  };
  const statusOf = async (service: string) => (await health()).find((s) => s.service === service);
  const until = async (service: string, status: ExpectedService['status'], timeoutMs: number) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const s = await statusOf(service);
      if (s?.status === status) return s;
      if (Date.now() > deadline) throw new Error(`${service} not ${status} within ${timeoutMs} ms: ${JSON.stringify(s)}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  const alerts = (code: string) => (webhook.bodies as Alert[]).filter((a) => a.code === code);

  it('a position left without its stop past the deadline reaches the webhook as PROTECTION_OVERDUE with its facts', async () => {
    const { expiry, strike } = await driver.optionNear('AAPL', AAPL, 100);
    await driver.arm({
      tradeId: 'ha-1' as TradeId, symbol: 'AAPL', right: 'CALL', expiry, strike, trigger: { price: 100.5, source: 'last' },
      size: { by: 'contracts', contracts: 2 }, entry: { type: 'MKT' }, stopLoss: { mode: 'offset', offset: 1 },
      reprice: { afterSeconds: 1, maxSteps: 5, cancelAfterLastStep: false },
    });
    system.sim!.setPrice('AAPL', 101);
    await driver.event('ha-1', 'fired');
    // A paused trigger-service cannot arm the stop: the position stays unprotected past its deadline.
    const triggers = system.process('trigger-service');
    process.kill(triggers.pid, 'SIGSTOP');
    try {
      await driver.event('ha-1', 'protection-overdue', 30_000);
      const overdue = await webhook.waitFor<Alert>((a) => a.code === 'PROTECTION_OVERDUE', 30_000, 'PROTECTION_OVERDUE');
      expect(overdue).toMatchObject({
        severity: 'critical', active: true, dedupKey: 'PROTECTION_OVERDUE:ha-1',
        facts: { tradeId: 'ha-1', symbol: 'AAPL', openQuantity: 2, stopLevel: 99.5, deadlineMs: 1000 },
      });
    } finally {
      process.kill(triggers.pid, 'SIGCONT');
    }
    await driver.reached('ha-1', 'PROTECTED', 30_000);
  }, 120_000);

  it('a broker position the trades do not explain reaches the webhook as EXTERNAL_POSITION with its facts', async () => {
    const optionConId = (await driver.trade('ha-1')).optionConId;
    const gateway = await system.bus('gateway');
    // The gateway's reconciliation snapshot says 5 where the executions explain 2 (a manual trade in TWS).
    gateway.publish(Contracts.BrokerPosition, { account: 'DU123456', conId: optionConId, position: 5, avgCost: 100, at: system.now() } as BrokerPosition);
    await gateway.nc.flush();
    const external = await webhook.waitFor<Alert>((a) => a.code === 'EXTERNAL_POSITION', 30_000, 'EXTERNAL_POSITION');
    expect(external).toMatchObject({ severity: 'critical', active: true, facts: { conId: optionConId, underlying: 'AAPL', brokerPosition: 5, countedPosition: 2 } });
  }, 60_000);

  it('kill -9 of the risk-service: DOWN within three heartbeats, SERVICE_DOWN delivered once, UP again after a restart', async () => {
    expect(await until('risk-service', 'UP', 10_000)).toMatchObject({ liveInstances: 1 });
    // `since` is on the console's clock, which is the system's (shifted) clock.
    const killedAt = system.now();
    await system.process('risk-service').kill();
    const down = await until('risk-service', 'DOWN', 30_000);
    // The last heartbeat came at most one interval before the kill; three missed ones and one evaluation later it is DOWN.
    expect(down.since - killedAt).toBeLessThanOrEqual(3 * HEARTBEAT_MS + HEARTBEAT_MS / 2 + 500);
    const others = await health();
    expect(others.filter((s) => s.service !== 'risk-service').every((s) => s.status === 'UP')).toBe(true);

    await system.startService('risk-service', { HEARTBEAT_INTERVAL_MS: String(HEARTBEAT_MS), RISK_POSITION_RECHECK_MS: '500', ...GENEROUS_RISK_ENV });
    const up = await until('risk-service', 'UP', 30_000);
    expect(up.since).toBeGreaterThan(down.since);
    // Alerts reach the webhook in stream order: once the all-clear is there, every SERVICE_DOWN before it is too.
    await webhook.waitFor<Alert>((a) => a.code === 'SERVICE_DOWN' && !a.active && a.facts.service === 'risk-service', 30_000, 'SERVICE_DOWN all-clear');
    const riskDown = alerts('SERVICE_DOWN').filter((a) => a.facts.service === 'risk-service');
    expect(riskDown.map((a) => a.active)).toEqual([true, false]);
    expect(riskDown[0]).toMatchObject({ severity: 'critical', dedupKey: 'SERVICE_DOWN:risk-service', facts: { service: 'risk-service', liveInstances: 0, previous: 'UP' } });
  }, 120_000);
});
