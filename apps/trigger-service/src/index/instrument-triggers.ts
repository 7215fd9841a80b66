import type { FiredBuffer } from './fired-buffer';
import { SOURCE_COUNT } from './indexed-trigger';
import { collectCrossed, insertInBook, peekCrossed, removeFromBook, tailLevel, type BookSign } from './trigger-book';
import type { TriggerSlots } from './trigger-slots';

/** Which scopes a tick's session evaluates: none, extended only, or both. */
export const SessionMask = { NONE: 0, EXTENDED: 2, ALL: 3 } as const;
export type SessionMask = (typeof SessionMask)[keyof typeof SessionMask];

const LADDERS = SOURCE_COUNT * 2;
const ABOVE: BookSign = -1;
const BELOW: BookSign = 1;

/**
 * One instrument's armed triggers and its last fresh prices. They are split in ladders, one per
 * price source × session scope (ladder = source·2 + scope); a ladder is two books (see
 * trigger-book: ABOVE at books[2·ladder], BELOW at books[2·ladder+1]) and the triggers that are in
 * condition but still awaiting confirmation (`pending[ladder]`). Arrays are created on first use:
 * an instrument with 20 triggers does not pay for 24 empty lists.
 *
 * Every trigger in a book is out of condition at the last evaluated price; every trigger in a
 * pending list was in condition at it. So a tick costs O(1 + k + p) per ladder: the crossed tails
 * of both books plus the pending list (p triggers already in condition — they are "firing").
 *
 * `last` holds NaN for a source the last tick did not carry; `lastUsable` is false until a fresh
 * tick arrives, and again from the moment the feed goes stale, so a trigger armed meanwhile waits
 * for fresh data.
 */
export class InstrumentTriggers {
  readonly books: Array<number[] | undefined> = new Array<number[] | undefined>(LADDERS * 2).fill(undefined);
  readonly pending: Array<number[] | undefined> = new Array<number[] | undefined>(LADDERS).fill(undefined);
  readonly last = new Float64Array(SOURCE_COUNT).fill(NaN);
  lastTime = 0;
  lastMask: SessionMask = SessionMask.NONE;
  lastUsable = false;
  count = 0;
  /**
   * Per ladder, the levels the next tick must beat: [2·ladder] = lowest ABOVE level (+∞ when
   * none), [2·ladder+1] = highest BELOW level (−∞ when none). One small typed array read per tick
   * instead of chasing book → entry pointers: the hot path is bound by memory latency.
   */
  readonly bounds = new Float64Array(LADDERS * 2).map((_, i) => (i % 2 === 0 ? Infinity : -Infinity));
  /** Bit per ladder with triggers awaiting confirmation (they see every tick). */
  pendingSlots = 0;

  constructor(
    readonly conId: number,
    private readonly slots: TriggerSlots,
  ) {}

  /** Evaluates a fresh tick's prices (NaN = source absent) in the scopes `mask` allows. */
  evaluate(values: Float64Array, mask: SessionMask, time: number, out: FiredBuffer): void {
    for (let s = 0; s < SOURCE_COUNT; s++) {
      const price = values[s] as number;
      this.last[s] = price;
      if (price !== price) continue; // NaN: this tick has no such price
      if (mask & 1) this.evaluateLadder(s * 2, price, time, out);
      if (mask & 2) this.evaluateLadder(s * 2 + 1, price, time, out);
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
    const s = this.slots;
    for (let ladder = 0; ladder < LADDERS; ladder++) {
      if ((this.pendingSlots & (1 << ladder)) === 0 || (scopes & (1 << (ladder & 1))) === 0) continue;
      const price = this.last[ladder >> 1] as number;
      if (price !== price) continue;
      const p = this.pending[ladder] as number[];
      let kept = 0;
      for (let i = 0; i < p.length; i++) {
        const slot = p[i] as number;
        const ms = s.confirmMs[slot] as number;
        if (ms > 0 && time - (s.since[slot] as number) >= ms && s.holds(slot, price)) out.push(s, slot, price);
        else p[kept++] = slot;
      }
      p.length = kept;
      this.refresh(ladder);
    }
  }

  /** The earliest deadline later than `after` of a trigger that time confirmation could fire; +∞ if none. */
  nextDeadline(after: number): number {
    if (!this.lastUsable || this.pendingSlots === 0) return Infinity;
    const s = this.slots;
    let next = Infinity;
    for (let ladder = 0; ladder < LADDERS; ladder++) {
      if ((this.pendingSlots & (1 << ladder)) === 0 || (this.lastMask & (1 << (ladder & 1))) === 0) continue;
      for (const slot of this.pending[ladder] as number[]) {
        const ms = s.confirmMs[slot] as number;
        if (ms === 0) continue;
        const at = (s.since[slot] as number) + ms;
        if (at > after && at < next) next = at;
      }
    }
    return next;
  }

  /** Appends, changing nothing, the triggers a tick's prices would fire or keep in condition. */
  collectInCondition(values: Float64Array, mask: SessionMask, out: FiredBuffer): void {
    const b = this.bounds;
    const s = this.slots;
    for (let ladder = 0; ladder < LADDERS; ladder++) {
      if ((mask & (1 << (ladder & 1))) === 0) continue;
      const price = values[ladder >> 1] as number;
      if (price !== price) continue;
      const hasPending = (this.pendingSlots & (1 << ladder)) !== 0;
      if (!(price > (b[ladder * 2] as number) || price < (b[ladder * 2 + 1] as number) || hasPending)) continue;
      if (hasPending) for (const slot of this.pending[ladder] as number[]) if (s.holds(slot, price)) out.push(s, slot, price);
      const above = this.books[ladder * 2];
      const below = this.books[ladder * 2 + 1];
      if (above) collectCrossed(s, above, ABOVE, price, out);
      if (below) collectCrossed(s, below, BELOW, price, out);
    }
  }

  /** Adds the trigger in `slot` (a TriggerSlots slot) and evaluates it against the last fresh price. */
  add(slot: number, out: FiredBuffer): void {
    const ladder = this.slots.ladderOf(slot);
    const price = this.lastPriceFor(slot);
    if (price !== undefined && this.slots.holds(slot, price)) this.enterCondition(ladder, slot, price, this.lastTime, out);
    else this.insert(ladder, slot);
    this.refresh(ladder);
    this.count++;
  }

  remove(slot: number): boolean {
    const ladder = this.slots.ladderOf(slot);
    const above = this.slots.above(slot);
    const book = this.books[ladder * 2 + (above ? 0 : 1)];
    let removed = book !== undefined && removeFromBook(this.slots, book, above ? ABOVE : BELOW, slot);
    if (!removed) {
      const p = this.pending[ladder];
      const at = p ? p.indexOf(slot) : -1;
      if (p && at >= 0) {
        p.splice(at, 1);
        removed = true;
      }
    }
    if (removed) {
      this.count--;
      this.refresh(ladder);
    }
    return removed;
  }

  /** Every trigger slot of this instrument (books and pending). */
  *all(): Iterable<number> {
    for (const book of this.books) if (book) yield* book;
    for (const p of this.pending) if (p) yield* p;
  }

  private evaluateLadder(ladder: number, price: number, time: number, out: FiredBuffer): void {
    const b = this.bounds;
    const hasPending = (this.pendingSlots & (1 << ladder)) !== 0;
    if (!(price > (b[ladder * 2] as number) || price < (b[ladder * 2 + 1] as number) || hasPending)) return;
    if (hasPending) this.evaluatePending(ladder, price, time, out);
    const above = this.books[ladder * 2];
    const below = this.books[ladder * 2 + 1];
    if (above) this.drain(ladder, above, ABOVE, price, time, out);
    if (below) this.drain(ladder, below, BELOW, price, time, out);
    this.refresh(ladder);
  }

  private drain(ladder: number, book: number[], sign: BookSign, price: number, time: number, out: FiredBuffer): void {
    for (let slot = peekCrossed(this.slots, book, sign, price); slot >= 0; slot = peekCrossed(this.slots, book, sign, price)) {
      book.pop();
      this.enterCondition(ladder, slot, price, time, out);
    }
  }

  private enterCondition(ladder: number, slot: number, price: number, time: number, out: FiredBuffer): void {
    const s = this.slots;
    s.streak[slot] = 1;
    s.since[slot] = time;
    if (s.confirmed(slot, time)) out.push(s, slot, price);
    else (this.pending[ladder] ??= []).push(slot);
  }

  private evaluatePending(ladder: number, price: number, time: number, out: FiredBuffer): void {
    const s = this.slots;
    const p = this.pending[ladder] as number[];
    let kept = 0;
    for (let i = 0; i < p.length; i++) {
      const slot = p[i] as number;
      if (!s.holds(slot, price)) {
        this.insert(ladder, slot);
        continue;
      }
      if ((s.streak[slot] as number) < 0xffffffff) s.streak[slot] = (s.streak[slot] as number) + 1;
      if (s.confirmed(slot, time)) out.push(s, slot, price);
      else p[kept++] = slot;
    }
    p.length = kept;
  }

  private insert(ladder: number, slot: number): void {
    const above = this.slots.above(slot);
    insertInBook(this.slots, (this.books[ladder * 2 + (above ? 0 : 1)] ??= []), above ? ABOVE : BELOW, slot);
  }

  private refresh(ladder: number): void {
    const s = this.slots;
    this.bounds[ladder * 2] = tailLevel(s, this.books[ladder * 2], Infinity);
    this.bounds[ladder * 2 + 1] = tailLevel(s, this.books[ladder * 2 + 1], -Infinity);
    if ((this.pending[ladder]?.length ?? 0) > 0) this.pendingSlots |= 1 << ladder;
    else this.pendingSlots &= ~(1 << ladder);
  }

  /** The last fresh price a newly added trigger is evaluated against, if its scope was active. */
  private lastPriceFor(slot: number): number | undefined {
    if (!this.lastUsable || (this.lastMask & (1 << this.slots.scope(slot))) === 0) return undefined;
    const price = this.last[this.slots.source(slot)] as number;
    return price === price ? price : undefined;
  }
}
