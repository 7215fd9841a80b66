/**
 * Restarts without loss (issue 21), the way an operator meets them: under `npm start`, kill -9 of
 * each service in turn while trades are armed and held; kill -9 of the gateway while ten triggers
 * cross; Ctrl-C and `npm start` again the same day. Judged by the simulator's own orders and
 * executions, and the trades' states over the REST API.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MarketCalendar } from '@arctrigger/service-kit';
import { collectOutput, freePort, repoRoot, type CollectedOutput } from '@arctrigger/testkit';
import { alive, pidsOf, pressCtrlC } from './support/ctrl-c';

const ADMIN = { authorization: 'Bearer dev-admin-token', 'content-type': 'application/json' };

interface SimOrder { orderRef: string; action: string; totalQuantity: number; state: string }
interface SimExecution { orderRef: string; side: string; shares: number }
interface TradeState { tradeId: string; state: string; stopTriggerId: string | null; openQuantity: number; reason: string | null }

describe('restarts without loss under npm start', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'arctrigger-restarts-'));
  const calendar = new MarketCalendar();
  let child: ChildProcess | undefined;
  let ports: { nats: number; tws: number; control: number; http: number };
  let supervisorLines = (): string => '';
  /** Every service pid seen (restarts included): a failed run must not leave the supervised system running. */
  const seenPids = new Set<number>();

  afterAll(() => {
    if (child?.exitCode === null && child.signalCode === null) process.kill(-child.pid!, 'SIGKILL');
    for (const pid of seenPids) {
      try {
        // Only a service process of this run (a pid freed meanwhile may belong to something else now).
        if (readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('dist/main.js')) process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  function start(): { child: ChildProcess; output: CollectedOutput } {
    const c = spawn(process.execPath, [join(repoRoot(), 'scripts', 'start.mjs'), '--session', 'regular'], {
      env: {
        ...process.env, NATS_URL: '', ARCTRIGGER_NATS_PORT: String(ports.nats), ARCTRIGGER_DATA_DIR: dataDir,
        TWS_PORT: String(ports.tws), TWS_SIM_CONTROL_PORT: String(ports.control), HTTP_PORT: String(ports.http),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    const output = collectOutput(c, 'npm start');
    supervisorLines = () => output.text().split('\n').filter((l) => l.startsWith('[start]')).join('\n');
    return { child: c, output };
  }

  const api = (path: string) => `http://127.0.0.1:${ports.http}${path}`;
  const sim = (path: string) => `http://127.0.0.1:${ports.control}${path}`;
  async function json<T>(url: string, init?: RequestInit): Promise<T> {
    const res = await fetch(url, { headers: ADMIN, ...init });
    return (await res.json()) as T;
  }
  const simOrders = () => json<SimOrder[]>(sim('/orders'));
  const simExecutions = () => json<SimExecution[]>(sim('/executions'));
  async function push(price: number): Promise<void> {
    const res = await fetch(sim('/market/price'), { method: 'POST', headers: ADMIN, body: JSON.stringify({ symbol: 'AAPL', price: Math.round(price * 100) / 100 }) });
    expect(res.status).toBe(200);
  }

  /** The trade's state over the API; undefined while the console is away (it may be the one restarting). */
  async function trade(id: string): Promise<TradeState | undefined> {
    try {
      const res = await fetch(api(`/v1/trades/${id}`), { headers: ADMIN });
      return res.ok ? ((await res.json()) as { trade: TradeState }).trade : undefined;
    } catch {
      return undefined;
    }
  }

  /** Waits until every trade in `ids` is in `state` (asked over the API until then); fails naming the laggards. */
  async function reached(ids: readonly string[], state: string, timeoutMs = 45_000): Promise<TradeState[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const views = await Promise.all(ids.map(trade));
      if (views.every((v) => v?.state === state)) return views as TradeState[];
      if (Date.now() > deadline) throw new Error(`not all ${state}: ${JSON.stringify(views.map((v, i) => [ids[i], v?.state, v?.reason]))}\n${supervisorLines()}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  async function arm(tradeId: string, triggerPrice: number, expiry: string): Promise<void> {
    const res = await fetch(api('/v1/trades'), {
      method: 'POST', headers: ADMIN,
      body: JSON.stringify({
        tradeId, symbol: 'AAPL', right: 'CALL', expiry, strike: 'ATM', trigger: { price: Math.round(triggerPrice * 100) / 100 },
        size: { by: 'contracts', contracts: 1 }, entry: { type: 'LMT', offset: 0.05 }, stopLoss: { mode: 'offset', offset: 3 },
      }),
    });
    expect([res.status, tradeId]).toEqual([201, tradeId]);
  }

  it('kill -9 of each service in turn: each restarted alone, the held position stays protected, triggers crossed meanwhile fire once and fill; ten triggers crossing while the gateway is dead all fill; a second npm start the same day fills new trades', async () => {
    ports = { nats: await freePort(), tws: await freePort(), control: await freePort(), http: await freePort() };
    let run = start();
    child = run.child;
    const pids = new Map(pidsOf(await run.output.waitFor(/\[start\] pids: [^\n]+/, 180_000)).map((p) => [p.name, p.pid]));
    for (const pid of pids.values()) seenPids.add(pid);

    const now = (await json<{ now: number }>(api('/v1/system/clock'))).now;
    const today = calendar.dayOf(now).date.replace(/-/g, '');
    const chain = await json<{ expiries: Array<{ expiry: string }> }>(api('/v1/market/chain?symbol=AAPL'));
    const expiry = chain.expiries.map((e) => e.expiry).filter((e) => e > today).sort()[0]!;
    let price = (await json<{ quote: { last: number } }>(api('/v1/market/quote?symbol=AAPL'))).quote.last;

    // One position held through every restart.
    const heldTrigger = price + 0.1;
    await arm('held', heldTrigger, expiry);
    price += 0.3;
    await push(price);
    await reached(['held'], 'PROTECTED');

    // kill -9 of each service in turn; while it is down, the market crosses a trade's trigger.
    const timings: string[] = [];
    for (const service of ['trigger-service', 'order-service', 'risk-service', 'watchlist-service', 'console', 'gateway']) {
      const tradeId = `after-${service}`;
      await arm(tradeId, price + 0.1, expiry);
      const others = [...pids].filter(([name]) => name !== service).map(([, pid]) => pid);
      const killedAt = Date.now();
      process.kill(pids.get(service)!, 'SIGKILL');
      price += 0.3;
      await push(price);
      const restarted = await run.output.waitFor(new RegExp(`\\[start\\] ${service} restarted: pid (\\d+), ready`), 60_000);
      pids.set(service, Number(/pid (\d+)/.exec(restarted)![1]));
      seenPids.add(pids.get(service)!);
      const readyAfter = Date.now() - killedAt;
      expect([service, others.filter((pid) => !alive(pid))]).toEqual([service, []]);
      const [crossed, held] = await reached([tradeId, 'held'], 'PROTECTED');
      timings.push(`${service} ready ${readyAfter} ms, crossed trade protected ${Date.now() - killedAt} ms after the kill`);
      expect(crossed!.stopTriggerId).not.toBeNull();
      expect(held!.stopTriggerId).not.toBeNull();
    }

    // kill -9 of the gateway with ten armed trades whose triggers all cross before it is back.
    const ten = Array.from({ length: 10 }, (_, i) => `gw-${i}`);
    for (const [i, id] of ten.entries()) await arm(id, price + 0.1 + i * 0.01, expiry);
    const gatewayKilledAt = Date.now();
    process.kill(pids.get('gateway')!, 'SIGKILL');
    price += 0.5;
    await push(price);
    // Its second restart in this run (the repeated group captures the last pid).
    const back = await run.output.waitFor(/(?:[\s\S]*?\[start\] gateway restarted: pid (\d+), ready){2}/, 60_000);
    pids.set('gateway', Number([...back.matchAll(/gateway restarted: pid (\d+)/g)].pop()![1]));
    seenPids.add(pids.get('gateway')!);
    const views = await reached(ten, 'PROTECTED', 60_000);
    timings.push(`gateway with 10 crossing: all 10 protected ${Date.now() - gatewayKilledAt} ms after the kill`);
    console.log(`restarts under npm start:\n${timings.join('\n')}`);
    expect(views.map((v) => v.openQuantity)).toEqual(ten.map(() => 1));
    const orders = await simOrders();
    for (const id of ten) {
      expect(orders.filter((o) => o.orderRef.startsWith(`${id}.entry.`)).map((o) => [o.orderRef, o.state])).toEqual([[`${id}.entry.1`, 'Filled']]);
    }
    // The held position was protected throughout: the market falls through every stop (the held
    // trade's, 3 below its trigger, is the lowest) and each position is sold exactly once.
    await push(heldTrigger - 3.3);
    const all = ['held', ...['trigger-service', 'order-service', 'risk-service', 'watchlist-service', 'console', 'gateway'].map((s) => `after-${s}`), ...ten];
    await reached(all, 'CLOSED', 60_000);
    const executions = await simExecutions();
    for (const id of all) {
      const mine = executions.filter((e) => e.orderRef.startsWith(`${id}.`));
      const [bought, sold] = ['BOT', 'SLD'].map((side) => mine.filter((e) => e.side === side).reduce((sum, e) => sum + e.shares, 0));
      expect([id, bought, sold]).toEqual([id, 1, 1]);
    }
    // Never two broker orders for one orderRef, whatever restarted.
    const refs = (await simOrders()).map((o) => o.orderRef);
    expect(refs.length).toBe(new Set(refs).size);

    // Ctrl-C, then `npm start` again the same day: a new trade fills and reaches its trade.
    const stopped = await pressCtrlC(child, [...pids.values()], 3_000);
    expect(stopped.left).toEqual([]);
    run = start();
    child = run.child;
    const second = pidsOf(await run.output.waitFor(/\[start\] pids: [^\n]+/, 180_000));
    for (const p of second) seenPids.add(p.pid);
    price = (await json<{ quote: { last: number } }>(api('/v1/market/quote?symbol=AAPL'))).quote.last;
    await arm('next-morning', price + 0.1, expiry);
    await push(price + 0.3);
    const [fresh] = await reached(['next-morning'], 'PROTECTED');
    expect(fresh!.openQuantity).toBe(1);
    const stoppedAgain = await pressCtrlC(child, second.map((p) => p.pid), 3_000);
    expect(stoppedAgain.left).toEqual([]);
  }, 600_000);
});
