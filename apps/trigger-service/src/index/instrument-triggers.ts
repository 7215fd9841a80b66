import { SOURCE_COUNT, type FiredBuffer, type IndexedTrigger } from './indexed-trigger';
import { PriceLadder } from './price-ladder';

/** Which scopes a tick's session evaluates: none, extended only, or both. */
export const SessionMask = { NONE: 0, EXTENDED: 2, ALL: 3 } as const;
export type SessionMask = (typeof SessionMask)[keyof typeof SessionMask];

/**
 * One instrument's ladders (source × scope) and its last fresh prices. `last` holds NaN for a
 * source the last tick did not carry; `lastUsable` is false until a fresh tick arrives, and again
 * from the moment the feed goes stale, so a trigger armed meanwhile waits for fresh data.
 */
export class InstrumentTriggers {
  readonly ladders: Array<PriceLadder | undefined> = new Array<PriceLadder | undefined>(SOURCE_COUNT * 2).fill(undefined);
  readonly last = new Float64Array(SOURCE_COUNT).fill(NaN);
  lastTime = 0;
  lastMask: SessionMask = SessionMask.NONE;
  lastUsable = false;
  count = 0;
  /**
   * Per ladder slot, the levels the next tick must beat: [2·slot] = lowest ABOVE level (+∞ when
   * none), [2·slot+1] = highest BELOW level (−∞ when none). One small typed array read per tick
   * instead of chasing ladder → book → entry pointers: the hot path is bound by memory latency.
   */
  readonly bounds = new Float64Array(SOURCE_COUNT * 4).map((_, i) => (i % 2 === 0 ? Infinity : -Infinity));
  /** Bit per slot whose ladder has triggers awaiting confirmation (they see every tick). */
  pendingSlots = 0;

  constructor(readonly conId: number) {}

  /** Evaluates a fresh tick's prices (NaN = source absent) in the scopes `mask` allows. */
  evaluate(values: Float64Array, mask: SessionMask, time: number, out: FiredBuffer): void {
    for (let s = 0; s < SOURCE_COUNT; s++) {
      const price = values[s] as number;
      this.last[s] = price;
      if (price !== price) continue; // NaN: this tick has no such price
      if (mask & 1) this.evaluateSlot(s * 2, price, time, out);
      if (mask & 2) this.evaluateSlot(s * 2 + 1, price, time, out);
    }
    this.lastTime = time;
    this.lastMask = mask;
    this.lastUsable = true;
  }

  /**
   * Time confirmation with no new tick, at `time` in a session allowing `mask`: pending triggers
   * whose T ms have elapsed fire at the last fresh price, if that tick evaluated their scope (so
   * the condition held at it) and nothing made the prices unusable since.
   */
  confirmElapsed(mask: SessionMask, time: number, out: FiredBuffer): void {
    if (!this.lastUsable || this.pendingSlots === 0) return;
    const scopes = mask & this.lastMask;
    for (let slot = 0; slot < SOURCE_COUNT * 2; slot++) {
      if ((this.pendingSlots & (1 << slot)) === 0 || (scopes & (1 << (slot & 1))) === 0) continue;
      const price = this.last[slot >> 1] as number;
      if (price !== price) continue;
      (this.ladders[slot] as PriceLadder).confirmElapsed(price, time, out);
      this.refresh(slot);
    }
  }

  /** The earliest deadline later than `after` of a trigger that time confirmation could fire; +∞ if none. */
  nextDeadline(after: number): number {
    if (!this.lastUsable || this.pendingSlots === 0) return Infinity;
    let next = Infinity;
    for (let slot = 0; slot < SOURCE_COUNT * 2; slot++) {
      if ((this.pendingSlots & (1 << slot)) === 0 || (this.lastMask & (1 << (slot & 1))) === 0) continue;
      next = Math.min(next, (this.ladders[slot] as PriceLadder).nextDeadline(after));
    }
    return next;
  }

  /** Appends, changing nothing, the triggers a tick's prices would fire or keep in condition. */
  collectInCondition(values: Float64Array, mask: SessionMask, out: FiredBuffer): void {
    const b = this.bounds;
    for (let slot = 0; slot < SOURCE_COUNT * 2; slot++) {
      if ((mask & (1 << (slot & 1))) === 0) continue;
      const price = values[slot >> 1] as number;
      if (price !== price) continue;
      if (!(price > (b[slot * 2] as number) || price < (b[slot * 2 + 1] as number) || (this.pendingSlots & (1 << slot)) !== 0)) continue;
      (this.ladders[slot] as PriceLadder).collectInCondition(price, out);
    }
  }

  add(t: IndexedTrigger, out: FiredBuffer): void {
    const slot = t.source * 2 + t.scope;
    const ladder = (this.ladders[slot] ??= new PriceLadder());
    ladder.add(t, this.lastPriceFor(t), this.lastTime, out);
    this.refresh(slot);
    this.count++;
  }

  remove(t: IndexedTrigger): boolean {
    const slot = t.source * 2 + t.scope;
    const removed = this.ladders[slot]?.remove(t) ?? false;
    if (removed) {
      this.count--;
      this.refresh(slot);
    }
    return removed;
  }

  private evaluateSlot(slot: number, price: number, time: number, out: FiredBuffer): void {
    const b = this.bounds;
    if (!(price > (b[slot * 2] as number) || price < (b[slot * 2 + 1] as number) || (this.pendingSlots & (1 << slot)) !== 0)) return;
    (this.ladders[slot] as PriceLadder).evaluate(price, time, out);
    this.refresh(slot);
  }

  private refresh(slot: number): void {
    const ladder = this.ladders[slot];
    if (!ladder) return;
    const above = ladder.above.entries;
    const below = ladder.below.entries;
    this.bounds[slot * 2] = above.length > 0 ? (above[above.length - 1] as IndexedTrigger).level : Infinity;
    this.bounds[slot * 2 + 1] = below.length > 0 ? (below[below.length - 1] as IndexedTrigger).level : -Infinity;
    if (ladder.pending.length > 0) this.pendingSlots |= 1 << slot;
    else this.pendingSlots &= ~(1 << slot);
  }

  /** Every trigger of this instrument (books and pending). */
  *all(): Iterable<IndexedTrigger> {
    for (const ladder of this.ladders) {
      if (!ladder) continue;
      yield* ladder.above.entries;
      yield* ladder.below.entries;
      yield* ladder.pending;
    }
  }

  /** The last fresh price a newly added trigger is evaluated against, if its scope was active. */
  private lastPriceFor(t: IndexedTrigger): number | undefined {
    if (!this.lastUsable || (this.lastMask & (1 << t.scope)) === 0) return undefined;
    const price = this.last[t.source] as number;
    return price === price ? price : undefined;
  }
}
