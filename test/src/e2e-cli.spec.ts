/**
 * The trader's path end to end (issue 8): the `arctrigger` CLI, as a real process, arms a trade
 * through the real console, watches it fire and fill against the TWS simulator, flattens it and arms it again (reset) —
 * with the gateway, trigger-service, risk-service, order-service and console as real processes.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { collectOutput, freePort } from '@arctrigger/testkit';
import { runCli, cliPath, type CliResult } from './support/cli-runner';
import { SystemHarness } from './support/system-harness';
import { createConsoleToken } from './support/console-tokens';

/** Tuesday 10:30 US/Eastern: regular session. */
const SESSION = '2026-11-24T15:30:00Z';
const EXPIRY = '20261127';
const ADMIN_TOKEN = 'e2e-admin-token-0123456789';

describe('arctrigger CLI end to end', () => {
  let system: SystemHarness;
  let url: string;
  let traderToken: string;
  const watchers: ChildProcess[] = [];

  const cli = (args: string[], token = traderToken): Promise<CliResult> => runCli(url, token, args);

  beforeAll(async () => {
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    system = await SystemHarness.start({
      services: ['gateway', 'trigger-service', 'risk-service', 'order-service', 'console'],
      clockShiftMs: Date.parse(SESSION) - Date.now(),
      sim: {
        scenario: {
          tickIntervalMs: 50,
          stocks: [{ symbol: 'AAPL', conId: 265598, primaryExchange: 'NASDAQ', price: 230, script: [{ at: 0, price: 230 }] }],
        },
      },
      env: { console: { HTTP_PORT: String(port), ARCTRIGGER_ADMIN_TOKEN: ADMIN_TOKEN } },
    });
    traderToken = await createConsoleToken(url, ADMIN_TOKEN, 'e2e-trader', 'trader');
  }, 90_000);

  afterAll(async () => {
    for (const w of watchers) w.kill('SIGTERM');
    await system?.stop();
  });

  it('cli arms a trade with one command, watches it fire and fill against the simulator, flattens it, and resets it into a new trade that fires too', async () => {
    const watch = spawn(process.execPath, [cliPath, 'watch', '--json'], {
      env: { PATH: process.env.PATH ?? '', ARCTRIGGER_URL: url, ARCTRIGGER_TOKEN: traderToken },
    });
    watchers.push(watch);
    const events = collectOutput(watch, 'arctrigger watch');

    const armed = await cli([
      'arm', 'AAPL', 'CALL', EXPIRY, 'ATM', '--trigger', '231.40', '--contracts', '2',
      '--limit-offset', '0.05', '--stop-offset', '0.5', '--id', 'cli-e2e', '--json',
    ]);
    expect(armed.stderr).toBe('');
    expect(armed.code).toBe(0);
    expect(JSON.parse(armed.stdout)).toMatchObject({ tradeId: 'cli-e2e', state: 'ARMED', stopLevel: 230.9 });

    system.sim!.setPrice('AAPL', 231.5);
    await events.waitFor(/"to":"FIRED"/, 20_000);
    await events.waitFor(/"to":"PROTECTED"/, 20_000);

    const flattened = await cli(['flatten', 'cli-e2e', '--json']);
    expect(flattened.code).toBe(0);
    await events.waitFor(/"to":"CLOSED"/, 20_000);

    const shown = await cli(['show', 'cli-e2e', '--json']);
    expect(shown.code).toBe(0);
    expect(JSON.parse(shown.stdout)).toMatchObject({ trade: { tradeId: 'cli-e2e', state: 'CLOSED', filledQuantity: 2, openQuantity: 0 } });
    const sold = system.sim!.executions().filter((e) => e.orderRef.startsWith('cli-e2e.') && e.side === 'SLD');
    expect(sold.reduce((n, e) => n + e.shares, 0)).toBe(2);

    // Reset: the closed trade armed again as a new one, at a higher trigger; it fires and buys under its own orderRef.
    const reset = await cli(['reset', 'cli-e2e', '--trigger', '231.80', '--id', 'cli-e2e-2', '--json']);
    expect(reset.stderr).toBe('');
    expect(JSON.parse(reset.stdout)).toMatchObject({ tradeId: 'cli-e2e-2', state: 'ARMED', resetFrom: 'cli-e2e', stopLevel: 231.3 });
    system.sim!.setPrice('AAPL', 231.9);
    await events.waitFor(/"tradeId":"cli-e2e-2"[^\n]*"to":"PROTECTED"/, 20_000);
    expect(system.sim!.executions().filter((e) => e.orderRef === 'cli-e2e-2.entry.1').reduce((n, e) => n + e.shares, 0)).toBe(2);
    expect(JSON.parse((await cli(['show', 'cli-e2e', '--json'])).stdout)).toMatchObject({ trade: { state: 'CLOSED' } });

    const viewer = await cli(['kill', 'e2e'], traderToken);
    expect(viewer.code).toBe(4); // the kill switch needs admin
  }, 90_000);

  it("owners: a trader cannot cancel or modify another trader's trade (403, nothing changes); an admin can; every event names its actor", async () => {
    const other = await fetch(`${url}/v1/tokens`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'e2e-other-trader', role: 'trader' }),
    });
    const otherToken = ((await other.json()) as { token: string }).token;
    const armed = await cli(['arm', 'AAPL', 'CALL', EXPIRY, 'ATM', '--trigger', '240', '--contracts', '1', '--stop-offset', '1', '--id', 'owned-1', '--json']);
    expect(armed.code).toBe(0);
    const trade = JSON.parse(armed.stdout) as { owner: { kind: string; id: string; name: string; role: string } };
    expect(trade.owner).toMatchObject({ kind: 'user', name: 'e2e-trader', role: 'trader' });

    const api = (path: string, token: string, init: RequestInit = {}) =>
      fetch(`${url}${path}`, { ...init, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' } });
    const refused = await api('/v1/trades/owned-1/cancel', otherToken, { method: 'POST' });
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ code: 'NOT_YOUR_TRADE' });
    const notModified = await api('/v1/trades/owned-1', otherToken, { method: 'PATCH', body: JSON.stringify({ triggerPrice: 241 }) });
    expect(notModified.status).toBe(403);
    const byCli = await cli(['cancel', 'owned-1'], otherToken);
    expect(byCli.code).toBe(4);
    const unchanged = (await (await api('/v1/trades/owned-1', otherToken)).json()) as { trade: { state: string; spec: { trigger: { price: number } } }; events: unknown[] };
    expect(unchanged.trade).toMatchObject({ state: 'ARMED', spec: { trigger: { price: 240 } } });
    expect(unchanged.events).toHaveLength(1);

    const byAdmin = await api('/v1/trades/owned-1/cancel', ADMIN_TOKEN, { method: 'POST' });
    expect(byAdmin.status).toBe(200);
    const history = (await (await api('/v1/trades/owned-1', traderToken)).json()) as { trade: { state: string }; events: Array<{ type: string; actor: { kind: string; id: string; name?: string } }> };
    expect(history.trade.state).toBe('CANCELLED');
    expect(history.events.map((e) => [e.type, e.actor.kind, e.actor.name])).toEqual([
      ['armed', 'user', 'e2e-trader'],
      ['cancelled', 'user', 'bootstrap-admin'],
    ]);
    // The fire of the first test's trades was caused by the trigger-service, their fills by the gateway.
    const fired = (await (await api('/v1/trades/cli-e2e', traderToken)).json()) as { events: Array<{ type: string; actor: { kind: string; id: string } }> };
    expect(fired.events.find((e) => e.type === 'fired')?.actor).toEqual({ kind: 'service', id: 'trigger-service' });
    expect(fired.events.find((e) => e.type === 'filled')?.actor).toEqual({ kind: 'service', id: 'gateway' });
    expect(fired.events.find((e) => e.type === 'exit-submitted')?.actor).toMatchObject({ kind: 'user', name: 'e2e-trader' });
  }, 60_000);
});
