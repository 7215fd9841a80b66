import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { NatsConnection } from '@nats-io/transport-node';
import { Contracts, fail, ok, type ContractDetails, type TradeEvent, type TradeView } from '@arctrigger/contracts';
import { Bus, createLogger } from '@arctrigger/service-kit';
import { freePort, repoRoot, startNatsServer, startServiceProcess, tradeEvent, waitForOutput, type ServiceProcess, type TestNatsServer } from '@arctrigger/testkit';
import { run } from '../src/run';
import { ExitCode } from '../src/exit-codes';

const ADMIN = 'cli-test-admin-token-0123';

function trade(tradeId: string, state: TradeView['state'], open = 0): TradeView {
  return {
    tradeId: tradeId as TradeView['tradeId'], state,
    spec: { symbol: 'AAPL', right: 'CALL', expiry: '20300118', strike: 200, trigger: { price: 190.5, source: 'last' }, size: { by: 'contracts', contracts: 2 }, entry: { type: 'MKT' }, stopLoss: { mode: 'offset', offset: 1 }, takeProfit: {}, premarketPolicy: 'hold', fireImmediately: false },
    optionConId: null, underConId: null, strike: 200, multiplier: 100, marketRuleId: null, entryQuantity: 2, filledQuantity: open, openQuantity: open, shortQuantity: 0,
    avgEntryPrice: open ? 3.1 : null, avgExitPrice: null, stopLevel: 189.5, entryTriggerId: null, entryAwaitsReset: false, owner: null, stopTriggerId: null, takeProfitTriggerId: null,
    entryOrder: null, exits: [], fills: [], premarket: null, closing: null, reservationId: null, firedAt: null, firedPrice: null, firstFillAt: null,
    protectedAt: null, commissions: [], totalCommission: 0, realizedPnl: 0, protectionOverdueAt: null, reason: null, adoptedAt: null, resetFrom: null, createdAt: 1, updatedAt: 1, revision: 1,
  };
}

/** A trade event into `to`, of the type the order-service writes for that transition. */
function event(tradeId: string, seq: number, from: TradeEvent['from'], to: TradeEvent['to']): TradeEvent {
  return tradeEvent(tradeId, seq, to, from);
}

describe('arctrigger CLI against a real console (services played by bus responders)', () => {
  let nats: TestNatsServer;
  let consoleProcess: ServiceProcess;
  let nc: NatsConnection;
  let orders: Bus;
  let env: Record<string, string>;

  beforeAll(async () => {
    nats = await startNatsServer();
    const port = await freePort();
    consoleProcess = await startServiceProcess({ app: 'console', env: { ...nats.envFor('console'), HTTP_PORT: String(port), ARCTRIGGER_ADMIN_TOKEN: ADMIN } });
    nc = await nats.connectAs('order-service');
    orders = new Bus(nc, { service: 'order-service', instanceId: 'test', logger: createLogger({ service: 'order-service', instanceId: 'test', level: 'silent' }) });
    env = { ARCTRIGGER_URL: `http://127.0.0.1:${port}`, ARCTRIGGER_TOKEN: ADMIN };
  }, 60_000);
  afterAll(async () => {
    await consoleProcess.stop();
    await nc.close();
    await nats.stop({ removeStore: true });
  });

  async function cli(args: string[], extraEnv: Record<string, string> = {}) {
    const out: string[] = [];
    const err: string[] = [];
    const code = await run(args, { ...env, ...extraEnv }, { out: (t) => out.push(t), err: (t) => err.push(t) });
    return { code, out: out.join('\n'), err: err.join('\n') };
  }

  it('arms a trade with one command, watches it fire and fill, and flattens it', async () => {
    const states = new Map<string, TradeView['state']>();
    const subs = [
      orders.reply(Contracts.ArmTrade, (cmd) => {
        states.set(cmd.tradeId ?? 'T-cli-1', 'ARMED');
        return ok(trade(cmd.tradeId ?? 'T-cli-1', 'ARMED'));
      }),
      orders.reply(Contracts.Flatten, ({ tradeId }) => ok(trade(tradeId, 'EXITING', 2))),
      orders.reply(Contracts.ListTrades, () => ok({ trades: [...states].map(([id, s]) => trade(id, s)) })),
    ];
    await nc.flush();
    const armed = await cli(['arm', 'aapl', 'call', '20300118', '200', '--trigger', '190.50', '--contracts', '2', '--stop-offset', '1', '--id', 'T-cli-1']);
    expect(armed).toMatchObject({ code: ExitCode.OK });
    expect(armed.out).toMatch(/trade\s+T-cli-1/);
    expect(armed.out).toMatch(/state\s+ARMED/);

    await orders.publishDurable(Contracts.TradeEvent, event('T-cli-1', 2, 'ARMED', 'FIRED'), { params: { tradeId: 'T-cli-1' }, msgId: 'T-cli-1:2' });
    await orders.publishDurable(Contracts.TradeEvent, event('T-cli-1', 3, 'FIRED', 'WORKING'), { params: { tradeId: 'T-cli-1' }, msgId: 'T-cli-1:3' });
    await orders.publishDurable(Contracts.TradeEvent, event('T-cli-1', 4, 'WORKING', 'OPEN'), { params: { tradeId: 'T-cli-1' }, msgId: 'T-cli-1:4' });
    // The trade's events are in JetStream: watching from the start of TRADES shows all of them in order.

    const watched = await cli(['watch', '--json', '--count', '3', '--since', 'TRADES:0']);
    const lines = watched.out.split('\n').map((l) => JSON.parse(l) as { event: string; data: { to: string } });
    expect(watched.code).toBe(ExitCode.OK);
    expect(lines.map((l) => `${l.event}:${l.data.to}`)).toEqual(['trade:FIRED', 'trade:WORKING', 'trade:OPEN']);

    const flattened = await cli(['flatten', 'T-cli-1', '--json']);
    const listed = await cli(['list']);
    subs.forEach((s) => s.unsubscribe());
    expect(flattened.code).toBe(ExitCode.OK);
    expect(JSON.parse(flattened.out)).toMatchObject({ tradeId: 'T-cli-1', state: 'EXITING', openQuantity: 2 });
    expect(listed.out.split('\n')[0]).toMatch(/^TRADE\s+STATE\s+SYMBOL/);
    expect(listed.out).toMatch(/T-cli-1\s+ARMED\s+AAPL\s+20300118\s+200\s+CALL\s+190.5/);
  });

  it('follows one trade from its start and stops when it reaches the state asked for', async () => {
    const publish = (tradeId: string, seq: number, from: TradeEvent['from'], to: TradeEvent['to']) =>
      orders.publishDurable(Contracts.TradeEvent, event(tradeId, seq, from, to), { params: { tradeId }, msgId: `${tradeId}:${seq}` });
    await publish('T-w1', 1, null, 'ARMED');
    await publish('T-w2', 1, null, 'ARMED');
    await publish('T-w1', 2, 'ARMED', 'FIRED');
    const watching = cli(['watch', '--trade', 'T-w1', '--until', 'protected', '--json']);
    await publish('T-w2', 2, 'ARMED', 'FIRED');
    await publish('T-w1', 3, 'FIRED', 'OPEN');
    await publish('T-w1', 4, 'OPEN', 'PROTECTED');
    const watched = await watching;
    expect(watched.code).toBe(ExitCode.OK);
    expect(watched.out.split('\n').map((l) => JSON.parse(l) as { data: { tradeId: string; to: string } }).map((l) => `${l.data.tradeId}:${l.data.to}`)).toEqual([
      'T-w1:ARMED', 'T-w1:FIRED', 'T-w1:OPEN', 'T-w1:PROTECTED',
    ]);
    expect(watched.err).toMatch(/watching trade T-w1 from its start until PROTECTED/);
  });

  it.each([
    ['a usage mistake', ['arm', 'AAPL'], {}, ExitCode.USAGE, /missing SYMBOL RIGHT EXPIRY STRIKE/],
    ['an unknown command', ['explode'], {}, ExitCode.USAGE, /unknown command: explode/],
    ['an unknown flag', ['list', '--colour'], {}, ExitCode.USAGE, /Unknown option '--colour'/],
    ['an API refusal (4xx)', ['tp', 'T1', '0'], {}, ExitCode.API_ERROR, /error 400 INVALID_REQUEST.*\n\s+body.percent: Too small/],
    ['an unavailable service (5xx)', ['show', 'T1'], {}, ExitCode.UNAVAILABLE, /error 503 NO_RESPONDERS/],
    ['an unreachable console', ['status'], { ARCTRIGGER_URL: 'http://127.0.0.1:9' }, ExitCode.UNAVAILABLE, /UNREACHABLE/],
    ['a bad token', ['status'], { ARCTRIGGER_TOKEN: 'nope' }, ExitCode.AUTH, /error 401 UNAUTHENTICATED/],
  ] as const)('exits with its documented code on %s', async (_what, args, extraEnv, code, message) => {
    const result = await cli([...args], extraEnv);
    expect(result.code).toBe(code);
    expect(result.err).toMatch(message);
  });

  it('resets a finished trade at another trigger under a new id, and shows where it came from', async () => {
    const asked: unknown[] = [];
    const sub = orders.reply(Contracts.ResetTrade, (cmd) => {
      asked.push(cmd);
      return ok({ ...trade(cmd.newTradeId ?? 'T-gen', 'ARMED'), resetFrom: cmd.tradeId });
    });
    await nc.flush();
    const result = await cli(['reset', 'T-cli-1', '--trigger', '191.25', '--id', 'T-cli-2']);
    sub.unsubscribe();
    expect(result).toMatchObject({ code: ExitCode.OK });
    expect(asked).toEqual([{ tradeId: 'T-cli-1', triggerPrice: 191.25, newTradeId: 'T-cli-2', by: expect.objectContaining({ kind: 'user', role: 'admin' }) }]);
    expect(result.out).toMatch(/trade\s+T-cli-2/);
    expect(result.out).toMatch(/resetFrom\s+T-cli-1/);
  });

  it('adopts an external position with its stop, and refuses a command line without exactly one stop before asking', async () => {
    const asked: unknown[] = [];
    const sub = orders.reply(Contracts.AdoptPosition, (cmd) => {
      asked.push(cmd);
      return ok({ ...trade(`adopt-${cmd.conId}-x`, 'PROTECTED'), adoptedAt: 1 });
    });
    await nc.flush();
    const result = await cli(['adopt', '987654', '--stop-price', '228', '--tp', '50']);
    const noStop = await cli(['adopt', '987654']);
    const bothStops = await cli(['adopt', '987654', '--stop-price', '228', '--stop-offset', '1']);
    const badConId = await cli(['adopt', 'AAPL', '--stop-offset', '1']);
    sub.unsubscribe();
    expect(result).toMatchObject({ code: ExitCode.OK });
    expect(result.out).toMatch(/trade\s+adopt-987654-x/);
    expect(result.out).toMatch(/adoptedAt\s+1970-01-01T00:00:00.001Z/);
    expect(asked).toEqual([{ conId: 987654, stopLoss: { mode: 'price', price: 228 }, takeProfit: { autoPercent: 50 }, by: expect.objectContaining({ kind: 'user', role: 'admin' }) }]);
    expect([noStop.code, bothStops.code, badConId.code]).toEqual([ExitCode.USAGE, ExitCode.USAGE, ExitCode.USAGE]);
    expect(noStop.err).toMatch(/give exactly one of --stop-offset or --stop-price/);
    expect(badConId.err).toMatch(/conId must be a positive whole number/);
  });

  it('answers 422 risk denials with exit 2 and the reason code', async () => {
    const sub = orders.reply(Contracts.ArmTrade, () => fail('MAX_OPEN_POSITIONS', '5 positions are open; the maximum is 5'));
    await nc.flush();
    const result = await cli(['arm', 'AAPL', 'CALL', '20300118', '200', '--trigger', '190', '--budget', '1000', '--no-stop', '--json']);
    sub.unsubscribe();
    expect(result.code).toBe(ExitCode.API_ERROR);
    expect(JSON.parse(result.err)).toEqual({ status: 422, code: 'MAX_OPEN_POSITIONS', message: '5 positions are open; the maximum is 5' });
  });

  it('arms with the nearest expiry after today and a trigger relative to the last price, saying what it resolved', async () => {
    const clock = (await (await fetch(`${env.ARCTRIGGER_URL}/v1/system/clock`, { headers: { authorization: `Bearer ${ADMIN}` } })).json()) as { date: string };
    const today = clock.date.replace(/-/g, '');
    const gateway = new Bus(await nats.connectAs('gateway'), { service: 'gateway', instanceId: 'test-gw', logger: createLogger({ service: 'gateway', instanceId: 'x', level: 'silent' }) });
    const armed: unknown[] = [];
    const contract: ContractDetails = { conId: 265598 as ContractDetails['conId'], symbol: 'AAPL', secType: 'STK', localSymbol: 'AAPL', exchange: 'SMART', primaryExchange: 'NASDAQ', currency: 'USD', multiplier: 1, minTick: 0.01, marketRuleIds: [26], tradingClass: 'AAPL', expiry: null, strike: null, right: null, underConId: null };
    const subs = [
      gateway.reply(Contracts.OptionChain, () => ok({ underConId: 265598, symbol: 'AAPL', tradingClass: 'AAPL', multiplier: 100, expiries: [
        { expiry: '20000107', strikes: [100] }, { expiry: '20991218', strikes: [230] }, { expiry: '20991211', strikes: [230] }, { expiry: today, strikes: [230] },
      ] })),
      gateway.reply(Contracts.QualifyContract, () => ok(contract)),
      gateway.reply(Contracts.AcquireMarketDataLease, (req) => ok({ leases: req.conIds.map((conId) => ({ conId, expiresAt: Date.now() + req.ttlMs })) })),
      gateway.reply(Contracts.QuoteSnapshot, () => ok({ conId: 265598, seq: 1, bid: 227.38, ask: 227.4, last: 227.39, bidSize: 1, askSize: 1, lastSize: 1, exchangeTime: null, receivedAt: Date.now() } as never)),
      orders.reply(Contracts.ArmTrade, (cmd) => {
        armed.push(cmd);
        return ok(trade(cmd.tradeId ?? 'T-rel', 'ARMED'));
      }),
    ];
    await gateway.nc.flush();
    await nc.flush();
    const result = await cli(['arm', 'AAPL', 'CALL', 'next', 'ATM', '--trigger', '+0.10', '--budget', '2000', '--limit-offset', '0.05', '--stop-offset', '1', '--id', 'T-rel']);
    subs.forEach((s) => s.unsubscribe());
    await gateway.nc.close();
    expect(result.code).toBe(ExitCode.OK);
    expect(armed).toEqual([expect.objectContaining({ expiry: '20991211', strike: 'ATM', trigger: { price: 227.49, source: 'last' }, size: { by: 'budget', dollars: 2000 }, entry: { type: 'LMT', offset: 0.05 } })]);
    expect(result.err).toMatch(/expiry next → 20991211/);
    expect(result.err).toMatch(/trigger \+0.10 → 227.49 \(AAPL last 227.39\)/);
  });

  it('watchlist add sends the entry with ATM ± N and both rights, lists it as a table, and says why the service refused one', async () => {
    const wnc = await nats.connectAs('watchlist-service');
    const wl = new Bus(wnc, { service: 'watchlist-service', instanceId: 'test', logger: createLogger({ service: 'watchlist-service', instanceId: 'test', level: 'silent' }) });
    const resolved = {
      spec: { symbol: 'AAPL', expiries: ['next'], strikes: { mode: 'atm', width: 2 }, rights: ['CALL', 'PUT'] }, addedAt: 1,
      resolution: { status: 'resolved', at: Date.parse('2026-11-24T14:00:00Z'), underConId: 265598, price: 231.1, expiries: ['20261127'], options: [], error: null },
    };
    const puts: unknown[] = [];
    wl.reply(Contracts.PutWatchlistEntry, (c) => {
      puts.push(c);
      return c.entry.symbol === 'ZZZZ' ? fail('CONTRACT_NOT_FOUND', 'underlying ZZZZ: no contract for ZZZZ') : ok({ owner: c.owner, entries: [resolved as never], updatedAt: 1, nextResolveAt: null });
    });
    wl.reply(Contracts.GetWatchlist, (q) => ok({ owner: q.owner, entries: [resolved as never], updatedAt: 1, nextResolveAt: Date.parse('2026-11-25T14:00:00Z') }));
    await wnc.flush();
    try {
      const added = await cli(['watchlist', 'add', 'aapl', '--strikes', 'ATM+-2']);
      expect(added.code).toBe(ExitCode.OK);
      expect(puts[0]).toEqual({ owner: 'bootstrap-admin', entry: { symbol: 'AAPL', expiries: ['next'], strikes: { mode: 'atm', width: 2 }, rights: ['CALL', 'PUT'] } });
      const shown = await cli(['watchlist']);
      expect(shown.out).toMatch(/SYMBOL\s+EXPIRIES\s+STRIKES\s+RIGHTS\s+STATUS/);
      expect(shown.out).toMatch(/AAPL\s+next\s+ATM±2\s+CALL,PUT\s+RESOLVED\s+0 options 20261127/);
      expect(shown.out).toContain('resolved again at 2026-11-25T14:00:00.000Z');
      const refused = await cli(['watchlist', 'add', 'ZZZZ', '--strikes', '230,232.5', '--right', 'call']);
      expect(refused.code).toBe(ExitCode.API_ERROR);
      expect(refused.err).toBe('error 404 CONTRACT_NOT_FOUND: underlying ZZZZ: no contract for ZZZZ');
      expect(puts[1]).toMatchObject({ entry: { strikes: { mode: 'list', strikes: [230, 232.5] }, rights: ['CALL'] } });
      expect((await cli(['watchlist', 'add', 'AAPL', '--strikes', 'near'])).code).toBe(ExitCode.USAGE);
    } finally {
      await wnc.close();
    }
  });

  it('creates a trader token and prints only its secret, for the shell to keep', async () => {
    const created = await cli(['token', 'create', 'me', '--role', 'trader']);
    expect(created.code).toBe(ExitCode.OK);
    expect(created.out).toMatch(/^atk_[0-9a-f]{12}_[0-9a-f]{64}$/);
    const self = await cli(['status'], { ARCTRIGGER_TOKEN: created.out });
    expect(self.code).toBe(ExitCode.OK);
    expect((await cli(['token', 'create', 'me', '--role', 'boss'])).code).toBe(ExitCode.USAGE);
    expect((await cli(['token', 'create', 'x'], { ARCTRIGGER_TOKEN: created.out })).code).toBe(ExitCode.AUTH);
  });

  it('moves a price in a real simulator process, absolutely or relative to its current price', async () => {
    const port = await freePort();
    const sim = spawn(process.execPath, [join(repoRoot(), 'apps', 'tws-sim', 'dist', 'main.js'), '--port', '0', '--control-port', String(port)], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      await waitForOutput(sim, /tws-sim ready/, 20_000, 'tws-sim');
      const simEnv = { ARCTRIGGER_SIM_URL: `http://127.0.0.1:${port}` };
      const absolute = await cli(['sim', 'price', 'aapl', '231.45'], simEnv);
      const relative = await cli(['sim', 'price', 'AAPL', '+0.5'], simEnv);
      const unknown = await cli(['sim', 'price', 'ZZZZ', '+1'], simEnv);
      const instruments = (await (await fetch(`http://127.0.0.1:${port}/instruments`)).json()) as Array<{ instrument: { symbol: string }; price: number }>;
      expect(absolute).toMatchObject({ code: ExitCode.OK, out: 'AAPL 231.45 (simulator)' });
      // The simulator's random walk goes on from a set price: relative means from the price it has now.
      const [, from, to] = /^AAPL ([\d.]+) → ([\d.]+) \(simulator\)$/.exec(relative.out) ?? [];
      expect(relative.code).toBe(ExitCode.OK);
      expect(Number(from)).toBeCloseTo(231.45, 1);
      expect(Number(to)).toBe(Math.round((Number(from) + 0.5) * 100) / 100);
      expect(unknown).toMatchObject({ code: ExitCode.API_ERROR });
      expect(unknown.err).toMatch(/UNKNOWN_SYMBOL/);
      expect(instruments.find((i) => i.instrument.symbol === 'AAPL')?.price).toBeCloseTo(Number(to), 1);
    } finally {
      sim.kill('SIGTERM');
    }
  });

  it('prints help with examples, and status as a table, from the built binary', async () => {
    const help = await cli(['--help']);
    const armHelp = await cli(['arm', '--help']);
    expect(help.out).toMatch(/Exit codes: 0 ok, 1 usage, 2 API refused \(4xx\), 3 unavailable/);
    expect(armHelp.out).toMatch(/Examples:\n\s+arctrigger arm AAPL CALL/);
    const bin = spawn(process.execPath, [join(__dirname, '..', 'dist', 'main.js'), 'status'], { env: { ...process.env, ...env } });
    let out = '';
    bin.stdout.on('data', (c: Buffer) => (out += c.toString()));
    const code = await new Promise<number | null>((resolve) => bin.once('exit', resolve));
    expect(code).toBe(0);
    expect(out).toMatch(/tws\s+unknown/);
    expect(out).toMatch(/SERVICE\s+INSTANCE\s+STATUS/);
    expect(out).toMatch(/console\s+console-/);
  });
});
