/**
 * `npm start` (scripts/start.mjs) as a user runs it: the whole system as processes, the market
 * session chosen whatever the hour (issue 17), supervision of every process (issue 21), Ctrl-C.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MarketCalendar } from '@arctrigger/service-kit';
import { collectOutput, freePort, repoRoot } from '@arctrigger/testkit';
import { alive, pidsOf, pressCtrlC } from './support/ctrl-c';

const HOUR = 3_600_000;
const ADMIN = { authorization: 'Bearer dev-admin-token', 'content-type': 'application/json' };

/** Local time when a reading was taken: the middle of the request's round trip. */
async function timed<T>(read: () => Promise<T>): Promise<{ value: T; at: number }> {
  const before = Date.now();
  const value = await read();
  return { value, at: (before + Date.now()) / 2 };
}

describe('npm start', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'arctrigger-start-'));
  let child: ChildProcess | undefined;

  afterAll(() => {
    if (child?.exitCode === null && child.signalCode === null) process.kill(-child.pid!, 'SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('at 03:00 ET with --session regular: both clocks at 09:45 ET within 100 ms of each other, a trade fills and is protected, a killed service is restarted alone, and Ctrl-C stops everything within 3 s', async () => {
    // The wall clock of this run, as if it were 03:00 ET on the next trading day.
    const calendar = new MarketCalendar();
    const threeAm = calendar.nextRegularOpen(Date.now()) - 6.5 * HOUR;
    const [natsPort, twsPort, controlPort, httpPort] = [await freePort(), await freePort(), await freePort(), await freePort()];
    child = spawn(process.execPath, [join(repoRoot(), 'scripts', 'start.mjs'), '--session', 'regular'], {
      env: {
        ...process.env,
        NATS_URL: '',
        ARCTRIGGER_CLOCK_OFFSET_MS: String(threeAm - Date.now()),
        ARCTRIGGER_NATS_PORT: String(natsPort),
        ARCTRIGGER_DATA_DIR: dataDir,
        TWS_PORT: String(twsPort),
        TWS_SIM_CONTROL_PORT: String(controlPort),
        HTTP_PORT: String(httpPort),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    const output = collectOutput(child, 'npm start');
    const pidsLine = await output.waitFor(/\[start\] pids: [^\n]+/, 120_000);
    const pids = pidsOf(pidsLine);
    expect(pids.map((p) => p.name)).toEqual(['nats-server', 'tws-sim', 'gateway', 'risk-service', 'trigger-service', 'order-service', 'watchlist-service', 'auditor', 'console']);
    expect(output.text()).toMatch(/market clock\s+regular session, \d{4}-\d{2}-\d{2} 09:45:00 ET — simulated: wall clock/);

    // Both clocks: the simulator's and the services' (the console's market clock).
    const api = `http://127.0.0.1:${httpPort}`;
    const sim = `http://127.0.0.1:${controlPort}`;
    const simNow = await timed(async () => Date.parse(((await (await fetch(`${sim}/state`)).json()) as { now: string }).now));
    const serviceNow = await timed(async () => ((await (await fetch(`${api}/v1/system/clock`, { headers: ADMIN })).json()) as { now: number; session: string }));
    expect(serviceNow.value.session).toBe('regular');
    const disagreement = Math.abs(simNow.value - simNow.at - (serviceNow.value.now - serviceNow.at));
    expect(disagreement).toBeLessThan(100);
    expect(calendar.sessionAt(simNow.value)).toBe('regular');

    // A budget-sized call, armed, fired by a price pushed at the simulator, filled and protected.
    const chain = (await (await fetch(`${api}/v1/market/chain?symbol=AAPL`, { headers: ADMIN })).json()) as { expiries: Array<{ expiry: string }> };
    const today = calendar.dayOf(serviceNow.value.now).date.replace(/-/g, '');
    const expiry = chain.expiries.map((e) => e.expiry).filter((e) => e > today).sort()[0]!;
    const quote = (await (await fetch(`${api}/v1/market/quote?symbol=AAPL`, { headers: ADMIN })).json()) as { quote: { last: number } };
    const armed = await fetch(`${api}/v1/trades`, {
      method: 'POST', headers: ADMIN,
      body: JSON.stringify({
        tradeId: 'early-bird', symbol: 'AAPL', right: 'CALL', expiry, strike: 'ATM', trigger: { price: Math.round((quote.quote.last + 0.1) * 100) / 100 },
        size: { by: 'budget', dollars: 2000 }, entry: { type: 'LMT', offset: 0.05 }, stopLoss: { mode: 'offset', offset: 1 },
      }),
    });
    expect(armed.status).toBe(201);
    const watch = spawn(process.execPath, [join(repoRoot(), 'packages', 'cli', 'dist', 'main.js'), 'watch', '--trade', 'early-bird', '--until', 'PROTECTED'], {
      env: { ...process.env, ARCTRIGGER_URL: api, ARCTRIGGER_TOKEN: 'dev-admin-token' },
    });
    const watched = collectOutput(watch, 'arctrigger watch');
    await watched.waitFor(/watching trade early-bird/, 10_000);
    const pushed = await fetch(`${sim}/market/price`, { method: 'POST', headers: ADMIN, body: JSON.stringify({ symbol: 'AAPL', price: quote.quote.last + 0.6 }) });
    expect(pushed.status).toBe(200);
    await watched.waitFor(/early-bird OPEN→PROTECTED/, 30_000);
    const orders = (await (await fetch(`${sim}/orders`)).json()) as Array<{ orderRef: string; totalQuantity: number; lmtPrice: number; state: string }>;
    const entry = orders.find((o) => o.orderRef === 'early-bird.entry.1')!;
    expect(entry.state).toBe('Filled');
    expect(entry.totalQuantity).toBe(Math.floor(2000 / (entry.lmtPrice * 100)));

    // Supervision: kill -9 of one service restarts that one only.
    const risk = pids.find((p) => p.name === 'risk-service')!;
    process.kill(risk.pid, 'SIGKILL');
    const restarted = await output.waitFor(/\[start\] risk-service restarted: pid (\d+), ready/, 30_000);
    const newRiskPid = Number(/pid (\d+)/.exec(restarted)![1]);
    expect(output.text()).toMatch(/\[start\] risk-service exited \(SIGKILL\); restarting it in \d+ ms/);
    expect(pids.filter((p) => p.name !== 'risk-service').every((p) => alive(p.pid))).toBe(true);
    const health = (await (await fetch(`${api}/v1/system/health`)).json()) as { services: Array<{ service: string; instanceId: string }> };
    expect(health.services.map((s) => s.service).sort()).toEqual(['auditor', 'console', 'gateway', 'order-service', 'risk-service', 'trigger-service', 'watchlist-service']);
    expect(health.services.find((s) => s.service === 'risk-service')!.instanceId).toContain(String(newRiskPid));

    const stopped = await pressCtrlC(child, [...pids.filter((p) => p.name !== 'risk-service').map((p) => p.pid), newRiskPid], 3_000);
    expect(stopped).toMatchObject({ cleanExit: true, left: [] });
    expect(stopped.ms).toBeLessThan(3_000);
    console.log(`npm start: clocks ${disagreement.toFixed(1)} ms apart; Ctrl-C stopped everything in ${stopped.ms} ms`);
  }, 180_000);
});
