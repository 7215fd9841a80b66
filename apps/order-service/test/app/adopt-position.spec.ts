import pino from 'pino';
import {
  ConId, fail, ok, TradeEvent, type AdoptPositionRequest, type ArmTriggerCommand, type BrokerHolding, type Reply, type TradeId, type TradeView,
} from '@arctrigger/contracts';
import { ManualClock } from '@arctrigger/service-kit';
import { actingAs } from '../../src/adapters/acting';
import { creation, transition } from '../../src/domain/lifecycle/transition-table';
import { evolve } from '../../src/domain/trade/evolve';
import { Protection } from '../../src/flows/protection';
import { ProtectiveStop } from '../../src/flows/protective-stop';
import type { BrokerPort } from '../../src/ports/broker.port';
import type { MarketPort } from '../../src/ports/market.port';
import type { QuotePort } from '../../src/ports/quote.port';
import type { RiskPort } from '../../src/ports/risk.port';
import type { TradeScheduler } from '../../src/ports/trade-scheduler.port';
import type { TradeStorePort } from '../../src/ports/trade-store.port';
import type { TriggerPort } from '../../src/ports/trigger.port';
import { AdoptPosition } from '../../src/use-cases/adopt-position/adopt-position.use-case';
import { armedView } from './armed-view';

/**
 * Adopting an external position with the broker, the look-ups, the risk-service and the
 * trigger-service under the test's control (the store applies the real transition table and
 * evolve): what the trade holds, its stop, its owner — and every refusal changes nothing.
 */

const NOW = Date.parse('2026-03-10T15:00:00Z');
const OPTION = ConId.parse(11);
const UNDER = 10;
const ADMIN = { kind: 'user' as const, id: 'tok-admin', name: 'admin', role: 'admin' as const };
const TRADER = { kind: 'user' as const, id: 'tok-trader', name: 'trader', role: 'trader' as const };
const CALL_CONTRACT = { symbol: 'AAPL', secType: 'OPT', expiry: '20260116', strike: 232.5, right: 'CALL' as const, multiplier: 100, localSymbol: 'AAPL  260116C00232500' };
const holding = (position: number, over: Partial<BrokerHolding> = {}): BrokerHolding => ({ account: 'DU1', conId: OPTION, position, avgCost: 250, contract: CALL_CONTRACT, ...over });

interface WorldOptions {
  positions?: BrokerHolding[];
  trades?: TradeView[];
  underlying?: number | null;
  risk?: Reply<{ tradeId: TradeId; quantity: number; booked: boolean }>;
  triggerArm?: Reply<unknown>;
  reconcile?: Reply<unknown>;
}

function world(o: WorldOptions = {}) {
  const reconciles: string[] = [];
  const views = new Map<string, TradeView>((o.trades ?? []).map((v) => [v.tradeId, v]));
  const appended: string[] = [];
  const append = async (id: TradeId, type: string, detail: object) => {
    const current = views.get(id);
    const t = current ? transition(current.state, type as never) : creation(type as never);
    if (!t.ok) throw new Error(t.message);
    const seq = (current?.revision ?? 0) + 1;
    const event = TradeEvent.parse({ eventId: `${id}:${seq}`, tradeId: id, seq, type, from: current?.state ?? null, to: t.to, at: NOW, causationId: null, actor: ADMIN, detail });
    const next = evolve(current, event);
    views.set(id, next);
    appended.push(`${id} ${type}`);
    return next;
  };
  const trades = {
    get: (id: string) => views.get(id),
    all: () => [...views.values()],
    append,
    appendIfAllowed: (id: TradeId, type: string, detail: object) => {
      const v = views.get(id);
      return v && transition(v.state, type as never).ok ? append(id, type, detail) : Promise.resolve(undefined);
    },
  } as unknown as TradeStorePort;
  const broker = {
    snapshot: async () => ok({ openOrders: [], positions: o.positions ?? [holding(3)], at: NOW }),
    reconcile: async (reason: string) => (reconciles.push(reason), o.reconcile ?? ok({ openOrders: true, completedOrders: true, executions: true, positions: 1, resolved: [], notFound: [] })),
    place: async () => fail('TWS_DISCONNECTED', 'no orders in this test'),
  } as unknown as BrokerPort;
  const market = {
    qualify: async (req: { secType: string }) => ok(req.secType === 'STK'
      ? { conId: UNDER, symbol: 'AAPL', secType: 'STK', multiplier: 1, marketRuleIds: [26] }
      : { conId: OPTION, symbol: 'AAPL', secType: 'OPT', localSymbol: CALL_CONTRACT.localSymbol, multiplier: 100, marketRuleIds: [32] }),
    marketRule: async () => ({ marketRuleId: 32, increments: [{ lowEdge: 0, increment: 0.05 }] }),
  } as unknown as MarketPort;
  const watched: number[] = [];
  const underlying = o.underlying === undefined ? 231.4 : o.underlying;
  const quotes = {
    watch: (conId: number) => watched.push(conId),
    unwatch: (conId: number) => watched.splice(watched.indexOf(conId), 1),
    waitUsable: async () => (underlying === null ? { ok: false, code: 'NO_QUOTE', message: 'none' } : { ok: true, bid: underlying, ask: underlying }),
  } as unknown as QuotePort;
  const booked: unknown[] = [];
  const risk = {
    adoptPosition: async (cmd: { tradeId: TradeId; quantity: number }) => (booked.push(cmd), o.risk ?? ok({ tradeId: cmd.tradeId, quantity: cmd.quantity, booked: true })),
  } as unknown as RiskPort;
  const armed: ArmTriggerCommand[] = [];
  const triggers = {
    arm: async (cmd: ArmTriggerCommand) => (armed.push(cmd), o.triggerArm ?? ok({})),
  } as unknown as TriggerPort;
  const scheduled: string[] = [];
  const scheduler = {
    run: <T>(_id: TradeId, task: () => Promise<T>) => task(),
    at: (id: TradeId, name: string) => scheduled.push(`${id} ${name}`),
    cancel: () => undefined,
  } as unknown as TradeScheduler;
  const clock = new ManualClock(NOW);
  const logger = pino({ level: 'silent' });
  const guard = new ProtectiveStop({ trades, broker, market, scheduler, clock, logger, retryMs: 1_000 });
  const protection = new Protection({ trades, triggers, scheduler, guard, clock, logger, alerts: { raise: async () => undefined }, deadlineMs: 1_000 });
  const adopt = new AdoptPosition({ trades, broker, market, quotes, risk, protection, scheduler, clock, quoteWaitMs: 100 });
  const run = (cmd: Partial<AdoptPositionRequest> = {}) => {
    const request: AdoptPositionRequest = { conId: OPTION, stopLoss: { mode: 'offset', offset: 1.5 }, takeProfit: {}, by: ADMIN, ...cmd };
    return actingAs(request.by, () => adopt.execute(request));
  };
  return { run, views, appended, booked, armed, watched, scheduled, reconciles };
}

/** A trade holding `quantity` of the option, adopted or armed. */
function holdingTrade(id: string, quantity: number, adopted: boolean): TradeView {
  const base = armedView(id as TradeId, NOW);
  return { ...base, state: 'PROTECTED', openQuantity: quantity, filledQuantity: quantity, adoptedAt: adopted ? NOW - 5_000 : null };
}

describe('adopt an external position', () => {
  it('adopt makes a trade holding the external quantity at avgCost / multiplier, owned by the admin, with its stop trigger armed below the underlying', async () => {
    const w = world({ positions: [holding(5)], trades: [holdingTrade('t-ours', 2, false)] });

    const reply = await w.run();

    expect(reply.ok).toBe(true);
    const trade = reply.ok ? reply.value : undefined!;
    expect(trade).toMatchObject({
      state: 'PROTECTED', owner: ADMIN, optionConId: OPTION, underConId: UNDER, openQuantity: 3, filledQuantity: 3, avgEntryPrice: 2.5,
      stopLevel: 229.9, adoptedAt: NOW, entryOrder: null, firstFillAt: NOW,
      spec: { symbol: 'AAPL', right: 'CALL', expiry: '20260116', strike: 232.5, trigger: { price: 231.4 }, stopLoss: { mode: 'offset', offset: 1.5 }, size: { by: 'contracts', contracts: 3 } },
    });
    expect(trade.tradeId).toBe('adopt-11-20260310-1');
    expect(w.appended).toEqual([`${trade.tradeId} adopted`, `${trade.tradeId} protected`]);
    expect(w.armed).toEqual([expect.objectContaining({ owner: { tradeId: trade.tradeId, purpose: 'stop' }, conId: UNDER, direction: 'below', level: 229.9, ifMetOnArm: 'fire' })]);
    expect(trade.stopTriggerId).toBe(w.armed[0]!.triggerId);
    expect(w.booked).toEqual([{ tradeId: trade.tradeId, conId: OPTION, underlying: 'AAPL', multiplier: 100, quantity: 3, price: 2.5, at: NOW }]);
    expect(w.watched).toEqual([OPTION]);
    expect(w.reconciles).toEqual(['adopting the external position in contract 11']);
    expect(w.scheduled).toContain(`${trade.tradeId} protection-deadline`);
  });

  it('adopt places a put\'s stop at the price asked, above the underlying', async () => {
    const w = world({ positions: [holding(1, { contract: { ...CALL_CONTRACT, right: 'PUT' } })] });

    const reply = await w.run({ stopLoss: { mode: 'price', price: 233 } });

    expect(reply.ok && reply.value).toMatchObject({ state: 'PROTECTED', stopLevel: 233, spec: { right: 'PUT', stopLoss: { mode: 'offset', offset: 1.6 } } });
    expect(w.armed[0]).toMatchObject({ direction: 'above', level: 233 });
  });

  it('adopt keeps the trade OPEN, retrying, when the stop trigger cannot be armed yet', async () => {
    const w = world({ triggerArm: fail('NO_RESPONDERS', 'no trigger-service') });

    const reply = await w.run();

    expect(reply.ok && reply.value).toMatchObject({ state: 'OPEN', openQuantity: 3, stopTriggerId: null });
    const id = reply.ok ? reply.value.tradeId : '';
    expect(w.appended).toEqual([`${id} adopted`, `${id} protection-failed`]);
    expect(w.scheduled).toEqual(expect.arrayContaining([`${id} protection-deadline`, `${id} protect`]));
  });

  it('adopt names a new trade when the contract was adopted before and that trade closed (bought again outside since)', async () => {
    const closed: TradeView = { ...holdingTrade('adopt-11-20260310-1', 0, true), state: 'CLOSED' };
    const w = world({ positions: [holding(2)], trades: [closed] });

    const reply = await w.run();

    expect(reply.ok && [reply.value.tradeId, reply.value.openQuantity]).toEqual(['adopt-11-20260310-2', 2]);
  });

  it('adopting the same contract twice answers ALREADY_ADOPTED the second time and makes no second trade', async () => {
    const w = world({ positions: [holding(3)] });
    const first = await w.run();
    expect(first.ok).toBe(true);

    const second = await w.run();

    expect(second).toMatchObject({ ok: false, code: 'ALREADY_ADOPTED' });
    expect(w.views.size).toBe(1);
    expect(w.booked).toHaveLength(1);
    expect(w.armed).toHaveLength(1);
  });

  it.each([
    ['a trader asks', { by: TRADER }, {}, 'ADMIN_ONLY'],
    ['the broker holds none of it', {}, { positions: [] }, 'NOT_EXTERNAL'],
    ['the trades hold all of it', {}, { trades: [holdingTrade('t-ours', 3, false)] }, 'NOT_EXTERNAL'],
    ['an adopted trade holds it', {}, { trades: [holdingTrade('adopt-11-x', 3, true)] }, 'ALREADY_ADOPTED'],
    ['it is short', {}, { positions: [holding(-2)] }, 'SHORT_NOT_ADOPTED'],
    ['the trades hold more than the broker', {}, { positions: [holding(1)], trades: [holdingTrade('t-ours', 2, false)] }, 'SHORT_NOT_ADOPTED'],
    ['it is a stock', {}, { positions: [holding(100, { contract: { ...CALL_CONTRACT, secType: 'STK', expiry: null, strike: null, right: null } })] }, 'NOT_AN_OPTION'],
    ['the broker did not describe it', {}, { positions: [holding(1, { contract: undefined })] }, 'CONTRACT_UNKNOWN'],
    ["a call's stop is above the underlying", { stopLoss: { mode: 'price' as const, price: 232 } }, {}, 'STOP_ON_WRONG_SIDE'],
    ['the underlying has no price', {}, { underlying: null }, 'NO_UNDERLYING_PRICE'],
    ['the gateway cannot read the positions again', {}, { reconcile: fail('TWS_DISCONNECTED', 'away') }, 'TWS_DISCONNECTED'],
    ['the risk-service does not book it', {}, { risk: fail('NO_RESPONDERS', 'no risk-service') }, 'RISK_UNAVAILABLE'],
  ] as const)('adopt is refused when %s, and nothing changes', async (_what, cmd, options, code) => {
    const w = world(options as WorldOptions);
    const before = [...w.views.values()];

    const reply = await w.run(cmd);

    expect(reply).toMatchObject({ ok: false, code });
    expect([...w.views.values()]).toEqual(before);
    expect(w.appended).toEqual([]);
    expect(w.armed).toEqual([]);
    if (code !== 'RISK_UNAVAILABLE') expect(w.booked).toEqual([]);
  });
});
