/**
 * The trader's path end to end (issue 8): the `arctrigger` CLI, as a real process, arms a trade
 * through the real console, watches it fire and fill against the TWS simulator, flattens it and arms it again (reset) —
 * with the gateway, trigger-service, risk-service, order-service and console as real processes.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { collectOutput, freePort, repoRoot } from '@arctrigger/testkit';
import { SystemHarness } from './support/system-harness';

/** Tuesday 10:30 US/Eastern: regular session. */
const SESSION = '2026-11-24T15:30:00Z';
const EXPIRY = '20261127';
const ADMIN_TOKEN = 'e2e-admin-token-0123456789';
const cliPath = join(repoRoot(), 'packages', 'cli', 'dist', 'main.js');

interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

describe('arctrigger CLI end to end', () => {
  let system: SystemHarness;
  let url: string;
  let traderToken: string;
  const watchers: ChildProcess[] = [];

  const cli = (args: string[], token = traderToken): Promise<CliResult> =>
    new Promise((resolve) => {
      const child = spawn(process.execPath, [cliPath, ...args], {
        env: { PATH: process.env.PATH ?? '', ARCTRIGGER_URL: url, ARCTRIGGER_TOKEN: token },
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
      child.on('exit', (code) => resolve({ code, stdout, stderr }));
    });

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
    const created = await fetch(`${url}/v1/tokens`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'e2e-trader', role: 'trader' }),
    });
    expect(created.status).toBe(201);
    traderToken = ((await created.json()) as { token: string }).token;
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
});
