import type { Session } from '@arctrigger/contracts';
import type { Clock, MarketCalendar, TimerHandle } from '@arctrigger/service-kit';
import type { TriggerIndex } from '../index/trigger-index';

/** What the timers ask of the engine. */
export interface ConfirmationHooks {
  /** Whether `conId` may fire right now: this instance evaluates it and the gateway feed is usable. */
  mayFire(conId: number): boolean;
  /** `index.fired` holds triggers that time confirmation fired on `conId` at `time`, in `session`. */
  fired(conId: number, time: number, session: Session): void;
}

interface ScheduledTimer {
  at: number;
  handle: TimerHandle;
}

/**
 * Time confirmation (`confirmation.ms`) without waiting for a tick: per instrument, one timer on
 * the injected Clock at the earliest deadline of its triggers awaiting confirmation. When it
 * rings, the index fires the triggers whose T ms have elapsed, provided the instrument's last
 * fresh tick still had them in condition and nothing marked its prices stale since; the engine
 * publishes them. The timer always sits at the index's current earliest deadline: a tick that
 * breaks the condition, a disarm or modify, a stale tick or feed, or losing the partition moves
 * or cancels it (`sync` / `cancel`).
 *
 * Hot path: `afterTick` costs one boolean read unless the instrument had or has pending
 * triggers; a timer is only (re)scheduled when the earliest deadline changes.
 */
export class ConfirmationTimers {
  private readonly timers = new Map<number, ScheduledTimer>();

  constructor(
    private readonly index: TriggerIndex,
    private readonly clock: Clock,
    private readonly calendar: MarketCalendar,
    private readonly hooks: ConfirmationHooks,
  ) {}

  /** Instruments with a timer scheduled. */
  get size(): number {
    return this.timers.size;
  }

  /** When the timer of `conId` rings (undefined: none scheduled). */
  scheduledAt(conId: number): number | undefined {
    return this.timers.get(conId)?.at;
  }

  /**
   * After `index.onTick(conId, …)`: follows the instrument's earliest deadline. An instrument with
   * a timer had pending triggers at its last sync, and only ticks, arms, modifies and rings change
   * them (each followed by a sync), so no pending before or after the tick means nothing to do.
   */
  afterTick(conId: number): void {
    if (this.index.pendingOnLastTick) this.sync(conId);
  }

  /**
   * Puts the timer of `conId` at the earliest deadline later than `after` (cancels it when there
   * is none). `after` skips deadlines a ring already judged and left to the next tick (a trigger
   * whose session is not open now), so a timer never rings twice for the same deadline.
   */
  sync(conId: number, after = Number.NEGATIVE_INFINITY): void {
    const at = this.index.nextConfirmAt(conId, after);
    const current = this.timers.get(conId);
    if (current?.at === at) return;
    current?.handle.cancel();
    this.timers.delete(conId);
    if (at === Infinity) return;
    const timer: ScheduledTimer = { at, handle: { cancel: () => undefined } };
    timer.handle = this.clock.setTimer(at - this.clock.now(), () => this.ring(conId, timer));
    this.timers.set(conId, timer);
  }

  cancel(conId: number): void {
    this.timers.get(conId)?.handle.cancel();
    this.timers.delete(conId);
  }

  cancelAll(): void {
    for (const t of this.timers.values()) t.handle.cancel();
    this.timers.clear();
  }

  private ring(conId: number, timer: ScheduledTimer): void {
    if (this.timers.get(conId) !== timer) return; // replaced or cancelled meanwhile
    this.timers.delete(conId);
    // Not now (feed stale, partition gone): the next fresh tick evaluates the pending triggers and re-syncs.
    if (!this.hooks.mayFire(conId)) return;
    const now = this.clock.now();
    const session = this.calendar.sessionAt(now);
    if (this.index.onTime(conId, now, session) > 0) this.hooks.fired(conId, now, session);
    this.sync(conId, now);
  }
}
