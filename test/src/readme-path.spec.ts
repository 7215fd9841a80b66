/**
 * The README, as a newcomer follows it (issue 17): the commands are copied out of README.md itself
 * — the quick start and every block of the trader's path — and run on a fresh clone of this
 * repository with no node_modules: `npm start` in one terminal, the rest typed into a second one.
 *
 * The only changes to the commands as written: the console's port (the README says 8080) is the
 * free port this run gives `npm start`, and the simulator's control address is passed as
 * ARCTRIGGER_SIM_URL, so the test can run beside anything else on the machine.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, repoRoot, waitForOutput } from '@arctrigger/testkit';
import { pidsOf, pressCtrlC } from './support/ctrl-c';
import { firstBlockCommands, readmeCommands } from './support/readme-commands';
import { ShellSession, type ShellResult } from './support/shell-session';

interface SimOrder {
  orderRef: string;
  action: string;
  orderType: string;
  totalQuantity: number;
  lmtPrice?: number;
  state: string;
}

describe("README's quick start and trader's path, verbatim on a fresh clone", () => {
  const readme = join(repoRoot(), 'README.md');
  const work = mkdtempSync(join(tmpdir(), 'arctrigger-readme-'));
  const clone = join(work, 'repo');
  let start: ChildProcess | undefined;
  let terminal2: ShellSession | undefined;

  afterAll(() => {
    terminal2?.close();
    if (start?.exitCode === null && start.signalCode === null) process.kill(-start.pid!, 'SIGKILL');
    rmSync(work, { recursive: true, force: true });
  });

  it('the quick start is exactly two commands: one starts everything, one runs every test', () => {
    expect(firstBlockCommands(readme, 'Quick start')).toEqual(['npm start', 'npm test']);
  });

  it('npm start on a fresh clone, a trader token, a budget-sized CALL armed, fired, filled, protected and flattened; Ctrl-C stops everything within 3 s', async () => {
    const commands = readmeCommands(readme, "Trader's path");
    expect(commands.filter((c) => c.terminal === 1).map((c) => c.command)).toEqual(['npm start']);
    execFileSync('git', ['clone', '--quiet', repoRoot(), clone]);

    const [httpPort, natsPort, twsPort, simControlPort] = [await freePort(), await freePort(), await freePort(), await freePort()];
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      NATS_URL: '',
      HTTP_PORT: String(httpPort),
      ARCTRIGGER_NATS_PORT: String(natsPort),
      TWS_PORT: String(twsPort),
      TWS_SIM_CONTROL_PORT: String(simControlPort),
      ARCTRIGGER_DATA_DIR: join(work, 'data'),
      ARCTRIGGER_URL: '',
      ARCTRIGGER_TOKEN: '',
    };
    const asHere = (command: string) => command.replaceAll('127.0.0.1:8080', `127.0.0.1:${httpPort}`);

    // Terminal 1, its own process group as a terminal's foreground job.
    start = spawn('bash', ['-c', commands.find((c) => c.terminal === 1)!.command], { cwd: clone, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    const pidsLine = await waitForOutput(start, /\[start\] pids: [^\n]+/, 600_000, 'npm start');
    const pids = pidsOf(pidsLine);
    expect(pids.map((p) => p.name)).toEqual(['nats-server', 'tws-sim', 'gateway', 'risk-service', 'trigger-service', 'order-service', 'watchlist-service', 'auditor', 'console']);

    // Terminal 2: every other command, in order, in one shell.
    terminal2 = new ShellSession(clone, { ...env, ARCTRIGGER_SIM_URL: `http://127.0.0.1:${simControlPort}` });
    const results: Array<{ command: string } & ShellResult> = [];
    for (const { command } of commands.filter((c) => c.terminal === 2)) {
      const result = await terminal2.run(asHere(command), 120_000);
      results.push({ command, ...result });
      if (result.code !== 0) throw new Error(`README command failed (exit ${result.code}): ${command}\n${result.out}\n${result.err}`);
    }
    const output = (prefix: string) => results.filter((r) => r.command.startsWith(prefix));

    const status = output('npx arctrigger status')[0]!;
    expect(status.out).toMatch(/session\s+regular/);
    for (const service of ['auditor', 'console', 'gateway', 'order-service', 'risk-service', 'trigger-service', 'watchlist-service']) expect(status.out).toMatch(new RegExp(`${service}\\s+\\S+\\s+ok`));

    const armed = output('npx arctrigger arm')[0]!;
    expect(armed.out).toMatch(/trade\s+my-first/);
    expect(armed.out).toMatch(/state\s+ARMED/);
    expect(armed.err).toMatch(/expiry next → \d{8}/);
    expect(armed.err).toMatch(/trigger \+0\.10 → [\d.]+ \(AAPL last [\d.]+\)/);

    const [toProtected, toClosed] = output('npx arctrigger watch --trade my-first');
    expect(toProtected!.out).toMatch(/my-first OPEN→PROTECTED/);
    expect(toClosed!.out).toMatch(/→CLOSED/);
    const [, afterClose] = output('npx arctrigger show my-first');
    expect(afterClose!.out).toMatch(/state\s+CLOSED/);

    // The simulator is the judge: one entry of floor(budget / (limit × 100)) contracts, all sold once.
    const orders = (await (await fetch(`http://127.0.0.1:${simControlPort}/orders`)).json()) as SimOrder[];
    const entry = orders.find((o) => o.orderRef === 'my-first.entry.1')!;
    expect(entry).toMatchObject({ action: 'BUY', orderType: 'LMT', state: 'Filled' });
    expect(entry.totalQuantity).toBe(Math.floor(2000 / (entry.lmtPrice! * 100)));
    expect(orders.filter((o) => o.orderRef.startsWith('my-first.') && o.action === 'SELL').reduce((s, o) => s + o.totalQuantity, 0)).toBe(entry.totalQuantity);

    const stopped = await pressCtrlC(start, pids.map((p) => p.pid), 3_000);
    expect(stopped).toMatchObject({ cleanExit: true, left: [] });
    expect(stopped.ms).toBeLessThan(3_000);
  }, 900_000);
});
