import type { MarketTick, Session } from '@arctrigger/contracts';
import type { FeedHealth } from '../feed/feed-health';
import type { TriggerIndex } from '../index/trigger-index';
import type { ConfirmationTimers } from './confirmation-timers';
import type { HeldTriggers } from './held-triggers';

/**
 * Whether each owned instrument's data may fire triggers, and the bookkeeping when it may not.
 * A tick may fire when the gateway feed is usable and the tick is not older than the limit. A
 * tick that may not fire, or the feed going stale, makes the instrument's last prices unusable
 * (a trigger armed meanwhile is not judged on them), cancels its time-confirmation timer, and
 * lists its triggers as `waiting-fresh-data` until its next fresh tick. Only a stale tick that
 * would have fired triggers is announced on the bus (HeldTriggers), never the global change.
 */
export class InstrumentFreshness {
  /** conId → why its prices are unusable, until its next fresh tick. */
  private readonly stale = new Map<number, string>();

  constructor(
    private readonly index: TriggerIndex,
    private readonly feed: FeedHealth,
    private readonly confirmations: ConfirmationTimers,
    private readonly held: HeldTriggers,
    private readonly maxTickAgeMs: number,
  ) {}

  /** Why an armed trigger on `conId` cannot be evaluated now (its live status reason), or null. */
  reason(conId: number): string | null {
    if (!this.feed.usable) return this.feed.reason;
    return this.stale.get(conId) ?? null;
  }

  /** Whether `tick` may fire triggers at `now`. */
  mayFire(tick: MarketTick, now: number): boolean {
    return this.feed.usable && now - tick.receivedAt <= this.maxTickAgeMs;
  }

  /** A fresh tick arrived, before the index evaluates it: the instrument's held triggers are armed again. */
  onFreshTick(conId: number): void {
    if (this.stale.size > 0) this.stale.delete(conId);
    if (this.held.size > 0) this.held.release(conId, this.index);
  }

  /** A tick that may not fire: the instrument waits for a fresh one; the triggers it would have fired are announced. */
  onStaleTick(tick: MarketTick, session: Session): void {
    const conId = tick.conId;
    const reason = this.feed.reason ?? `tick older than ${this.maxTickAgeMs} ms`;
    this.index.markStale(conId);
    this.confirmations.cancel(conId);
    this.stale.set(conId, reason);
    // A zero bid or ask means no market on that side, as on the fresh path.
    const n = this.index.collectInCondition(conId, tick.bid || NaN, tick.ask || NaN, tick.last || NaN, session);
    if (n > 0) this.held.hold(conId, this.index.held, reason);
  }

  /**
   * The gateway's feed changed (conn / farm). Going stale, every owned instrument waits for its
   * next fresh tick — O(instruments), no event: the change is on the bus already.
   */
  onFeedChanged(): void {
    if (this.feed.usable) return;
    this.index.markAllStale();
    this.confirmations.cancelAll();
    const reason = this.feed.reason ?? 'feed stale';
    for (const conId of this.index.conIds()) this.stale.set(conId, reason);
  }

  /** This instance stops evaluating `conId`. */
  forget(conId: number): void {
    this.stale.delete(conId);
    this.held.forget(conId);
  }
}
