import { conditionHolds, confirmed, type FiredBuffer, type IndexedTrigger } from './indexed-trigger';
import { TriggerBook } from './trigger-book';

/**
 * All armed triggers of one instrument × price source × session scope: a book per direction and
 * the triggers that are in condition but still awaiting confirmation (N ticks or T ms).
 *
 * Every trigger in a book is out of condition at the last evaluated price; every trigger in
 * `pending` was in condition at it. So a tick costs O(1 + k + p): the crossed tails of both books
 * plus the pending list (p triggers already in condition — they are "firing").
 */
export class PriceLadder {
  readonly above = new TriggerBook(-1);
  readonly below = new TriggerBook(1);
  readonly pending: IndexedTrigger[] = [];

  get size(): number {
    return this.above.size + this.below.size + this.pending.length;
  }

  /** Evaluates one price at `time`; fired triggers leave the ladder and are appended to `out`. */
  evaluate(price: number, time: number, out: FiredBuffer): void {
    if (this.pending.length > 0) this.evaluatePending(price, time, out);
    this.drain(this.above, price, time, out);
    this.drain(this.below, price, time, out);
  }

  /** Adds a trigger; when `price` is given (the last fresh price) it is evaluated at once. */
  add(t: IndexedTrigger, price: number | undefined, time: number, out: FiredBuffer): void {
    if (price !== undefined && conditionHolds(t, price)) {
      this.enterCondition(t, price, time, out);
      return;
    }
    (t.above ? this.above : this.below).insert(t);
  }

  remove(t: IndexedTrigger): boolean {
    if ((t.above ? this.above : this.below).remove(t)) return true;
    const at = this.pending.indexOf(t);
    if (at < 0) return false;
    this.pending.splice(at, 1);
    return true;
  }

  /**
   * Time confirmation with no new tick: fires the pending triggers whose T ms have elapsed at
   * `time`, at `price` (the last fresh price, at which they are in condition by the invariant).
   */
  confirmElapsed(price: number, time: number, out: FiredBuffer): void {
    const p = this.pending;
    let kept = 0;
    for (let i = 0; i < p.length; i++) {
      const t = p[i] as IndexedTrigger;
      if (t.confirmMs > 0 && time - t.since >= t.confirmMs && conditionHolds(t, price)) out.push(t, price);
      else p[kept++] = t;
    }
    p.length = kept;
  }

  /** The earliest time-confirmation deadline later than `after`; +∞ when there is none. */
  nextDeadline(after: number): number {
    let next = Infinity;
    for (const t of this.pending) {
      if (t.confirmMs === 0) continue;
      const at = t.since + t.confirmMs;
      if (at > after && at < next) next = at;
    }
    return next;
  }

  /** Appends, changing nothing, the triggers `price` would fire or keep in condition. */
  collectInCondition(price: number, out: FiredBuffer): void {
    for (const t of this.pending) if (conditionHolds(t, price)) out.push(t, price);
    this.above.collectCrossed(price, out);
    this.below.collectCrossed(price, out);
  }

  private drain(book: TriggerBook, price: number, time: number, out: FiredBuffer): void {
    for (let t = book.peekCrossed(price); t !== undefined; t = book.peekCrossed(price)) {
      book.popTail();
      this.enterCondition(t, price, time, out);
    }
  }

  private enterCondition(t: IndexedTrigger, price: number, time: number, out: FiredBuffer): void {
    t.streak = 1;
    t.since = time;
    if (confirmed(t, time)) out.push(t, price);
    else this.pending.push(t);
  }

  private evaluatePending(price: number, time: number, out: FiredBuffer): void {
    const p = this.pending;
    let kept = 0;
    for (let i = 0; i < p.length; i++) {
      const t = p[i] as IndexedTrigger;
      if (!conditionHolds(t, price)) {
        (t.above ? this.above : this.below).insert(t);
        continue;
      }
      t.streak++;
      if (confirmed(t, time)) out.push(t, price);
      else p[kept++] = t;
    }
    p.length = kept;
  }
}
