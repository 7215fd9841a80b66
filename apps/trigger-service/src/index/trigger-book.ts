import type { FiredBuffer, IndexedTrigger } from './indexed-trigger';

/**
 * The armed thresholds of one direction for one instrument, price source and scope, kept sorted
 * so that the triggers a price crosses are always a suffix of the array.
 *
 * With key k = sign × level (sign = -1 for ABOVE, +1 for BELOW) and probe q = sign × price,
 * "price crosses level" is k > q for both directions: ABOVE price > level ⟺ -level > -price;
 * BELOW price < level ⟺ level > price. Sorted ascending by (k, seq), the crossed entries are the
 * tail, so a tick drains them with pop(): O(1 + k), no allocation. Insert and remove find the
 * position by binary search (O(log n)) and shift the array (a memmove; arming is rare next to
 * ticking, and books are short per instrument).
 */
export class TriggerBook {
  readonly entries: IndexedTrigger[] = [];

  constructor(private readonly sign: 1 | -1) {}

  get size(): number {
    return this.entries.length;
  }

  insert(t: IndexedTrigger): void {
    const at = this.lowerBound(this.sign * t.level, t.seq);
    this.entries.splice(at, 0, t);
  }

  /** Removes `t` (found by its current level and seq); false when it is not in this book. */
  remove(t: IndexedTrigger): boolean {
    const at = this.lowerBound(this.sign * t.level, t.seq);
    if (this.entries[at] !== t) return false;
    this.entries.splice(at, 1);
    return true;
  }

  /** The trigger at the crossing end, if `price` crosses it; undefined otherwise. */
  peekCrossed(price: number): IndexedTrigger | undefined {
    const e = this.entries;
    const tail = e[e.length - 1];
    return tail !== undefined && this.sign * tail.level > this.sign * price ? tail : undefined;
  }

  popTail(): void {
    this.entries.pop();
  }

  /** Appends, without removing them, every trigger `price` crosses (a tick that may not fire). */
  collectCrossed(price: number, out: FiredBuffer): void {
    const e = this.entries;
    const q = this.sign * price;
    for (let i = e.length - 1; i >= 0; i--) {
      const t = e[i] as IndexedTrigger;
      if (!(this.sign * t.level > q)) return;
      out.push(t, price);
    }
  }

  /** First index whose (key, seq) is >= (key, seq). */
  private lowerBound(key: number, seq: number): number {
    const e = this.entries;
    let lo = 0;
    let hi = e.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const m = e[mid] as IndexedTrigger;
      const k = this.sign * m.level;
      if (k < key || (k === key && m.seq < seq)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
