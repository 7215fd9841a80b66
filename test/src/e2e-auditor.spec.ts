/**
 * The invariant auditor end to end (issue 19): a real nats-server, the TWS simulator, and the
 * gateway, trigger-service, risk-service, order-service and auditor as real processes. A stop
 * trigger disarmed behind the order-service's back is re-armed by the auditor, with a violation
 * event; a position opened at the simulator outside the API shows as external, alerted; a
 * restarted auditor repeats no repair.
 */
import { Contracts, type Alert, type AuditViolationEvent, type TradeId, type TradeEventOf } from '@arctrigger/contracts';
import type { Bus } from '@arctrigger/service-kit';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BusRecorder, eventually, repoRoot } from '@arctrigger/testkit';
import { SystemHarness } from './support/system-harness';
import { flatStock, GENEROUS_RISK_ENV, TradeDriver } from './support/trade-driver';

/** Tuesday 10:30 US/Eastern: regular session. */
const SESSION = '2026-11-24T15:30:00Z';
const AAPL = 265598;
const MSFT = 272093;
const PERIOD_MS = 2_000;

describe('invariant auditor end to end', () => {
  let system: SystemHarness;
  let driver: TradeDriver;
  let console_: Bus;
  let violations: BusRecorder;
  let alerts: BusRecorder;

  beforeAll(async () => {
    system = await SystemHarness.start({
      services: ['gateway', 'trigger-service', 'risk-service', 'order-service', 'auditor'],
      clockShiftMs: Date.parse(SESSION) - Date.now(),
      sim: { scenario: { tickIntervalMs: 50, stocks: [flatStock('AAPL', AAPL, 230), flatStock('MSFT', MSFT, 420)] } },
      env: {
        'risk-service': GENEROUS_RISK_ENV,
        auditor: { AUDITOR_PERIOD_MS: String(PERIOD_MS), AUDITOR_PROTECTION_DEADLINE_MS: '1000' },
      },
    });
    driver = await TradeDriver.start(system);
    console_ = await system.bus('console');
    violations = await BusRecorder.start(system.admin, 'audit.evt.v1.>');
    alerts = await BusRecorder.start(system.admin, 'sys.alert.v1.>');
    // Five services as processes: on a machine shared by several suites, starting them takes minutes.
  }, 600_000);

  /** Measured times (ms, system clock), written to artifacts/auditor/timings.json for the report. */
  const timings: Record<string, number> = { auditPeriodMs: PERIOD_MS };

  afterAll(async () => {
    const dir = join(repoRoot(), 'artifacts', 'auditor');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'timings.json'), `${JSON.stringify(timings, null, 2)}\n`);
    violations?.stop();
    alerts?.stop();
    driver?.stop();
    await system?.stop();
  });

  const violationEvents = (key: string, change?: AuditViolationEvent['change']) =>
    violations.messages.map((m) => m.json as AuditViolationEvent).filter((v) => v.key === key && (change === undefined || v.change === change));
  const lastPassAt = async () => {
    const reply = await console_.request(Contracts.ListViolations, { includeResolved: true });
    if (!reply.ok) throw new Error(`${reply.code} ${reply.message}`);
    return reply.value.lastPassAt ?? 0;
  };
  /** Two full passes of the auditor after now (its clock is the system's). */
  const twoPassesLater = async () => {
    const from = system.now();
    await eventually(async () => (await lastPassAt()) > from, { what: 'an audit pass', timeoutMs: 30_000 });
    const first = await lastPassAt();
    await eventually(async () => (await lastPassAt()) > first, { what: 'a second audit pass', timeoutMs: 30_000 });
  };

  it('re-arms a stop trigger disarmed behind the order-service, within two audit periods, with a violation event', async () => {
    const { expiry, strike } = await driver.optionNear('AAPL', AAPL, 230);
    await driver.arm({
      tradeId: 'aud-stop' as TradeId, symbol: 'AAPL', right: 'CALL', expiry, strike, trigger: { price: 230.6, source: 'last' },
      size: { by: 'contracts', contracts: 2 }, entry: { type: 'MKT' }, stopLoss: { mode: 'offset', offset: 1 },
    });
    system.sim!.setPrice('AAPL', 230.8);
    const protectedFirst = (await driver.reached('aud-stop', 'PROTECTED', 30_000)) as TradeEventOf<'protected'>;
    const lostId = protectedFirst.detail.stopTriggerId!;

    // Behind the order-service's back: straight to the trigger-service.
    const disarmed = await (await system.bus('order-service')).request(Contracts.DisarmTrigger, { triggerId: lostId, reason: 'test: lost behind the back' });
    expect(disarmed.ok && disarmed.value.status).toBe('disarmed');
    const disarmedAt = disarmed.ok ? disarmed.value.updatedAt : 0;

    const lost = await driver.event('aud-stop', 'stop-lost', 30_000);
    expect(lost.detail).toMatchObject({ stopTriggerId: lostId, triggerStatus: 'disarmed' });
    const rearmed = await driver.event('aud-stop', 'protected', 30_000, (d) => d.stopTriggerId !== null && d.stopTriggerId !== lostId);
    const key = `STOP_MISSING:aud-stop:${lostId}`;
    const opened = await violations.waitFor((m) => (m.json as AuditViolationEvent).key === key && (m.json as AuditViolationEvent).change === 'opened', 30_000);
    const repaired = await violations.waitFor((m) => (m.json as AuditViolationEvent).key === key && (m.json as AuditViolationEvent).change === 'repaired', 30_000);

    const openedEvent = opened.json as AuditViolationEvent;
    expect(openedEvent).toMatchObject({ code: 'STOP_MISSING', facts: { tradeId: 'aud-stop', stopTriggerId: lostId, openQuantity: 2 } });
    expect((repaired.json as AuditViolationEvent).repair).toMatchObject({ kind: 'rearm-stop', done: true });
    expect((repaired.json as AuditViolationEvent).repair!.outcome).toContain('rearmed');
    timings.stopMissingDetectedMs = openedEvent.firstSeenAt - disarmedAt;
    timings.stopMissingRepairedMs = rearmed.at - disarmedAt;
    // Found and re-armed within two audit periods of the disarm (the auditor's and the trigger-service's clocks are the system's).
    expect(openedEvent.firstSeenAt - disarmedAt).toBeLessThanOrEqual(2 * PERIOD_MS);
    expect(rearmed.at - disarmedAt).toBeLessThanOrEqual(2 * PERIOD_MS + 1_000);
    const stops = await console_.request(Contracts.ListTriggers, { tradeId: 'aud-stop', purpose: 'stop' });
    expect(stops.ok && stops.value.triggers.map((t) => [t.triggerId, t.status])).toEqual([[rearmed.detail.stopTriggerId, 'armed']]);
    expect((await driver.trade('aud-stop')).state).toBe('PROTECTED');
    await violations.waitFor((m) => (m.json as AuditViolationEvent).key === key && (m.json as AuditViolationEvent).change === 'resolved', 30_000);
    const alert = await alerts.waitFor((m) => (m.json as Alert).code === 'UNPROTECTED_POSITION' && (m.json as Alert).dedupKey === key, 10_000);
    expect((alert.json as Alert).severity).toBe('critical');
  }, 120_000);

  it('shows a position opened at the simulator outside the API as external, alerted, and trades nothing', async () => {
    const ordersBefore = system.sim!.orders().length;
    const bookedAt = system.now();
    expect(system.sim!.bookExternalTrade(MSFT, 100, 420)).toBe(true);
    const alert = await alerts.waitFor((m) => (m.json as Alert).code === 'EXTERNAL_POSITION' && (m.json as Alert).facts.conId === MSFT, 30_000);
    timings.externalPositionAlertedMs = (alert.json as Alert).at - bookedAt;
    expect((alert.json as Alert).facts).toMatchObject({ brokerPosition: 100, heldByTrades: 0 });
    const external = await console_.request(Contracts.ListExternalPositions, {});
    expect(external.ok && external.value.positions).toEqual([expect.objectContaining({ conId: MSFT, quantity: 100, brokerPosition: 100, heldByTrades: 0, adoptedAs: null })]);
    expect(violationEvents(`EXTERNAL_POSITION:${MSFT}`, 'opened')).toHaveLength(1);
    // Never traded automatically.
    expect(system.sim!.orders().length).toBe(ordersBefore);
  }, 60_000);

  it('a restarted auditor repeats no repair and opens no violation again', async () => {
    const stopKey = violations.messages.map((m) => m.json as AuditViolationEvent).find((v) => v.code === 'STOP_MISSING')!.key;
    const externalKey = `EXTERNAL_POSITION:${MSFT}`;
    const before = { repaired: violationEvents(stopKey, 'repaired').length, opened: violationEvents(externalKey, 'opened').length };
    expect(before).toEqual({ repaired: 1, opened: 1 });

    await system.process('auditor').stop();
    await system.startService('auditor');
    await twoPassesLater();

    expect(violationEvents(stopKey, 'repaired')).toHaveLength(1);
    expect(violationEvents(stopKey, 'opened')).toHaveLength(1);
    expect(violationEvents(externalKey, 'opened')).toHaveLength(1);
    expect(driver.history('aud-stop').filter((e) => e.type === 'stop-lost')).toHaveLength(1);
    const external = await console_.request(Contracts.ListExternalPositions, {});
    expect(external.ok && external.value.positions.map((p) => p.conId)).toEqual([MSFT]);
  }, 300_000);
});
