import { Contracts, type ConId, type TriggerFired } from '@arctrigger/contracts';
import type { Bus, TimerHandle } from '@arctrigger/service-kit';
import { eventually, type BusRecorder } from '@arctrigger/testkit';
import { TriggerMetrics } from '../src/app/trigger-metrics';
import type { TriggerRuntime } from '../src/app/trigger-runtime';
import { REGULAR_AT, ShiftedClock, TriggerFixture, armCommand, publishTick, tick } from './support/trigger-fixture';

/**
 * A fire's record (the compare-and-set, then the durable `fired` event) is written
 * TRIGGER_FIRE_RECORD_DELAY_MS after its `trg.firing` notice, behind the order the notice sets
 * off. The wait is held here by the test's clock instead of timed: until it ends, the notice is
 * out, the trigger is still ARMED in KV and no `fired` event exists; when it ends, both are
 * written once. A clean stop writes a waiting record at once.
 */

const RECORD_DELAY_MS = 777;

/** Real time, except the record's wait, which is held until the test releases it. */
class HeldRecordClock extends ShiftedClock {
  readonly held: Array<() => void> = [];
  override setTimer(delayMs: number, callback: () => void): TimerHandle {
    if (delayMs !== RECORD_DELAY_MS) return super.setTimer(delayMs, callback);
    let cancelled = false;
    this.held.push(() => (cancelled ? undefined : callback()));
    return { cancel: () => (cancelled = true) };
  }
}

/** The tick → fired hops the engine records, in ms. */
class RecordedHops extends TriggerMetrics {
  readonly hops: number[] = [];
  override fired(tickReceivedAt: number, now: number): void {
    this.hops.push(now - tickReceivedAt);
    super.fired(tickReceivedAt, now);
  }
}

const typed = (m: { json: unknown }) => m.json as { type: string; triggerId: string };

describe('fire record (in-process, real NATS)', () => {
  let fx: TriggerFixture;
  let gateway: Bus;
  let orders: Bus;
  let clock: HeldRecordClock;
  let events: BusRecorder;
  let notices: BusRecorder;
  let runtime: TriggerRuntime;
  const metrics = new RecordedHops();
  /** The receive time of the last crossing tick sent. */
  let lastTickAt = 0;

  beforeAll(async () => {
    fx = await TriggerFixture.start();
    clock = new HeldRecordClock(REGULAR_AT);
    runtime = await fx.runtime('solo', clock, { TRIGGER_FIRE_RECORD_DELAY_MS: RECORD_DELAY_MS }, metrics);
    gateway = await fx.bus('gateway');
    orders = await fx.bus('order-service');
    events = await fx.recorder();
    notices = await fx.recorder('trg.firing.v1.>');
  });
  afterAll(async () => fx.stop());

  const statusOf = async (tradeId: string) => {
    const listed = await orders.request(Contracts.ListTriggers, { tradeId, includeFinished: true });
    if (!listed.ok) throw new Error(listed.message);
    return listed.value.triggers[0]?.status;
  };

  async function armAndCross(conId: number) {
    const cmd = armCommand({ conId: conId as ConId, level: 100 });
    expect(await orders.request(Contracts.ArmTrigger, cmd)).toMatchObject({ ok: true });
    await fx.evaluating(runtime, cmd.triggerId);
    lastTickAt = clock.now();
    publishTick(gateway, tick(conId, lastTickAt, { last: 100.5 }, 1));
    await notices.waitFor((m) => typed(m).triggerId === cmd.triggerId);
    await eventually(() => clock.held.length === 1, { what: 'the fire waiting for its record' });
    return cmd;
  }

  it('fire record is written only once its wait after the notice ends: ARMED in KV and no fired event until then', async () => {
    const cmd = await armAndCross(4001);
    expect(await statusOf(cmd.owner.tradeId)).toBe('armed');
    expect(events.messages.filter((m) => typed(m).type === 'fired' && typed(m).triggerId === cmd.triggerId)).toHaveLength(0);

    clock.held.shift()!();
    const fired = await events.waitFor((m) => typed(m).type === 'fired' && typed(m).triggerId === cmd.triggerId);
    expect((fired.json as TriggerFired).tick.price).toBe(100.5);
    expect(await statusOf(cmd.owner.tradeId)).toBe('fired');
    expect(notices.messages.filter((m) => typed(m).triggerId === cmd.triggerId)).toHaveLength(1);
    expect(events.messages.filter((m) => typed(m).type === 'fired' && typed(m).triggerId === cmd.triggerId)).toHaveLength(1);
  });

  it('tick → fired hop ends at the notice: the record\'s wait is not in it, and it is recorded once the fire has won', async () => {
    const hopsBefore = metrics.hops.length;
    const cmd = await armAndCross(4003);
    const heardAt = clock.now();
    // The record waits while the clock moves on: 200 ms that the hop must not hold.
    await eventually(() => clock.now() >= heardAt + 200, { what: '200 ms on the clock while the record waits' });
    expect(metrics.hops).toHaveLength(hopsBefore);

    clock.held.shift()!();
    await events.waitFor((m) => typed(m).type === 'fired' && typed(m).triggerId === cmd.triggerId);
    await eventually(() => metrics.hops.length === hopsBefore + 1, { what: 'the fire\'s hop recorded' });
    const hop = metrics.hops[hopsBefore] as number;
    // From the tick's receive time to the notice: the notice was heard at heardAt, before the wait.
    expect(hop).toBeGreaterThanOrEqual(0);
    expect(hop).toBeLessThanOrEqual(heardAt - lastTickAt);
  });

  it('fire record of a fire still waiting is written at once by a clean stop', async () => {
    const cmd = await armAndCross(4002);
    expect(await statusOf(cmd.owner.tradeId)).toBe('armed');

    await fx.stopRuntime(runtime);
    // Written by the stop itself: the held wait was never released.
    expect(clock.held).toHaveLength(1);
    const fired = await events.waitFor((m) => typed(m).type === 'fired' && typed(m).triggerId === cmd.triggerId);
    expect((fired.json as TriggerFired).tick.price).toBe(100.5);
  });
});
