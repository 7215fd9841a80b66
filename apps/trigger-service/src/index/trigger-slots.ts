import type { TriggerId } from '@arctrigger/contracts';
import type { IndexedTrigger, ScopeCode, SourceCode } from './indexed-trigger';

const SOURCE_MASK = 0b011;
const SCOPE_BIT = 0b100;
const ABOVE_BIT = 0b1000;
const INITIAL_CAPACITY = 1_024;

/**
 * The armed triggers of the index as a struct of arrays: a trigger is a slot number (a small
 * integer) and its fields live in typed arrays indexed by that number — about 40 bytes of numbers
 * per trigger instead of an object with boxed doubles and a header. The only string, the trigger
 * id, is referenced (not copied) from a plain array the hot path never reads: it is looked at when
 * a trigger fires or is removed, never while a tick walks the books.
 *
 * Slots are reused through a free list; the arrays grow by doubling (arming is rare next to ticking).
 */
export class TriggerSlots {
  /** Price level (the books are sorted by it). */
  level = new Float64Array(INITIAL_CAPACITY);
  /** Insertion order: breaks ties between equal levels so the order of a book is total. */
  seq = new Float64Array(INITIAL_CAPACITY);
  /** Tick time at which the condition started to hold (time confirmation). */
  since = new Float64Array(INITIAL_CAPACITY);
  /** Instrument (conIds are positive integers of any size: a double holds them exactly). */
  conId = new Float64Array(INITIAL_CAPACITY);
  /** Milliseconds in condition required (0 = none; the contract caps it at 600,000). */
  confirmMs = new Uint32Array(INITIAL_CAPACITY);
  /** Consecutive ticks in condition seen while awaiting confirmation. */
  streak = new Uint32Array(INITIAL_CAPACITY);
  /** Consecutive ticks in condition required (0 = none; the contract caps it at 100). */
  confirmTicks = new Uint8Array(INITIAL_CAPACITY);
  /** Source (bits 0-1), scope (bit 2), direction ABOVE (bit 3). */
  flags = new Uint8Array(INITIAL_CAPACITY);
  /** Trigger id per slot, referenced from the trigger's record; undefined when the slot is free. */
  readonly id: Array<TriggerId | undefined> = [];
  private readonly free: number[] = [];
  private used = 0;

  get capacity(): number {
    return this.level.length;
  }

  /** Takes a slot and fills it from `t`; `seq` orders equal levels. */
  alloc(t: IndexedTrigger, seq: number): number {
    const slot = this.free.length > 0 ? (this.free.pop() as number) : this.used++;
    if (slot >= this.capacity) this.grow();
    this.id[slot] = t.id;
    this.conId[slot] = t.conId;
    this.level[slot] = t.level;
    this.seq[slot] = seq;
    this.since[slot] = 0;
    this.streak[slot] = 0;
    this.confirmMs[slot] = t.confirmMs;
    this.confirmTicks[slot] = t.confirmTicks;
    this.flags[slot] = t.source | (t.scope === 1 ? SCOPE_BIT : 0) | (t.above ? ABOVE_BIT : 0);
    return slot;
  }

  release(slot: number): void {
    this.id[slot] = undefined;
    this.free.push(slot);
  }

  source(slot: number): SourceCode {
    return ((this.flags[slot] as number) & SOURCE_MASK) as SourceCode;
  }

  scope(slot: number): ScopeCode {
    return ((this.flags[slot] as number) & SCOPE_BIT ? 1 : 0);
  }

  above(slot: number): boolean {
    return ((this.flags[slot] as number) & ABOVE_BIT) !== 0;
  }

  /** Ladder slot of an instrument: source × 2 + scope. */
  ladderOf(slot: number): number {
    const f = this.flags[slot] as number;
    return (f & SOURCE_MASK) * 2 + (f & SCOPE_BIT ? 1 : 0);
  }

  /** Strict crossing: equality never fires. */
  holds(slot: number, price: number): boolean {
    const level = this.level[slot] as number;
    return (this.flags[slot] as number) & ABOVE_BIT ? price > level : price < level;
  }

  /** True when a trigger in condition has waited long enough (or needs no confirmation). */
  confirmed(slot: number, time: number): boolean {
    const ticks = this.confirmTicks[slot] as number;
    if (ticks > 0) return (this.streak[slot] as number) >= ticks;
    const ms = this.confirmMs[slot] as number;
    if (ms > 0) return time - (this.since[slot] as number) >= ms;
    return true;
  }

  /** A plain copy of a slot's trigger (not the hot path). */
  view(slot: number): IndexedTrigger {
    return {
      id: this.id[slot] as TriggerId,
      conId: this.conId[slot] as number,
      source: this.source(slot),
      scope: this.scope(slot),
      above: this.above(slot),
      level: this.level[slot] as number,
      confirmTicks: this.confirmTicks[slot] as number,
      confirmMs: this.confirmMs[slot] as number,
    };
  }

  private grow(): void {
    const n = this.capacity * 2;
    this.level = grown(this.level, new Float64Array(n));
    this.seq = grown(this.seq, new Float64Array(n));
    this.since = grown(this.since, new Float64Array(n));
    this.conId = grown(this.conId, new Float64Array(n));
    this.confirmMs = grown(this.confirmMs, new Uint32Array(n));
    this.streak = grown(this.streak, new Uint32Array(n));
    this.confirmTicks = grown(this.confirmTicks, new Uint8Array(n));
    this.flags = grown(this.flags, new Uint8Array(n));
  }
}

function grown<T extends Float64Array | Uint32Array | Uint8Array>(from: T, to: T): T {
  to.set(from);
  return to;
}
