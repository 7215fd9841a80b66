import { Contracts, type ConId, type TriggerFired } from '@arctrigger/contracts';
import type { Bus } from '@arctrigger/service-kit';
import { eventually, type BusRecorder } from '@arctrigger/testkit';
import type { TriggerRuntime } from '../src/app/trigger-runtime';
import { PREMARKET_AT, REGULAR_AT, ShiftedClock, TriggerFixture, armCommand, publishTick, tick } from './support/trigger-fixture';

const firedOf = (rec: BusRecorder, id: string) => rec.messages.filter((m) => (m.json as TriggerFired).type === 'fired' && (m.json as TriggerFired).triggerId === id);

describe('trigger-service (in-process, real NATS)', () => {
  let fx: TriggerFixture;
  let gateway: Bus;
  let orders: Bus;
  let clock: ShiftedClock;
  let events: BusRecorder;
  let runtime: TriggerRuntime;

  beforeAll(async () => {
    fx = await TriggerFixture.start();
    clock = new ShiftedClock(REGULAR_AT);
    runtime = await fx.runtime('solo', clock);
    gateway = await fx.bus('gateway');
    orders = await fx.bus('order-service');
    events = await fx.recorder();
  });
  afterAll(async () => fx.stop());

  it('trigger-service fires once, with the crossing tick, when a fresh tick crosses an ABOVE level', async () => {
    const cmd = armCommand({ conId: 2001 as ConId, level: 100 });
    const armed = await orders.request(Contracts.ArmTrigger, cmd);
    expect(armed).toMatchObject({ ok: true, value: { status: 'armed' } });
    await events.waitFor((m) => (m.json as { type: string; triggerId: string }).type === 'armed' && (m.json as { triggerId: string }).triggerId === cmd.triggerId);
    await fx.evaluating(runtime, cmd.triggerId);

    publishTick(gateway, tick(2001, clock.now(), { last: 100 }, 1)); // equal: strict crossing does not fire
    publishTick(gateway, tick(2001, clock.now(), { last: 100.01 }, 2));
    publishTick(gateway, tick(2001, clock.now(), { last: 100.5 }, 3));
    const fired = await events.waitFor((m) => (m.json as TriggerFired).type === 'fired' && (m.json as TriggerFired).triggerId === cmd.triggerId);

    expect(fired.json).toMatchObject({ level: 100, session: 'regular', tick: { price: 100.01, source: 'last', seq: 2, conId: 2001 } });
    expect(fired.headers['Nats-Msg-Id']).toBe(`fired:${cmd.triggerId}`);
    const traceId = /^00-([0-9a-f]{32})-/.exec(fired.headers.traceparent ?? '')?.[1];
    const root = await eventually(() => fx.spans.getFinishedSpans().find((s) => s.name === 'trigger fire' && s.spanContext().traceId === traceId), { what: 'the fire span' });
    expect(root.parentSpanContext).toBeUndefined();
    expect(root.startTime[0] * 1000 + root.startTime[1] / 1e6).toBeCloseTo((fired.json as TriggerFired).tick.receivedAt, 0);
    const listed = await orders.request(Contracts.ListTriggers, { tradeId: cmd.owner.tradeId, includeFinished: true });
    expect(listed).toMatchObject({ ok: true, value: { triggers: [{ status: 'fired', firedBy: { price: 100.01 } }] } });
    expect(firedOf(events, cmd.triggerId)).toHaveLength(1);
  });

  it('trigger-service announces trg.firing with the crossing tick ahead of fired, in the same trace', async () => {
    const both = await fx.recorder('trg.>');
    const cmd = armCommand({ conId: 2003 as ConId, level: 50 });
    expect(await orders.request(Contracts.ArmTrigger, cmd)).toMatchObject({ ok: true });
    // The owner learns of the arm from the bucket's watch, after the answer: until then no tick of 2003 reaches it.
    await fx.evaluating(runtime, cmd.triggerId);
    publishTick(gateway, tick(2003, clock.now(), { last: 50.25 }, 1));
    const fired = await both.waitFor((m) => (m.json as TriggerFired).type === 'fired' && (m.json as TriggerFired).triggerId === cmd.triggerId);

    const notices = both.messages.filter((m) => m.subject === `trg.firing.v1.${cmd.owner.tradeId}`);
    expect(notices).toHaveLength(1);
    expect(both.messages.indexOf(notices[0]!)).toBeLessThan(both.messages.indexOf(fired));
    expect(Contracts.TriggerFiring.schema.parse(notices[0]!.json)).toEqual({
      triggerId: cmd.triggerId, owner: cmd.owner, at: expect.any(Number), level: 50, session: 'regular', tick: (fired.json as TriggerFired).tick,
    });
    const traceOf = (h: Record<string, string>) => /^00-([0-9a-f]{32})-/.exec(h.traceparent ?? '')?.[1];
    expect(traceOf(notices[0]!.headers)).toBeDefined();
    expect(traceOf(notices[0]!.headers)).toBe(traceOf(fired.headers));
  });

  it('trigger-service refuses to arm with ALREADY_MET when the latest quote meets the condition and the command says reject', async () => {
    publishTick(gateway, tick(2002, clock.now(), { bid: 9.9, ask: 10.1 }));
    const first = armCommand({ conId: 2002 as ConId, priceSource: 'mid', direction: 'below', level: 20 });
    await orders.request(Contracts.ArmTrigger, first);
    await fx.evaluating(runtime, first.triggerId); // the owner subscribed the instrument
    publishTick(gateway, tick(2002, clock.now(), { bid: 9.9, ask: 10.1 }, 2));
    await events.waitFor((m) => (m.json as TriggerFired).type === 'fired' && (m.json as TriggerFired).triggerId === first.triggerId);

    const second = armCommand({ conId: 2002 as ConId, priceSource: 'mid', direction: 'below', level: 10.5 });
    const armed = await orders.request(Contracts.ArmTrigger, second);
    expect(armed).toMatchObject({ ok: false, code: 'ALREADY_MET' });
  });
});

describe('trigger-service freshness and sessions (in-process, real NATS)', () => {
  let fx: TriggerFixture;
  let gateway: Bus;
  let orders: Bus;
  let clock: ShiftedClock;
  let events: BusRecorder;
  let runtime: TriggerRuntime;
  const typeOf = (m: { json: unknown }) => (m.json as { type: string; triggerId: string });

  beforeAll(async () => {
    fx = await TriggerFixture.start();
    clock = new ShiftedClock(REGULAR_AT);
    runtime = await fx.runtime('solo', clock);
    gateway = await fx.bus('gateway');
    orders = await fx.bus('order-service');
    events = await fx.recorder();
  });
  afterAll(async () => fx.stop());

  it('trigger-service does not fire on a stale farm, reports waiting-fresh-data, and fires on the next fresh tick', async () => {
    const cmd = armCommand({ conId: 3001 as ConId, level: 50 });
    await orders.request(Contracts.ArmTrigger, cmd);
    await events.waitFor((m) => typeOf(m).type === 'armed' && typeOf(m).triggerId === cmd.triggerId);
    await fx.evaluating(runtime, cmd.triggerId);
    publishTick(gateway, tick(3001, clock.now(), { last: 49 }, 1));
    gateway.publish(Contracts.FeedState, { feed: 'usopt', stale: true, code: 2103, message: 'farm broken', at: clock.now() });

    publishTick(gateway, tick(3001, clock.now(), { last: 51 }, 2)); // crosses, but the farm is stale
    await events.waitFor((m) => typeOf(m).type === 'status-changed' && typeOf(m).triggerId === cmd.triggerId);
    const listed = await orders.request(Contracts.ListTriggers, { conId: 3001, includeFinished: false });
    gateway.publish(Contracts.FeedState, { feed: 'usopt', stale: false, code: 2104, message: 'farm ok', at: clock.now() });
    await gateway.nc.flush();
    publishTick(gateway, tick(3001, clock.now(), { last: 52 }, 3));
    const fired = await events.waitFor((m) => typeOf(m).type === 'fired' && typeOf(m).triggerId === cmd.triggerId);

    expect(listed).toMatchObject({ ok: true, value: { triggers: [{ status: 'waiting-fresh-data', statusReason: expect.stringContaining('usopt') }] } });
    expect(fired.json).toMatchObject({ tick: { price: 52, seq: 3 } });
    expect(events.messages.filter((m) => typeOf(m).triggerId === cmd.triggerId && typeOf(m).type === 'status-changed').map((m) => (m.json as { status: string }).status)).toEqual(['waiting-fresh-data', 'armed']);
  });

  it('trigger-service does not fire on a tick older than the configured age, and fires on the next fresh one', async () => {
    const cmd = armCommand({ conId: 3002 as ConId, direction: 'below', level: 10 });
    await orders.request(Contracts.ArmTrigger, cmd);
    await events.waitFor((m) => typeOf(m).type === 'armed' && typeOf(m).triggerId === cmd.triggerId);
    await fx.evaluating(runtime, cmd.triggerId);

    publishTick(gateway, tick(3002, clock.now() - 10_000, { last: 9 }, 1));
    await events.waitFor((m) => typeOf(m).type === 'status-changed' && typeOf(m).triggerId === cmd.triggerId);
    publishTick(gateway, tick(3002, clock.now(), { last: 9.5 }, 2));
    const fired = await events.waitFor((m) => typeOf(m).type === 'fired' && typeOf(m).triggerId === cmd.triggerId);

    expect(fired.json).toMatchObject({ tick: { price: 9.5, seq: 2 } });
  });

  it('trigger-service fires extended-hours triggers on premarket ticks with session=premarket and leaves regular-only triggers armed', async () => {
    const regular = armCommand({ conId: 3003 as ConId, level: 20, sessionScope: 'regular' });
    const extended = armCommand({ conId: 3003 as ConId, level: 20, sessionScope: 'extended' });
    await orders.request(Contracts.ArmTrigger, regular);
    await orders.request(Contracts.ArmTrigger, extended);
    await events.waitFor((m) => typeOf(m).type === 'armed' && typeOf(m).triggerId === extended.triggerId);
    await fx.evaluating(runtime, extended.triggerId);

    clock.jumpTo(PREMARKET_AT);
    publishTick(gateway, tick(3003, clock.now(), { last: 21 }, 1));
    const fired = await events.waitFor((m) => typeOf(m).type === 'fired' && typeOf(m).triggerId === extended.triggerId);
    const listed = await orders.request(Contracts.ListTriggers, { conId: 3003, includeFinished: false });
    clock.jumpTo(REGULAR_AT);
    publishTick(gateway, tick(3003, clock.now(), { last: 21 }, 2));
    const regularFired = await events.waitFor((m) => typeOf(m).type === 'fired' && typeOf(m).triggerId === regular.triggerId);

    expect(fired.json).toMatchObject({ session: 'premarket', tick: { price: 21 } });
    expect(listed).toMatchObject({ ok: true, value: { triggers: [{ triggerId: regular.triggerId, status: 'armed' }] } });
    expect(regularFired.json).toMatchObject({ session: 'regular', tick: { seq: 2 } });
  });
});
