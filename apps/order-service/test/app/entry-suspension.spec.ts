import pino from 'pino';
import { fail, ok, TradeEvent, TriggerErrorCode, type ArmTriggerCommand, type TradeId, type TradeView, type TradingStateRecord, type TriggerView } from '@arctrigger/contracts';
import { ManualClock } from '@arctrigger/service-kit';
import { EntrySuspension } from '../../src/flows/entry-suspension';
import { EntryTrigger } from '../../src/flows/entry-trigger';
import type { UnderlyingPrice } from '../../src/flows/underlying-price';
import { transition } from '../../src/domain/lifecycle/transition-table';
import { evolve } from '../../src/domain/trade/evolve';
import type { TradeScheduler } from '../../src/ports/trade-scheduler.port';
import type { TradeStorePort } from '../../src/ports/trade-store.port';
import type { TriggerPort } from '../../src/ports/trigger.port';
import { ApplyTradingState } from '../../src/use-cases/apply-trading-state/apply-trading-state.use-case';
import { armedView } from './armed-view';

/**
 * HALTED keeps the book: an armed trade is suspended (entry disarmed, trade kept) while trading is
 * not ACTIVE and resumed under a new entry trigger when it is — the breakout validated again: a
 * level crossed meanwhile arms the reset first, so the trade fires only on a new breakout.
 */

const NOW = Date.parse('2026-03-10T15:00:00Z');
const ID = 't1' as TradeId;
const state = (s: TradingStateRecord['state']): TradingStateRecord => ({ state: s, reason: 'drill', changedBy: 'admin', at: NOW });

function world(options: { fireImmediately?: boolean; metOnArm?: boolean; crossedAtTriggerService?: boolean; noPrice?: boolean; armFailures?: number } = {}) {
  let view: TradeView = armedView(ID, NOW);
  if (options.fireImmediately) view = { ...view, spec: { ...view.spec, fireImmediately: true } };
  const types: string[] = [];
  const append = async (_id: string, type: string, detail: object, causationId: string | null = null) => {
    const t = transition(view.state, type as never);
    if (!t.ok) throw new Error(t.message);
    const seq = view.revision + 1;
    view = evolve(view, TradeEvent.parse({ eventId: `${ID}:${seq}`, tradeId: ID, seq, type, from: view.state, to: t.to, at: NOW, causationId, detail }));
    types.push(type);
    return view;
  };
  const trades = {
    get: (id: string) => (id === ID ? view : undefined),
    all: () => [view],
    append,
    appendIfAllowed: (id: string, type: string, detail: object, causationId?: string | null) =>
      (transition(view.state, type as never).ok ? append(id, type, detail, causationId) : Promise.resolve(undefined)),
  } as unknown as TradeStorePort;
  const armed: ArmTriggerCommand[] = [];
  const disarmed: string[] = [];
  let armFailures = options.armFailures ?? 0;
  const triggers = {
    arm: async (cmd: ArmTriggerCommand) => {
      armed.push(cmd);
      if (armFailures > 0) return (armFailures--, fail('NO_RESPONDERS', 'no trigger-service'));
      // The level was crossed while halted: a reject arm in the entry's direction is refused.
      if ((options.metOnArm || options.crossedAtTriggerService) && cmd.ifMetOnArm === 'reject' && cmd.direction === 'above') return fail(TriggerErrorCode.ALREADY_MET, 'already above');
      return ok({ triggerId: cmd.triggerId, status: 'armed' } as TriggerView);
    },
    disarm: async (id: string) => (disarmed.push(id), ok({ triggerId: id, status: 'disarmed' } as TriggerView)),
  } as unknown as TriggerPort;
  const timers: Array<{ name: string; at: number; task: () => Promise<void> }> = [];
  const scheduler = {
    at: (_id: string, name: string, at: number, task: () => Promise<void>) => timers.push({ name, at, task }),
    cancel: () => undefined,
    run: <T>(_id: string, task: () => Promise<T>) => task(),
  } as unknown as TradeScheduler;
  let current: TradingStateRecord | null = state('ACTIVE');
  // The underlying's price when the trade resumes: above the 231.40 call trigger when it was crossed meanwhile.
  const priceAsked: number[] = [];
  const underlying = { current: async (conId: number) => (priceAsked.push(conId), options.noPrice ? null : options.metOnArm ? 232 : 231) } as unknown as UnderlyingPrice;
  const logger = pino({ level: 'silent' });
  const suspension = new EntrySuspension({
    trades, triggers, tradingState: { current: () => current }, entryTrigger: new EntryTrigger(triggers, logger), underlying, scheduler, clock: new ManualClock(NOW), logger, retryMs: 2_000,
  });
  const apply = new ApplyTradingState(trades, suspension, scheduler, logger);
  const setState = async (s: TradingStateRecord['state']) => {
    current = state(s);
    apply.execute(current);
    await new Promise((r) => setImmediate(r));
  };
  return { suspension, setState, armed, disarmed, timers, types, priceAsked, view: () => view };
}

describe('entry suspension (HALTED keeps the book)', () => {
  it('HALTED suspends an armed trade: SUSPENDED, entry trigger disarmed, nothing else changed', async () => {
    const w = world();
    await w.setState('HALTED');
    expect(w.view()).toMatchObject({ state: 'SUSPENDED', entryTriggerId: null, reason: 'trading HALTED by admin: drill' });
    expect(w.disarmed).toEqual(['t1-e1']);
    expect(w.types).toEqual(['suspended']);
  });

  it('REDUCING suspends too (opening orders would be refused)', async () => {
    const w = world();
    await w.setState('REDUCING');
    expect(w.view().state).toBe('SUSPENDED');
  });

  it("the kill switch's own disarm suspends the trade without disarming again", async () => {
    const w = world();
    await w.suspension.suspend(ID, 'HALTED', 'kill switch: drill', 'trg:disarmed', w.view().entryTriggerId!);
    expect(w.view().state).toBe('SUSPENDED');
    expect(w.disarmed).toEqual([]);
  });

  it('ACTIVE resumes a suspended trade under a new entry trigger, armed as the trade was (reject if met)', async () => {
    const w = world();
    await w.setState('HALTED');
    await w.setState('ACTIVE');
    const v = w.view();
    expect(v).toMatchObject({ state: 'ARMED', entryAwaitsReset: false, reason: null });
    expect(v.entryTriggerId).not.toBe('t1-e1');
    expect(w.armed).toEqual([expect.objectContaining({ triggerId: v.entryTriggerId, direction: 'above', level: 231.4, ifMetOnArm: 'reject' })]);
    expect(w.types).toEqual(['suspended', 'resumed']);
  });

  it('a level crossed while halted does not fire on resume: the reset (same level, other way) is armed, then the real entry when it fires', async () => {
    const w = world({ metOnArm: true });
    await w.setState('HALTED');
    await w.setState('ACTIVE');
    const v = w.view();
    expect(v).toMatchObject({ state: 'ARMED', entryAwaitsReset: true });
    // Judged on the underlying's price now (the trigger-service may hold no fresh quote after the halt).
    expect(w.priceAsked).toEqual([10]);
    expect(w.armed.map((a) => [a.triggerId, a.direction, a.ifMetOnArm])).toEqual([[v.entryTriggerId, 'below', 'fire']]);

    await w.suspension.onResetFired(v, v.entryTriggerId!);
    const after = w.view();
    expect(after).toMatchObject({ state: 'ARMED', entryAwaitsReset: false });
    expect(after.entryTriggerId).not.toBe(v.entryTriggerId);
    expect(w.armed[1]).toMatchObject({ triggerId: after.entryTriggerId, direction: 'above', level: 231.4, ifMetOnArm: 'fire' });
    expect(w.types).toEqual(['suspended', 'resumed', 'entry-rearmed']);
  });

  it("a crossing the trigger-service sees first (ALREADY_MET on the entry's arm) arms the reset too", async () => {
    const w = world({ crossedAtTriggerService: true });
    await w.setState('HALTED');
    await w.setState('ACTIVE');
    const v = w.view();
    expect(v).toMatchObject({ state: 'ARMED', entryAwaitsReset: true });
    expect(w.armed.map((a) => [a.direction, a.ifMetOnArm])).toEqual([['above', 'reject'], ['below', 'fire']]);
  });

  it('no price of the underlying to validate the breakout: the trade stays SUSPENDED and the resume is retried', async () => {
    const w = world({ noPrice: true });
    await w.setState('HALTED');
    await w.setState('ACTIVE');
    expect(w.view().state).toBe('SUSPENDED');
    expect(w.armed).toEqual([]);
    expect(w.timers.map((t) => t.name)).toEqual(['resume']);
  });

  it('a trade that says fireImmediately fires on resume when the level was crossed (its entry is armed with fire)', async () => {
    const w = world({ fireImmediately: true, metOnArm: true });
    await w.setState('HALTED');
    await w.setState('ACTIVE');
    expect(w.view()).toMatchObject({ state: 'ARMED', entryAwaitsReset: false });
    expect(w.armed).toEqual([expect.objectContaining({ direction: 'above', ifMetOnArm: 'fire' })]);
    expect(w.priceAsked).toEqual([]);
  });

  it('a fire of anything but the current reset trigger is ignored by onResetFired', async () => {
    const w = world({ metOnArm: true });
    await w.setState('HALTED');
    await w.setState('ACTIVE');
    await w.suspension.onResetFired(w.view(), 't1-e1' as never);
    expect(w.types).toEqual(['suspended', 'resumed']);
  });

  it('a resume the trigger-service cannot take stays SUSPENDED and is retried; a retry while halted again does nothing', async () => {
    const w = world({ armFailures: 1 });
    await w.setState('HALTED');
    await w.setState('ACTIVE');
    expect(w.view().state).toBe('SUSPENDED');
    expect(w.timers.map((t) => [t.name, t.at])).toEqual([['resume', NOW + 2_000]]);
    await w.timers[0]!.task();
    expect(w.view().state).toBe('ARMED');

    const again = world({ armFailures: 1 });
    await again.setState('HALTED');
    await again.setState('ACTIVE');
    await again.setState('HALTED');
    await again.timers[0]!.task();
    expect(again.view().state).toBe('SUSPENDED');
  });

  it('states other than ARMED are not suspended, states other than SUSPENDED not resumed', async () => {
    const w = world();
    await w.setState('ACTIVE');
    expect(w.types).toEqual([]);
    await w.setState('HALTED');
    await w.setState('HALTED');
    expect(w.types).toEqual(['suspended']);
  });
});
