/**
 * Adopting an external position end to end (issue 19): a real nats-server, the TWS simulator over
 * TCP, and the gateway, trigger-, risk- and order-service, auditor and console as real processes,
 * driven by the real CLI. Options bought at the simulator outside the API show as external and are
 * alerted; a trader's adoption is refused and changes nothing; an admin's makes a trade holding them
 * with its stop trigger armed, which the auditor no longer reports as external; the underlying
 * crossing the stop sells exactly the adopted quantity — the simulator's executions are the judge.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Contracts, type Alert, type AuditViolationEvent, type TradeView } from '@arctrigger/contracts';
import type { Bus } from '@arctrigger/service-kit';
import { BusRecorder, eventually, freePort, repoRoot } from '@arctrigger/testkit';
import { runCli, type CliResult } from './support/cli-runner';
import { SystemHarness } from './support/system-harness';
import { flatStock, GENEROUS_RISK_ENV, TradeDriver } from './support/trade-driver';
import { createConsoleToken } from './support/console-tokens';

/** Tuesday 10:30 US/Eastern: regular session. */
const SESSION = '2026-11-24T15:30:00Z';
const AAPL = 265598;
const ADMIN_TOKEN = 'e2e-admin-token-adopt-0123456789';
const PERIOD_MS = 2_000;
const BOUGHT = 3;
/** Paid per share at the simulator (IB's avgCost: 250 per contract). */
const PAID = 2.5;

describe('adopting an external position end to end', () => {
  const startedAt = Date.now();
  const timings: Record<string, number> = { auditPeriodMs: PERIOD_MS };
  let system: SystemHarness;
  let driver: TradeDriver;
  let console_: Bus;
  let url: string;
  let traderToken: string;
  let alerts: BusRecorder;
  let violations: BusRecorder;
  let optionConId: number;
  let adopted: TradeView;

  const cli = (args: string[], token: string): Promise<CliResult> => runCli(url, token, args);
  const externalConIds = async () => {
    const reply = await console_.request(Contracts.ListExternalPositions, {});
    if (!reply.ok) throw new Error(`${reply.code} ${reply.message}`);
    return reply.value.positions.map((p) => p.conId as number);
  };
  const tradesHolding = async (conId: number) => {
    const reply = await console_.request(Contracts.ListTrades, { limit: 1000 });
    if (!reply.ok) throw new Error(`${reply.code} ${reply.message}`);
    return reply.value.trades.filter((t) => t.optionConId === conId);
  };
  const violation = (key: string, change: AuditViolationEvent['change']) => (m: { json: unknown }) =>
    (m.json as AuditViolationEvent).key === key && (m.json as AuditViolationEvent).change === change;

  beforeAll(async () => {
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    system = await SystemHarness.start({
      services: ['gateway', 'trigger-service', 'risk-service', 'order-service', 'auditor', 'console'],
      clockShiftMs: Date.parse(SESSION) - Date.now(),
      sim: { scenario: { tickIntervalMs: 50, stocks: [flatStock('AAPL', AAPL, 230)] } },
      env: {
        console: { HTTP_PORT: String(port), ARCTRIGGER_ADMIN_TOKEN: ADMIN_TOKEN },
        'risk-service': GENEROUS_RISK_ENV,
        auditor: { AUDITOR_PERIOD_MS: String(PERIOD_MS) },
      },
    });
    driver = await TradeDriver.start(system);
    console_ = await system.bus('console');
    alerts = await BusRecorder.start(system.admin, 'sys.alert.v1.>');
    violations = await BusRecorder.start(system.admin, 'audit.evt.v1.>');
    traderToken = await createConsoleToken(url, ADMIN_TOKEN, 'e2e-trader', 'trader');
    const { expiry, strike } = await driver.optionNear('AAPL', AAPL, 230);
    const option = await console_.request(Contracts.QualifyContract, { secType: 'OPT', symbol: 'AAPL', expiry, strike, right: 'CALL' });
    if (!option.ok) throw new Error(`${option.code} ${option.message}`);
    optionConId = option.value.conId;
    timings.startMs = Date.now() - startedAt;
    // Six services as processes: on a machine shared by several suites, starting them takes minutes.
  }, 600_000);

  afterAll(async () => {
    timings.suiteMs = Date.now() - startedAt;
    const dir = join(repoRoot(), 'artifacts', 'adopt');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'timings.json'), `${JSON.stringify(timings, null, 2)}\n`);
    alerts?.stop();
    violations?.stop();
    driver?.stop();
    await system?.stop();
  });

  it('shows options bought at the simulator outside the API as an external position, alerted', async () => {
    expect(system.sim!.bookExternalTrade(optionConId, BOUGHT, PAID)).toBe(true);
    const alert = await alerts.waitFor((m) => (m.json as Alert).code === 'EXTERNAL_POSITION' && (m.json as Alert).facts.conId === optionConId, 30_000);
    expect((alert.json as Alert).facts).toMatchObject({ brokerPosition: BOUGHT, heldByTrades: 0, avgCost: PAID * 100 });
    expect(await externalConIds()).toEqual([optionConId]);
  }, 60_000);

  it("refuses a trader's adoption with 403, and nothing changes", async () => {
    const ordersBefore = system.sim!.orders().length;

    const refused = await cli(['adopt', String(optionConId), '--stop-offset', '1'], traderToken);

    expect(refused.code).toBe(4);
    expect(refused.stderr).toContain('error 403 FORBIDDEN');
    expect(await tradesHolding(optionConId)).toEqual([]);
    expect(system.sim!.orders().length).toBe(ordersBefore);
    expect(await externalConIds()).toEqual([optionConId]);
  }, 60_000);

  it("adopts it for an admin: a trade holding the external quantity at the broker's cost, its stop trigger armed", async () => {
    const askedAt = Date.now();
    const answer = await cli(['adopt', String(optionConId), '--stop-offset', '1', '--json'], ADMIN_TOKEN);
    timings.adoptAnswerMs = Date.now() - askedAt;

    expect({ code: answer.code, stderr: answer.stderr }).toEqual({ code: 0, stderr: '' });
    adopted = JSON.parse(answer.stdout) as TradeView;
    expect(adopted).toMatchObject({
      state: 'PROTECTED', optionConId, underConId: AAPL, openQuantity: BOUGHT, filledQuantity: BOUGHT, avgEntryPrice: PAID, stopLevel: 229,
      owner: { kind: 'user', role: 'admin' }, spec: { symbol: 'AAPL', right: 'CALL', trigger: { price: 230 }, stopLoss: { mode: 'offset', offset: 1 } },
    });
    expect(adopted.adoptedAt).not.toBeNull();
    expect(driver.history(adopted.tradeId).map((e) => [e.type, e.to, e.actor?.role])).toEqual([['adopted', 'OPEN', 'admin'], ['protected', 'PROTECTED', 'admin']]);
    const stops = await console_.request(Contracts.ListTriggers, { tradeId: adopted.tradeId, purpose: 'stop' });
    expect(stops.ok && stops.value.triggers.map((t) => [t.triggerId, t.status, t.level, t.direction, t.conId])).toEqual([[adopted.stopTriggerId, 'armed', 229, 'below', AAPL]]);
  }, 60_000);

  it('the auditor no longer reports it as external once adopted', async () => {
    const key = `EXTERNAL_POSITION:${optionConId}`;
    const resolved = await violations.waitFor(violation(key, 'resolved'), 30_000);
    timings.externalResolvedAfterAdoptMs = (resolved.json as AuditViolationEvent).at - adopted.createdAt;
    expect(await externalConIds()).toEqual([]);
    expect(violations.messages.filter(violation(key, 'opened'))).toHaveLength(1);
  }, 60_000);

  it('refuses adopting the same position again with 409 ALREADY_ADOPTED and makes no second trade', async () => {
    const again = await cli(['adopt', String(optionConId), '--stop-price', '228'], ADMIN_TOKEN);

    expect(again.code).toBe(2);
    expect(again.stderr).toContain('error 409 ALREADY_ADOPTED');
    expect((await tradesHolding(optionConId)).map((t) => t.tradeId)).toEqual([adopted.tradeId]);
  }, 60_000);

  it('sells exactly the adopted quantity when the underlying crosses the stop, and the position is flat', async () => {
    const movedAt = Date.now();
    system.sim!.setPrice('AAPL', 228.5);
    await driver.reached(adopted.tradeId, 'CLOSED', 30_000);
    timings.stopToClosedMs = Date.now() - movedAt;

    const executions = system.sim!.executions().filter((e) => e.instrument.conId === optionConId);
    expect(executions.map((e) => e.side)).toEqual(executions.map(() => 'SLD'));
    expect(executions.reduce((sum, e) => sum + e.shares, 0)).toBe(BOUGHT);
    expect(new Set(executions.map((e) => e.orderRef.split('.')[0]))).toEqual(new Set([adopted.tradeId]));
    await eventually(async () => (system.sim!.positions().find((p) => p.instrument.conId === optionConId)?.quantity ?? 0) === 0, { what: 'the option position flat at the simulator' });
    expect(await driver.trade(adopted.tradeId)).toMatchObject({ state: 'CLOSED', openQuantity: 0, shortQuantity: 0 });
    // Nothing left for the auditor: no external position in the contract, before or after its next passes.
    expect(await externalConIds()).toEqual([]);
  }, 60_000);
});
