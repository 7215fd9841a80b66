import type { FiredBuffer } from './fired-buffer';
import type { TriggerSlots } from './trigger-slots';

/**
 * A book: the armed thresholds of one direction for one instrument, price source and scope, kept
 * sorted so that the triggers a price crosses are always a suffix of the array. A book is a plain
 * array of slot numbers (small integers, stored unboxed) into the index's TriggerSlots — no object
 * of its own, so an instrument with few triggers costs little; these functions work on it.
 *
 * With key k = sign × level (sign = -1 for ABOVE, +1 for BELOW) and probe q = sign × price,
 * "price crosses level" is k > q for both directions: ABOVE price > level ⟺ -level > -price;
 * BELOW price < level ⟺ level > price. Sorted ascending by (k, seq), the crossed entries are the
 * tail, so a tick drains them with pop(): O(1 + k), no allocation. Insert and remove find the
 * position by binary search (O(log n)) and shift the array (a memmove; arming is rare next to
 * ticking, and books are short per instrument).
 */
export type BookSign = 1 | -1;

/** The sign of the book a trigger belongs to: -1 for ABOVE, +1 for BELOW. */
export function bookSign(slots: TriggerSlots, slot: number): BookSign {
  return slots.above(slot) ? -1 : 1;
}

export function insertInBook(slots: TriggerSlots, book: number[], sign: BookSign, slot: number): void {
  book.splice(lowerBound(slots, book, sign, sign * (slots.level[slot] as number), slots.seq[slot] as number), 0, slot);
}

/** Removes `slot` (found by its current level and seq); false when it is not in this book. */
export function removeFromBook(slots: TriggerSlots, book: number[], sign: BookSign, slot: number): boolean {
  const at = lowerBound(slots, book, sign, sign * (slots.level[slot] as number), slots.seq[slot] as number);
  if (book[at] !== slot) return false;
  book.splice(at, 1);
  return true;
}

/** The slot at the crossing end, if `price` crosses it; -1 otherwise. */
export function peekCrossed(slots: TriggerSlots, book: number[], sign: BookSign, price: number): number {
  if (book.length === 0) return -1;
  const tail = book[book.length - 1] as number;
  return sign * (slots.level[tail] as number) > sign * price ? tail : -1;
}

/** The level at the crossing end (the one the next tick must beat); `none` when the book is empty. */
export function tailLevel(slots: TriggerSlots, book: number[] | undefined, none: number): number {
  return book !== undefined && book.length > 0 ? (slots.level[book[book.length - 1] as number] as number) : none;
}

/** Appends, without removing them, every trigger `price` crosses (a tick that may not fire). */
export function collectCrossed(slots: TriggerSlots, book: number[], sign: BookSign, price: number, out: FiredBuffer): void {
  const q = sign * price;
  for (let i = book.length - 1; i >= 0; i--) {
    const slot = book[i] as number;
    if (!(sign * (slots.level[slot] as number) > q)) return;
    out.push(slots, slot, price);
  }
}

/** First index whose (key, seq) is >= (key, seq). */
function lowerBound(slots: TriggerSlots, book: number[], sign: BookSign, key: number, seq: number): number {
  const level = slots.level;
  const seqs = slots.seq;
  let lo = 0;
  let hi = book.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const m = book[mid] as number;
    const k = sign * (level[m] as number);
    if (k < key || (k === key && (seqs[m] as number) < seq)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
