import { Contracts, type ConId } from '@arctrigger/contracts';
import { ManualClock, type Bus } from '@arctrigger/service-kit';
import { eventually, type BusRecorder } from '@arctrigger/testkit';
import type { TriggerRuntime } from '../src/app/trigger-runtime';
import { REGULAR_AT, TriggerFixture, armCommand, publishTick, tick } from './support/trigger-fixture';

type Evt = { type: string; triggerId: string };
const evt = (m: { json: unknown }) => m.json as Evt;

/**
 * A runtime on a ManualClock over a real nats-server: time moves only when the test says so
 * (advances stay well below the lease TTL, so the heartbeats that ring meanwhile just renew).
 */
describe('trigger-service time confirmation (ManualClock, real NATS)', () => {
  let fx: TriggerFixture;
  let gateway: Bus;
  let orders: Bus;
  let clock: ManualClock;
  let runtime: TriggerRuntime;
  let events: BusRecorder;

  beforeAll(async () => {
    fx = await TriggerFixture.start();
    clock = new ManualClock(REGULAR_AT);
    // The fire's record is written at once: a wait on this clock would last until the test moves time.
    runtime = await fx.runtime('manual', clock, { TRIGGER_FIRE_RECORD_DELAY_MS: 0 });
    gateway = await fx.bus('gateway');
    orders = await fx.bus('order-service');
    events = await fx.recorder();
  });
  afterAll(async () => fx.stop());

  const ticksSeen = (n: number) => eventually(() => (runtime.engine.counters.ticks >= n ? true : undefined), { what: `${n} ticks processed` });

  it('trigger-service fires a T-ms trigger when T elapses with no further tick, with the last tick and the deadline as its start', async () => {
    const cmd = armCommand({ conId: 8001 as ConId, level: 50, confirmation: { ms: 500 } });
    await orders.request(Contracts.ArmTrigger, cmd);
    await events.waitFor((m) => evt(m).type === 'armed' && evt(m).triggerId === cmd.triggerId);
    await fx.evaluating(runtime, cmd.triggerId);
    const ticksBefore = runtime.engine.counters.ticks;
    const crossedAt = clock.now();
    publishTick(gateway, tick(8001, crossedAt, { last: 50.5 }, 11));
    await ticksSeen(ticksBefore + 1);

    const scheduledAt = runtime.engine.confirmations.scheduledAt(8001);
    clock.advance(499);
    const armedAt499 = runtime.engine.index.has(cmd.triggerId);
    clock.advance(1);
    const fired = await events.waitFor((m) => evt(m).type === 'fired' && evt(m).triggerId === cmd.triggerId);

    expect(scheduledAt).toBe(crossedAt + 500);
    expect(armedAt499).toBe(true);
    expect(fired.json).toMatchObject({ level: 50, session: 'regular', at: crossedAt + 500, tick: { price: 50.5, seq: 11, receivedAt: crossedAt } });
    const traceId = /^00-([0-9a-f]{32})-/.exec(fired.headers.traceparent ?? '')?.[1];
    const span = await eventually(() => fx.spans.getFinishedSpans().find((s) => s.name === 'trigger fire' && s.spanContext().traceId === traceId), { what: 'the fire span' });
    expect(span.startTime[0] * 1000 + span.startTime[1] / 1e6).toBeCloseTo(crossedAt + 500, 0);
    expect(events.messages.filter((m) => evt(m).type === 'fired' && evt(m).triggerId === cmd.triggerId)).toHaveLength(1);
  });

  it('trigger-service cancels the confirmation timer when a tick breaks the condition, and confirms again from the next crossing', async () => {
    const cmd = armCommand({ conId: 8002 as ConId, direction: 'below', level: 20, confirmation: { ms: 400 } });
    await orders.request(Contracts.ArmTrigger, cmd);
    await events.waitFor((m) => evt(m).type === 'armed' && evt(m).triggerId === cmd.triggerId);
    await fx.evaluating(runtime, cmd.triggerId);
    const ticksBefore = runtime.engine.counters.ticks;
    publishTick(gateway, tick(8002, clock.now(), { last: 19.9 }, 1));
    await ticksSeen(ticksBefore + 1);
    const timerWhileInCondition = runtime.engine.confirmations.scheduledAt(8002);
    clock.advance(300);
    publishTick(gateway, tick(8002, clock.now(), { last: 20.1 }, 2)); // breaks the condition
    await ticksSeen(ticksBefore + 2);

    const timerAfterBreak = runtime.engine.confirmations.scheduledAt(8002);
    clock.advance(300); // past the first deadline
    const stillArmed = runtime.engine.index.has(cmd.triggerId);
    const recrossedAt = clock.now();
    publishTick(gateway, tick(8002, recrossedAt, { last: 19.5 }, 3));
    await ticksSeen(ticksBefore + 3);
    clock.advance(400);
    const fired = await events.waitFor((m) => evt(m).type === 'fired' && evt(m).triggerId === cmd.triggerId);

    expect(timerWhileInCondition).toBeDefined();
    expect(timerAfterBreak).toBeUndefined();
    expect(stillArmed).toBe(true);
    expect(fired.json).toMatchObject({ tick: { price: 19.5, seq: 3 }, at: recrossedAt + 400 });
  });

  it('trigger-service cancels the confirmation timer when the trigger is disarmed', async () => {
    const cmd = armCommand({ conId: 8003 as ConId, level: 10, confirmation: { ms: 400 } });
    await orders.request(Contracts.ArmTrigger, cmd);
    await events.waitFor((m) => evt(m).type === 'armed' && evt(m).triggerId === cmd.triggerId);
    await fx.evaluating(runtime, cmd.triggerId);
    const ticksBefore = runtime.engine.counters.ticks;
    publishTick(gateway, tick(8003, clock.now(), { last: 10.5 }, 1));
    await ticksSeen(ticksBefore + 1);
    const timerBefore = runtime.engine.confirmations.scheduledAt(8003);

    await orders.request(Contracts.DisarmTrigger, { triggerId: cmd.triggerId });
    await eventually(() => (runtime.engine.index.has(cmd.triggerId) ? undefined : true), { what: 'the disarm reaching the owner' });
    const timerAfter = runtime.engine.confirmations.scheduledAt(8003);

    expect(timerBefore).toBeDefined();
    expect(timerAfter).toBeUndefined();
  });

  it('trigger-service cancels the confirmation timers of a partition it loses', async () => {
    const cmd = armCommand({ conId: 8004 as ConId, level: 10, confirmation: { ms: 400 } });
    await orders.request(Contracts.ArmTrigger, cmd);
    await events.waitFor((m) => evt(m).type === 'armed' && evt(m).triggerId === cmd.triggerId);
    await fx.evaluating(runtime, cmd.triggerId);
    const ticksBefore = runtime.engine.counters.ticks;
    publishTick(gateway, tick(8004, clock.now(), { last: 10.5 }, 1));
    await ticksSeen(ticksBefore + 1);
    const timerBefore = runtime.engine.confirmations.scheduledAt(8004);

    runtime.engine.lost(runtime.engine.partitionOf(8004)); // what the lease fencing calls

    expect(timerBefore).toBeDefined();
    expect(runtime.engine.confirmations.scheduledAt(8004)).toBeUndefined();
    expect(runtime.engine.index.has(cmd.triggerId)).toBe(false);
  });
});
