import type { Session, TriggerId } from '@arctrigger/contracts';
import { ManualClock, MarketCalendar } from '@arctrigger/service-kit';
import { ConfirmationTimers } from '../../src/app/confirmation-timers';
import { ScopeCode, SourceCode, type IndexedTrigger } from '../../src/index/indexed-trigger';
import { TriggerIndex } from '../../src/index/trigger-index';

/** 10:00 US/Eastern on a Tuesday: regular session. */
const REGULAR_AT = Date.parse('2026-03-10T14:00:00Z');
/** 15:59:59 US/Eastern the same day: one second before the regular close. */
const BEFORE_CLOSE = Date.parse('2026-03-10T19:59:59Z');
const CON = 7;

interface Fired {
  time: number;
  session: Session;
  ids: string[];
  prices: number[];
}

function trigger(id: string, over: Partial<IndexedTrigger> = {}): IndexedTrigger {
  return {
    id: id as TriggerId,
    conId: CON,
    source: SourceCode.last,
    scope: ScopeCode.regular,
    above: true,
    level: 100,
    confirmTicks: 0,
    confirmMs: 1_000,
    ...over,
  };
}

/** The engine's use of the timers, minus NATS: ticks go through the index, then `afterTick`. */
function harness(start = REGULAR_AT) {
  const clock = new ManualClock(start);
  const calendar = new MarketCalendar();
  const index = new TriggerIndex();
  const fired: Fired[] = [];
  const tickFired: string[] = [];
  const state = { mayFire: true };
  const timers = new ConfirmationTimers(index, clock, calendar, {
    mayFire: () => state.mayFire,
    fired: (_conId, time, session) => {
      const f = index.fired;
      fired.push({ time, session, ids: f.ids.slice(0, f.count), prices: f.prices.slice(0, f.count) });
    },
  });
  const tick = (last: number) => {
    const n = index.onTick(CON, NaN, NaN, last, calendar.sessionAt(clock.now()), clock.now());
    for (let i = 0; i < n; i++) tickFired.push(index.fired.ids[i] as string);
    timers.afterTick(CON);
  };
  const add = (t: IndexedTrigger) => {
    index.add(t);
    timers.sync(CON);
  };
  return { clock, index, timers, fired, tickFired, state, tick, add };
}

describe('confirmation timers', () => {
  it('confirmation timers fire a T-ms trigger when T elapses with no further tick', () => {
    const h = harness();
    h.add(trigger('a'));
    h.tick(100.5); // condition starts to hold

    h.clock.advance(999);
    const before = h.fired.length;
    h.clock.advance(1);

    expect(before).toBe(0);
    expect(h.fired).toEqual([{ time: REGULAR_AT + 1_000, session: 'regular', ids: ['a'], prices: [100.5] }]);
    expect(h.index.has('a')).toBe(false);
    expect(h.timers.size).toBe(0);
    expect(h.clock.pendingTimers()).toBe(0);
  });

  it('confirmation timers count T from the first tick in condition when more ticks in condition arrive', () => {
    const h = harness();
    h.add(trigger('a'));
    h.tick(101);
    h.clock.advance(400);
    h.tick(102);
    h.clock.advance(599);
    const before = h.fired.length;
    h.clock.advance(1);

    expect(before).toBe(0);
    expect(h.fired).toEqual([{ time: REGULAR_AT + 1_000, session: 'regular', ids: ['a'], prices: [102] }]);
  });

  it('confirmation timers cancel the timer when a tick breaks the condition', () => {
    const h = harness();
    h.add(trigger('a'));
    h.tick(101);
    h.clock.advance(500);
    h.tick(100); // equality: no longer in condition

    h.clock.advance(5_000);

    expect(h.fired).toEqual([]);
    expect(h.clock.pendingTimers()).toBe(0);
    expect(h.index.has('a')).toBe(true);
  });

  it('confirmation timers cancel the timer when the trigger is disarmed', () => {
    const h = harness();
    h.add(trigger('a'));
    h.tick(101);
    h.index.remove('a');
    h.timers.sync(CON);

    h.clock.advance(5_000);

    expect(h.fired).toEqual([]);
    expect(h.clock.pendingTimers()).toBe(0);
  });

  it('confirmation timers cancel the timer when a modify moves the level out of condition', () => {
    const h = harness();
    h.add(trigger('a'));
    h.tick(101);
    h.index.modify('a', 105);
    h.timers.sync(CON);

    h.clock.advance(5_000);

    expect(h.fired).toEqual([]);
    expect(h.timers.scheduledAt(CON)).toBeUndefined();
    expect(h.index.has('a')).toBe(true);
  });

  it('confirmation timers move the timer to the next deadline when the earliest trigger fires', () => {
    const h = harness();
    h.add(trigger('fast', { confirmMs: 300 }));
    h.add(trigger('slow', { confirmMs: 800, level: 99 }));
    h.tick(101);

    h.clock.advance(300);
    const next = h.timers.scheduledAt(CON);
    h.clock.advance(500);

    expect(next).toBe(REGULAR_AT + 800);
    expect(h.fired.map((f) => [f.time - REGULAR_AT, f.ids])).toEqual([
      [300, ['fast']],
      [800, ['slow']],
    ]);
  });

  it('confirmation timers do not fire while the feed is stale, and the next fresh tick decides', () => {
    const h = harness();
    h.add(trigger('a'));
    h.tick(101);
    h.state.mayFire = false;

    h.clock.advance(2_000);
    const whileStale = h.fired.length;
    const pendingWhileStale = h.clock.pendingTimers();
    h.state.mayFire = true;
    h.tick(101.5);

    expect(whileStale).toBe(0);
    expect(pendingWhileStale).toBe(0);
    expect(h.tickFired).toEqual(['a']);
  });

  it('confirmation timers cancel the timer when a stale tick marks the prices unusable', () => {
    const h = harness();
    h.add(trigger('a'));
    h.tick(101);
    h.index.markStale(CON);
    h.timers.cancel(CON);
    h.timers.sync(CON); // what any later arm or modify on the instrument does

    h.clock.advance(5_000);

    expect(h.fired).toEqual([]);
    expect(h.clock.pendingTimers()).toBe(0);
  });

  it('confirmation timers leave a regular-hours trigger to the next regular tick when its deadline falls after the close', () => {
    const h = harness(BEFORE_CLOSE);
    h.add(trigger('a', { confirmMs: 5_000 }));
    h.tick(101);

    h.clock.advance(5_000); // 16:00:04: after-hours
    const afterClose = { fired: h.fired.length, timers: h.clock.pendingTimers() };
    h.clock.advance(60_000);

    expect(afterClose).toEqual({ fired: 0, timers: 0 });
    expect(h.fired).toEqual([]);
    expect(h.index.has('a')).toBe(true);
  });

  it('confirmation timers fire an extended-hours trigger after the close with the session at the deadline', () => {
    const h = harness(BEFORE_CLOSE);
    h.add(trigger('a', { confirmMs: 5_000, scope: ScopeCode.extended }));
    h.tick(101);

    h.clock.advance(5_000);

    expect(h.fired).toEqual([{ time: BEFORE_CLOSE + 5_000, session: 'after-hours', ids: ['a'], prices: [101] }]);
  });

  it('confirmation timers schedule nothing for tick-count confirmation', () => {
    const h = harness();
    h.add(trigger('a', { confirmMs: 0, confirmTicks: 3 }));
    h.tick(101);

    h.clock.advance(60_000);

    expect(h.clock.pendingTimers()).toBe(0);
    expect(h.fired).toEqual([]);
  });

  it('confirmation timers fire at once when a trigger is armed in condition and the last tick is older than T', () => {
    const h = harness();
    h.tick(101);
    h.clock.advance(3_000);
    h.add(trigger('a'));

    h.clock.advance(0);

    expect(h.fired).toEqual([{ time: REGULAR_AT + 3_000, session: 'regular', ids: ['a'], prices: [101] }]);
  });
});
