/**
 * Emergency commands end to end (issue 20): `arctrigger panic` and `arctrigger cancel-all --broker`,
 * the real CLI against the real console, with the gateway, trigger-, risk- and order-service as
 * real processes and the TWS simulator over TCP. The simulator's own orders, executions and
 * positions are the judge: nothing working, nothing held, every position sold exactly once.
 */
import { jetstreamManager } from '@nats-io/jetstream';
import { Contracts, DurableConsumers, type ArmTradeCommand, type TradeEvent, type TradeId, type TradeView } from '@arctrigger/contracts';
import type { Bus } from '@arctrigger/service-kit';
import { BusRecorder, eventually, freePort } from '@arctrigger/testkit';
import { runCli, type CliResult } from './support/cli-runner';
import { SystemHarness } from './support/system-harness';
import { createConsoleToken } from './support/console-tokens';

/** Tuesday 10:30 US/Eastern: regular session. */
const SESSION = '2026-11-24T15:30:00Z';
const EXPIRY = '20261127';
const ADMIN_TOKEN = 'e2e-admin-token-emergency-0123';
const CON_IDS = { AAPL: 265598, MSFT: 272093 };
type Symbol_ = keyof typeof CON_IDS;
const stock = (symbol: Symbol_, price: number) => ({ symbol, conId: CON_IDS[symbol], primaryExchange: 'NASDAQ' as const, price, script: [{ at: 0, price }] });
const WORKING_STATES = new Set(['PendingSubmit', 'PreSubmitted', 'Submitted']);

describe('emergency commands end to end', () => {
  let system: SystemHarness;
  let url: string;
  let traderToken: string;
  let console_: Bus;
  let orderService: Bus;
  let events: BusRecorder;

  const cli = (args: string[], token: string): Promise<CliResult> => runCli(url, token, args);

  beforeAll(async () => {
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    system = await SystemHarness.start({
      services: ['gateway', 'trigger-service', 'risk-service', 'order-service', 'console'],
      clockShiftMs: Date.parse(SESSION) - Date.now(),
      sim: { scenario: { tickIntervalMs: 50, stocks: [stock('AAPL', 230), stock('MSFT', 420)] } },
      env: {
        console: { HTTP_PORT: String(port), ARCTRIGGER_ADMIN_TOKEN: ADMIN_TOKEN },
        // A stalled entry stays as it was placed: no repricing while the test looks at it.
        'order-service': { REPRICE_AFTER_SECONDS: '3600' },
        'risk-service': { RISK_MAX_NOTIONAL_PER_UNDERLYING: '1000000', RISK_MAX_NOTIONAL_PER_DAY: '5000000', RISK_MAX_NOTIONAL_PER_ORDER: '20000', RISK_MAX_OPEN_POSITIONS: '200' },
      },
    });
    console_ = await system.bus('console');
    orderService = await system.bus('order-service');
    events = await BusRecorder.start(system.admin, 'trade.evt.v1.>');
    traderToken = await createConsoleToken(url, ADMIN_TOKEN, 'e2e-trader', 'trader');
  }, 90_000);

  afterAll(async () => {
    events?.stop();
    await system?.stop();
  });

  const sim = () => system.sim!;
  const ofTrade = (tradeId: string) => (m: { json: unknown }) => (m.json as TradeEvent).tradeId === tradeId;
  const reached = (tradeId: string, state: string) => events.waitFor((m) => ofTrade(tradeId)(m) && (m.json as TradeEvent).to === state, 30_000);
  const guardAccepted = (tradeId: string) =>
    events.waitFor((m) => ofTrade(tradeId)(m) && (m.json as TradeEvent).type === 'guard-updated' && (m.json as { detail: { status: string } }).detail.status === 'accepted', 30_000);
  const trade = async (tradeId: string): Promise<TradeView> => {
    const reply = await console_.request(Contracts.GetTrade, { tradeId });
    if (!reply.ok) throw new Error(`${reply.code} ${reply.message}`);
    return reply.value.trade;
  };
  const arm = async (tradeId: string, over: Partial<ArmTradeCommand>): Promise<void> => {
    const cmd: ArmTradeCommand = {
      tradeId: tradeId as TradeId, symbol: 'AAPL', right: 'CALL', expiry: EXPIRY, strike: 'ATM', trigger: { price: 231.4, source: 'last' },
      size: { by: 'contracts', contracts: 2 }, entry: { type: 'LMT', offset: 0.05 }, stopLoss: { mode: 'offset', offset: 0.5 },
      takeProfit: {}, premarketPolicy: 'hold', fireImmediately: false, ...over,
    };
    const reply = await console_.request(Contracts.ArmTrade, cmd, { timeoutMs: 20_000 });
    if (!reply.ok) throw new Error(`arm ${tradeId} refused: ${reply.code} ${reply.message}`);
  };
  const moveTo = async (symbol: Symbol_, price: number) => {
    sim().setPrice(symbol, price);
    await eventually(async () => {
      const quote = await console_.request(Contracts.QuoteSnapshot, { conId: CON_IDS[symbol] });
      return quote.ok && quote.value.last === price;
    }, { what: `${symbol} at ${price} at the gateway` });
  };
  const working = () => sim().orders().filter((o) => WORKING_STATES.has(o.state));
  const shares = (tradeId: string, side: 'BOT' | 'SLD') =>
    sim().executions().filter((e) => e.orderRef.startsWith(`${tradeId}.`) && e.side === side).reduce((n, e) => n + e.shares, 0);
  const sellers = (tradeId: string) => new Set(sim().executions().filter((e) => e.orderRef.startsWith(`${tradeId}.`) && e.side === 'SLD').map((e) => e.orderRef));
  const post = (path: string, token: string) =>
    fetch(`${url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: '{}' });
  /** The order-service has handled every broker order event stored so far. */
  const orderEventsHandled = async () => {
    const jsm = await jetstreamManager(system.admin);
    const { stream, name } = DurableConsumers.ORDER_SERVICE_ORDERS;
    await eventually(async () => {
      const info = await jsm.consumers.info(stream, name);
      return info.num_pending === 0 && info.num_ack_pending === 0;
    }, { what: 'broker order events handled by the order-service' });
  };

  it('panic from the CLI halts, cancels every working order and sells every position exactly once; a trader gets 403', async () => {
    // Held and protected: two with a broker protective stop, one with the stop trigger alone.
    await arm('em-held-a', { brokerProtectiveStop: { percentBelowEntry: 50 } });
    await arm('em-held-b', { size: { by: 'contracts', contracts: 1 } });
    await arm('em-held-c', { symbol: 'MSFT', trigger: { price: 421, source: 'last' }, size: { by: 'contracts', contracts: 3 }, brokerProtectiveStop: { percentBelowEntry: 50 } });
    sim().setPrice('AAPL', 231.5);
    sim().setPrice('MSFT', 421.5);
    await Promise.all([reached('em-held-a', 'PROTECTED'), reached('em-held-b', 'PROTECTED'), reached('em-held-c', 'PROTECTED'), guardAccepted('em-held-a'), guardAccepted('em-held-c')]);
    // A working entry the simulator never fills, and one that filled 1 of 3 (its remainder working, its 1 contract protected).
    await arm('em-work-a', { trigger: { price: 232, source: 'last' } });
    sim().faults.stallNextOrderAfter(0);
    await moveTo('AAPL', 232.1);
    await reached('em-work-a', 'WORKING');
    await arm('em-work-b', { symbol: 'MSFT', trigger: { price: 422, source: 'last' }, size: { by: 'contracts', contracts: 3 }, brokerProtectiveStop: { percentBelowEntry: 50 } });
    sim().faults.stallNextOrderAfter(1);
    await moveTo('MSFT', 422.5);
    await Promise.all([reached('em-work-b', 'PARTIALLY_FILLED'), guardAccepted('em-work-b')]);
    expect(working().map((o) => o.orderRef).sort()).toEqual(['em-held-a.guard.1', 'em-held-c.guard.1', 'em-work-a.entry.1', 'em-work-b.entry.1', 'em-work-b.guard.1']);

    // Admin only: a trader's token is refused, and nothing moves.
    for (const path of ['/v1/emergency/panic', '/v1/emergency/cancel-all', '/v1/emergency/flatten-all']) expect((await post(path, traderToken)).status).toBe(403);
    expect((await cli(['panic'], traderToken)).code).toBe(4);
    expect(working()).toHaveLength(5);

    const panic = await cli(['panic', '--reason', 'e2e panic'], ADMIN_TOKEN);

    expect(panic.stderr).toBe('');
    expect(panic.code).toBe(0);
    expect(panic.stdout).toMatch(/^halt: ok/m);
    expect(panic.stdout).toMatch(/^cancel-all: ok/m);
    expect(panic.stdout).toMatch(/^flatten-all: ok/m);
    for (const orderRef of ['em-work-a.entry.1', 'em-work-b.entry.1', 'em-held-a.guard.1', 'em-held-c.guard.1', 'em-work-b.guard.1', 'em-held-a.flat.1', 'em-held-b.flat.1', 'em-held-c.flat.1', 'em-work-b.flat.1']) {
      expect(panic.stdout).toContain(orderRef);
    }
    // Each line names the trade, the contract, the side and the quantity (the kill switch's cancels too).
    expect(panic.stdout).toMatch(/^em-work-a\s+em-work-a\.entry\.1\s+\d+\s+BUY\s+2\s+cancel\s+cancelled/m);
    expect(panic.stdout).toMatch(/^em-held-c\s+em-held-c\.flat\.1\s+\d+\s+SELL\s+3\s+sell\s+sent/m);
    await Promise.all(['em-held-a', 'em-held-b', 'em-held-c', 'em-work-b'].map((id) => reached(id, 'CLOSED')));
    await reached('em-work-a', 'CANCELLED');
    await orderEventsHandled();
    expect(working()).toEqual([]);
    expect(sim().positions().filter((p) => p.quantity !== 0)).toEqual([]);
    for (const [id, bought] of [['em-held-a', 2], ['em-held-b', 1], ['em-held-c', 3], ['em-work-b', 1], ['em-work-a', 0]] as const) {
      expect({ id, bought: shares(id, 'BOT'), sold: shares(id, 'SLD') }).toEqual({ id, bought, sold: bought });
      // Sold once: by the one closing order of the flatten, never by the protective stop as well.
      expect([...sellers(id)]).toEqual(bought > 0 ? [`${id}.flat.1`] : []);
    }
    const state = await fetch(`${url}/v1/risk`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(((await state.json()) as { tradingState: { state: string } }).tradingState.state).toBe('HALTED');

    // Safe to repeat: nothing left to cancel or sell.
    const again = await cli(['panic', '--json'], ADMIN_TOKEN);
    expect(again.code).toBe(0);
    const report = JSON.parse(again.stdout) as { steps: Array<{ step: string; orders: unknown[] }> };
    expect(report.steps.map((s) => [s.step, s.orders.length])).toEqual([['halt', 0], ['cancel-all', 0], ['flatten-all', 0]]);
  }, 120_000);

  it('cancel-all --broker cancels every working order — the trades\' and one no trade explains — and withdraws the protective stop while its stop trigger stays armed', async () => {
    expect(await console_.request(Contracts.SetTradingState, { state: 'ACTIVE', reason: 'e2e resume', actor: 'admin' })).toMatchObject({ ok: true });
    await arm('em-held-d', { trigger: { price: 233, source: 'last' }, brokerProtectiveStop: { percentBelowEntry: 50 } });
    await moveTo('AAPL', 233.1);
    await Promise.all([reached('em-held-d', 'PROTECTED'), guardAccepted('em-held-d')]);
    // An entry that filled 1 of 3: cancelling its remainder protects the contract it holds — without placing the withdrawn protective stop again.
    await arm('em-work-c', { trigger: { price: 234, source: 'last' }, size: { by: 'contracts', contracts: 3 }, brokerProtectiveStop: { percentBelowEntry: 50 } });
    sim().faults.stallNextOrderAfter(1);
    await moveTo('AAPL', 234.1);
    await Promise.all([reached('em-work-c', 'PARTIALLY_FILLED'), guardAccepted('em-work-c')]);
    // An order at the broker that no trade explains (placed through the gateway directly).
    const outside = await orderService.request(Contracts.PlaceOrder, {
      orderRef: 'em-outside.entry.1', conId: CON_IDS.AAPL, side: 'BUY', quantity: 1, orderType: 'LMT', limitPrice: 100, opening: true,
    });
    expect(outside).toMatchObject({ ok: true, value: { outcome: 'accepted' } });
    expect(working().map((o) => o.orderRef).sort()).toEqual(['em-held-d.guard.1', 'em-outside.entry.1', 'em-work-c.entry.1', 'em-work-c.guard.1']);

    const cancelled = await cli(['cancel-all', '--broker'], ADMIN_TOKEN);

    expect(cancelled.stderr).toBe('');
    expect(cancelled.code).toBe(0);
    expect(cancelled.stdout).toMatch(/^cancel-all: ok/m);
    expect(cancelled.stdout).toMatch(/^global-cancel: ok/m);
    for (const orderRef of ['em-held-d.guard.1', 'em-work-c.entry.1', 'em-work-c.guard.1', 'em-outside.entry.1']) expect(cancelled.stdout).toContain(orderRef);
    await events.waitFor((m) => ofTrade('em-work-c')(m) && (m.json as TradeEvent).type === 'remainder-cancelled', 30_000);
    // The withdrawal is recorded as the admin's doing.
    const withdrawal = events.messages.map((m) => m.json as TradeEvent).find((e) => e.tradeId === 'em-held-d' && e.type === 'guard-updated' && (e.detail as { withdrawn?: boolean }).withdrawn);
    expect(withdrawal?.actor).toMatchObject({ kind: 'user', role: 'admin' });
    await orderEventsHandled();
    expect(working()).toEqual([]);
    const triggers = await console_.request(Contracts.ListTriggers, { includeFinished: false });
    for (const [id, held] of [['em-held-d', 2], ['em-work-c', 1]] as const) {
      const view = await trade(id);
      expect(view).toMatchObject({ openQuantity: held, guardWithdrawn: true });
      expect(view.exits.filter((x) => x.leg === 'guard').map((x) => x.status)).toEqual(['ended']);
      // Still protected: its stop trigger is armed.
      expect(triggers.ok && triggers.value.triggers.find((t) => t.triggerId === view.stopTriggerId)?.status).toBe('armed');
    }
    const optionOf = async (id: string) => (await trade(id)).optionConId;
    expect(sim().positions().filter((p) => p.quantity !== 0).map((p) => [p.instrument.conId, p.quantity]).sort()).toEqual(
      [[await optionOf('em-held-d'), 2], [await optionOf('em-work-c'), 1]].sort());
  }, 90_000);

  it('flatten-all alone sells every held position once, for its live quantity — a working protective stop\'s contracts after its cancel is confirmed', async () => {
    // Held from the test before: em-held-d (2) and em-work-c (1), protective stops withdrawn; one more with a working protective stop.
    await arm('em-held-e', { trigger: { price: 235, source: 'last' }, brokerProtectiveStop: { percentBelowEntry: 50 } });
    await moveTo('AAPL', 235.1);
    await Promise.all([reached('em-held-e', 'PROTECTED'), guardAccepted('em-held-e')]);
    expect(working().map((o) => o.orderRef)).toEqual(['em-held-e.guard.1']);

    const flattened = await cli(['flatten-all', '--reason', 'e2e flatten'], ADMIN_TOKEN);

    expect(flattened.stderr).toBe('');
    expect(flattened.code).toBe(0);
    expect(flattened.stdout).toMatch(/^flatten-all: ok/m);
    expect(flattened.stdout).toMatch(/^em-held-d\s+em-held-d\.flat\.1\s+\d+\s+SELL\s+2\s+sell\s+sent/m);
    expect(flattened.stdout).toMatch(/^em-work-c\s+em-work-c\.flat\.1\s+\d+\s+SELL\s+1\s+sell\s+sent/m);
    // The protective stop holds all of em-held-e: its cancel is asked, and its 2 contracts are sold once it is confirmed.
    expect(flattened.stdout).toMatch(/^em-held-e\s+em-held-e\.guard\.1\s+\d+\s+SELL\s+2\s+cancel\s+(pending|cancelled)/m);
    expect(flattened.stdout).toMatch(/^em-held-e\s+-\s+\d+\s+SELL\s+2\s+sell\s+pending/m);
    await Promise.all(['em-held-d', 'em-work-c', 'em-held-e'].map((id) => reached(id, 'CLOSED')));
    await orderEventsHandled();
    expect(working()).toEqual([]);
    expect(sim().positions().filter((p) => p.quantity !== 0)).toEqual([]);
    for (const [id, bought] of [['em-held-d', 2], ['em-work-c', 1], ['em-held-e', 2]] as const) {
      expect({ id, bought: shares(id, 'BOT'), sold: shares(id, 'SLD') }).toEqual({ id, bought, sold: bought });
      expect([...sellers(id)]).toEqual([`${id}.flat.1`]);
    }
  }, 60_000);
});
