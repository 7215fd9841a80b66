import { Contracts, fail, ok, type ArmTriggerCommand, type ConId, type MarketTick, type TradeId, type TriggerView } from '@arctrigger/contracts';
import { ManualClock, type Bus } from '@arctrigger/service-kit';
import { eventually, type BusRecorder } from '@arctrigger/testkit';
import type { TriggerRuntime } from '../src/app/trigger-runtime';
import { REGULAR_AT, ShiftedClock, TriggerFixture, armCommand, publishTick, tick } from './support/trigger-fixture';

/** 09:30 US/Eastern, the regular open of the fixture's trading day. */
const OPEN_AT = Date.parse('2026-03-10T13:30:00Z');

type Evt = { type: string; triggerId: string; session?: string };
const evt = (m: { json: unknown }) => m.json as Evt;
const eventsOf = (rec: BusRecorder, id: string, type: string) => rec.messages.filter((m) => evt(m).triggerId === id && evt(m).type === type);

/** Plays the gateway's latest-quote answer from `quotes`, as given (NO_QUOTE otherwise). */
function answerQuotes(gateway: Bus, quotes: Map<number, MarketTick>): void {
  gateway.reply(Contracts.QuoteSnapshot, (req) => {
    const q = quotes.get(req.conId);
    return q ? ok(q) : fail('NO_QUOTE', 'no quote yet');
  });
}

describe('trigger-service arm commands (in-process, real NATS)', () => {
  let fx: TriggerFixture;
  let gateway: Bus;
  let orders: Bus;
  let clock: ShiftedClock;
  let events: BusRecorder;
  let runtime: TriggerRuntime;
  const quotes = new Map<number, MarketTick>();

  beforeAll(async () => {
    fx = await TriggerFixture.start();
    clock = new ShiftedClock(REGULAR_AT);
    runtime = await fx.runtime('solo', clock);
    gateway = await fx.bus('gateway');
    orders = await fx.bus('order-service');
    answerQuotes(gateway, quotes);
    events = await fx.recorder();
  });
  afterAll(async () => fx.stop());

  it('trigger-service fires at once, exactly once, on the latest quote with the session of the quote time when ifMetOnArm is fire', async () => {
    clock.jumpTo(OPEN_AT + 200); // regular session now; the quote is from the premarket
    quotes.set(9001, tick(9001, OPEN_AT - 300, { last: 10.5 }, 41));
    const cmd = armCommand({ conId: 9001 as ConId, level: 10, sessionScope: 'extended', ifMetOnArm: 'fire' });

    const reply = await orders.request(Contracts.ArmTrigger, cmd);
    const fired = await events.waitFor((m) => evt(m).type === 'fired' && evt(m).triggerId === cmd.triggerId);
    // Barrier: a later trigger fired by a later tick on the same instrument.
    const later = armCommand({ conId: 9001 as ConId, level: 11, sessionScope: 'extended' });
    expect(await orders.request(Contracts.ArmTrigger, later)).toMatchObject({ ok: true, value: { status: 'armed' } });
    await fx.evaluating(runtime, later.triggerId);
    publishTick(gateway, tick(9001, clock.now(), { last: 12 }, 42));
    await events.waitFor((m) => evt(m).type === 'fired' && evt(m).triggerId === later.triggerId);
    clock.jumpTo(REGULAR_AT);

    expect(reply).toMatchObject({ ok: true, value: { status: 'fired', firedSession: 'premarket', firedBy: { price: 10.5, seq: 41, receivedAt: OPEN_AT - 300 } } });
    expect(fired.json).toMatchObject({ session: 'premarket', level: 10, tick: { price: 10.5, seq: 41, source: 'last', receivedAt: OPEN_AT - 300 } });
    expect(eventsOf(events, cmd.triggerId, 'fired')).toHaveLength(1);
    expect(events.messages.filter((m) => evt(m).triggerId === cmd.triggerId).map((m) => evt(m).type)).toEqual(['armed', 'fired']);
  });

  it('trigger-service arms without firing when ifMetOnArm is fire and the latest quote does not meet the condition', async () => {
    quotes.set(9004, tick(9004, clock.now(), { last: 9.5 }, 3));
    const cmd = armCommand({ conId: 9004 as ConId, level: 10, ifMetOnArm: 'fire' });

    const reply = await orders.request(Contracts.ArmTrigger, cmd);

    expect(reply).toMatchObject({ ok: true, value: { status: 'armed', firedBy: null } });
  });

  it('trigger-service answers a repeated arm with the same id and specification with the same answer', async () => {
    const cmd = armCommand({ conId: 9002 as ConId, level: 30, confirmation: { ticks: 2 }, expiresAt: clock.now() + 3_600_000 });

    const first = await orders.request(Contracts.ArmTrigger, cmd);
    const again = await orders.request(Contracts.ArmTrigger, { ...cmd, owner: { ...cmd.owner }, confirmation: { ticks: 2 } });

    expect(first).toMatchObject({ ok: true, value: { status: 'armed', level: 30 } });
    expect(again).toEqual(first);
  });

  const variants: Array<[string, string, (c: ArmTriggerCommand) => ArmTriggerCommand]> = [
    ['level', 'level', (c) => ({ ...c, level: 31 })],
    ['direction', 'direction', (c) => ({ ...c, direction: 'below' })],
    ['priceSource', 'priceSource', (c) => ({ ...c, priceSource: 'bid' })],
    ['conId', 'conId', (c) => ({ ...c, conId: 9099 as ConId })],
    ['sessionScope', 'sessionScope', (c) => ({ ...c, sessionScope: 'extended' })],
    ['owner trade', 'owner.tradeId', (c) => ({ ...c, owner: { ...c.owner, tradeId: 'another-trade' as TradeId } })],
    ['owner purpose', 'owner.purpose', (c) => ({ ...c, owner: { ...c.owner, purpose: 'stop' } })],
    ['tick count', 'confirmation.ticks', (c) => ({ ...c, confirmation: { ticks: 3 } })],
    ['confirmation kind (ms instead of ticks)', 'confirmation.ticks', (c) => ({ ...c, confirmation: { ms: 500 } })],
    ['confirmation (none)', 'confirmation.ticks', ({ confirmation: _c, ...c }) => c],
    ['expiry (later)', 'expiresAt', (c) => ({ ...c, expiresAt: (c.expiresAt as number) + 1 })],
    ['expiry (none)', 'expiresAt', ({ expiresAt: _e, ...c }) => c],
    ['ifMetOnArm', 'ifMetOnArm', (c) => ({ ...c, ifMetOnArm: 'fire' })],
  ];

  it('trigger-service lists an armed trigger with the live price of its source, moving with the ticks, while it waits', async () => {
    quotes.set(9010, tick(9010, clock.now(), { last: 20, bid: 19.9, ask: 20.1 }, 1));
    const cmd = armCommand({ conId: 9010 as ConId, level: 30 });
    const armed = await orders.request(Contracts.ArmTrigger, cmd);
    expect(armed).toMatchObject({ ok: true, value: { status: 'armed' } });
    const listedPrice = async () => {
      const reply = await orders.request(Contracts.ListTriggers, { tradeId: cmd.owner.tradeId });
      return reply.ok ? reply.value.triggers[0]?.lastPrice : undefined;
    };
    expect(await listedPrice()).toBe(20);

    await fx.evaluating(runtime, cmd.triggerId);
    publishTick(gateway, tick(9010, clock.now(), { last: 25, bid: 24.9, ask: 25.1 }, 2));
    await eventually(async () => (await listedPrice()) === 25, { what: 'the listed last price to follow the tick' });
    const listed = await orders.request(Contracts.ListTriggers, { tradeId: cmd.owner.tradeId });
    expect(listed).toMatchObject({ ok: true, value: { triggers: [{ status: 'armed', level: 30, lastPrice: 25 }] } });
  });

  it.each(variants)('trigger-service refuses with TRIGGER_EXISTS and leaves the trigger unchanged when an arm reuses an id with a different %s', async (_what, field, change) => {
    const cmd = armCommand({ conId: 9003 as ConId, level: 30, confirmation: { ticks: 2 }, expiresAt: clock.now() + 3_600_000 });
    const first = await orders.request(Contracts.ArmTrigger, cmd);
    await events.waitFor((m) => evt(m).type === 'armed' && evt(m).triggerId === cmd.triggerId);

    const conflicting = await orders.request(Contracts.ArmTrigger, change(cmd));
    const barrier = armCommand({ conId: 9003 as ConId, level: 40 });
    await orders.request(Contracts.ArmTrigger, barrier);
    await events.waitFor((m) => evt(m).type === 'armed' && evt(m).triggerId === barrier.triggerId);
    const listed = await orders.request(Contracts.ListTriggers, { tradeId: cmd.owner.tradeId, includeFinished: true });

    expect(conflicting).toMatchObject({ ok: false, code: 'TRIGGER_EXISTS', message: expect.stringContaining(field) });
    expect(first.ok).toBe(true);
    expect(listed).toEqual({ ok: true, value: { triggers: [(first as { value: TriggerView }).value] } });
    expect(eventsOf(events, cmd.triggerId, 'armed')).toHaveLength(1);
    expect(events.messages.filter((m) => evt(m).triggerId === cmd.triggerId)).toHaveLength(1);
  });
});

/**
 * Expiry on a ManualClock: the heartbeat (which sweeps expiries) rings only when the test moves
 * time, so "the expiry passed, the sweep has not run yet" is a state the test can hold.
 */
describe('trigger-service expiry (ManualClock, real NATS)', () => {
  // The fire's record is written at once: a wait on this clock would last until the test moves time.
  const config = { TRIGGER_HEARTBEAT_MS: 5_000, TRIGGER_LEASE_TTL_MS: 15_000, TRIGGER_MAX_TICK_AGE_MS: 2_000, TRIGGER_FIRE_RECORD_DELAY_MS: 0 };
  let fx: TriggerFixture;
  let gateway: Bus;
  let orders: Bus;
  let clock: ManualClock;
  let runtime: TriggerRuntime;
  let events: BusRecorder;
  const quotes = new Map<number, MarketTick>();

  beforeAll(async () => {
    fx = await TriggerFixture.start();
    clock = new ManualClock(REGULAR_AT);
    runtime = await fx.runtime('expiry', clock, config);
    gateway = await fx.bus('gateway');
    orders = await fx.bus('order-service');
    answerQuotes(gateway, quotes);
    events = await fx.recorder();
  });
  afterAll(async () => fx.stop());

  const refusedFires = (r: TriggerRuntime, n: number) => eventually(() => (r.engine.counters.lostRaces >= n ? true : undefined), { what: `${n} refused fires` });

  /** Arms a trigger on `conId` that the next tick above `level` fires, and returns once that happened. */
  async function barrierFire(conId: number, level: number, seq: number): Promise<void> {
    const barrier = armCommand({ conId: conId as ConId, level });
    expect(await orders.request(Contracts.ArmTrigger, barrier)).toMatchObject({ ok: true, value: { status: 'armed' } });
    await fx.evaluating(runtime, barrier.triggerId);
    publishTick(gateway, tick(conId, clock.now(), { last: level + 1 }, seq));
    await events.waitFor((m) => evt(m).type === 'fired' && evt(m).triggerId === barrier.triggerId);
  }

  it('trigger-service expires a trigger whose expiresAt passed, never fires it, even on a crossing tick before the expiry sweep', async () => {
    const cmd = armCommand({ conId: 9101 as ConId, level: 10, expiresAt: clock.now() + 1_000 });
    await orders.request(Contracts.ArmTrigger, cmd);
    await events.waitFor((m) => evt(m).type === 'armed' && evt(m).triggerId === cmd.triggerId);
    await fx.evaluating(runtime, cmd.triggerId);
    const refusedBefore = runtime.engine.counters.lostRaces;

    clock.advance(1_001); // expired, but the heartbeat (sweep) has not rung
    publishTick(gateway, tick(9101, clock.now(), { last: 11 }, 1));
    await refusedFires(runtime, refusedBefore + 1);
    clock.advance(4_000); // the heartbeat sweeps
    const expired = await events.waitFor((m) => evt(m).type === 'expired' && evt(m).triggerId === cmd.triggerId);
    const listed = await orders.request(Contracts.ListTriggers, { tradeId: cmd.owner.tradeId, includeFinished: true });
    await barrierFire(9101, 12, 2);

    expect(expired.json).toMatchObject({ owner: cmd.owner });
    expect(listed).toMatchObject({ ok: true, value: { triggers: [{ triggerId: cmd.triggerId, status: 'expired', firedBy: null }] } });
    expect(eventsOf(events, cmd.triggerId, 'fired')).toHaveLength(0);
    expect(eventsOf(events, cmd.triggerId, 'expired')).toHaveLength(1);
  });

  it('trigger-service expires, and never fires, a trigger whose expiry passed while it was down even when the latest quote crosses', async () => {
    const cmd = armCommand({ conId: 9102 as ConId, level: 10, expiresAt: clock.now() + 2_000 });
    await orders.request(Contracts.ArmTrigger, cmd);
    await events.waitFor((m) => evt(m).type === 'armed' && evt(m).triggerId === cmd.triggerId);

    await fx.stopRuntime(runtime);
    clock.advance(3_000);
    quotes.set(9102, tick(9102, clock.now(), { last: 11 }, 5)); // the market crossed while it was down
    runtime = await fx.runtime('expiry', clock, config);
    await refusedFires(runtime, 1); // recovery applied the quote; the fire was refused
    clock.advance(5_000); // first heartbeat of the restarted instance
    await events.waitFor((m) => evt(m).type === 'expired' && evt(m).triggerId === cmd.triggerId);
    const listed = await orders.request(Contracts.ListTriggers, { tradeId: cmd.owner.tradeId, includeFinished: true });
    await barrierFire(9102, 12, 6);

    expect(listed).toMatchObject({ ok: true, value: { triggers: [{ triggerId: cmd.triggerId, status: 'expired', firedBy: null }] } });
    expect(eventsOf(events, cmd.triggerId, 'fired')).toHaveLength(0);
  });

  it('trigger-service answers a repeated arm with the current (expired) state once the expiry has passed', async () => {
    const cmd = armCommand({ conId: 9103 as ConId, level: 10, expiresAt: clock.now() + 1_000 });
    await orders.request(Contracts.ArmTrigger, cmd);
    clock.advance(5_000);
    await events.waitFor((m) => evt(m).type === 'expired' && evt(m).triggerId === cmd.triggerId);

    const again = await orders.request(Contracts.ArmTrigger, cmd);

    expect(again).toMatchObject({ ok: true, value: { triggerId: cmd.triggerId, status: 'expired' } });
  });
});
