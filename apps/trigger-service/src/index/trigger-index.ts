import { Session } from '@arctrigger/contracts';
import { FiredBuffer } from './fired-buffer';
import { SOURCE_COUNT, type IndexedTrigger } from './indexed-trigger';
import { InstrumentTriggers, SessionMask } from './instrument-triggers';
import { TriggerSlots } from './trigger-slots';

/** Regular ticks evaluate both scopes; premarket and after-hours only extended-hours triggers. */
export function sessionMask(session: Session): SessionMask {
  if (session === Session.REGULAR) return SessionMask.ALL;
  if (session === Session.PREMARKET || session === Session.AFTER_HOURS) return SessionMask.EXTENDED;
  return SessionMask.NONE;
}

/**
 * The in-memory index of armed triggers: per instrument, per price source and session scope, the
 * thresholds sorted per direction (see TriggerBook). Pure code, no I/O, no clock: the caller says
 * whether a tick is fresh, which session it belongs to, and (`onTime`) when time has passed.
 *
 * Semantics ("fires the instant the condition holds"): a trigger fires on the first fresh tick,
 * in its session scope, whose price for its source is strictly beyond its level (ABOVE: price >
 * level, BELOW: price < level), once its confirmation (N consecutive such ticks, or T ms since the
 * first — on a later tick, or by `onTime` with no further tick) is met. A trigger added or modified is evaluated at once against the instrument's last
 * fresh price, so a crossing that happened between "arm" and "indexed" is not missed.
 *
 * A tick never allocates: prices go in through a reused Float64Array and fired triggers out
 * through a reused FiredBuffer. Triggers are stored as a struct of arrays (TriggerSlots): the books
 * hold slot numbers, the id strings are referenced from one array and a map the hot path never
 * touches.
 */
export class TriggerIndex {
  readonly fired = new FiredBuffer();
  /** Output of `collectInCondition`: triggers a tick that may not fire would have fired. */
  readonly held = new FiredBuffer();
  /**
   * After `onTick`: whether that instrument had or has triggers awaiting confirmation (time or
   * ticks), i.e. whether its confirmation deadline may have changed.
   */
  pendingOnLastTick = false;
  readonly slots = new TriggerSlots();
  private readonly instruments = new Map<number, InstrumentTriggers>();
  private readonly byId = new Map<string, number>();
  private readonly values = new Float64Array(SOURCE_COUNT);
  private nextSeq = 0;

  get size(): number {
    return this.byId.size;
  }

  get instrumentCount(): number {
    return this.instruments.size;
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  /** A copy of an armed trigger's fields (not the hot path); undefined when it is not armed here. */
  get(id: string): IndexedTrigger | undefined {
    const slot = this.byId.get(id);
    return slot === undefined ? undefined : this.slots.view(slot);
  }

  /** Triggers armed on an instrument, as copies (for status changes and recovery; not the hot path). */
  *triggersOf(conId: number): Iterable<IndexedTrigger> {
    const inst = this.instruments.get(conId);
    if (inst) for (const slot of inst.all()) yield this.slots.view(slot);
  }

  /** Triggers armed on an instrument. */
  countOf(conId: number): number {
    return this.instruments.get(conId)?.count ?? 0;
  }

  conIds(): IterableIterator<number> {
    return this.instruments.keys();
  }

  /**
   * Evaluates one fresh tick. `bid`, `ask`, `last` are NaN when absent; mid is (bid + ask) / 2
   * when both are present. Returns the number of triggers fired, found in `this.fired`.
   */
  onTick(conId: number, bid: number, ask: number, last: number, session: Session, time: number): number {
    this.fired.clear();
    let inst = this.instruments.get(conId);
    if (inst === undefined) {
      // Only subscribed instruments tick, so this happens once per instrument, not per tick.
      inst = new InstrumentTriggers(conId, this.slots);
      this.instruments.set(conId, inst);
    }
    const v = this.values;
    v[0] = last;
    v[1] = bid;
    v[2] = ask;
    v[3] = (bid + ask) / 2;
    const pendingBefore = inst.pendingSlots !== 0;
    inst.evaluate(v, sessionMask(session), time, this.fired);
    this.pendingOnLastTick = pendingBefore || inst.pendingSlots !== 0;
    if (this.fired.count > 0) this.forgetFired(inst);
    return this.fired.count;
  }

  /**
   * Time passes with no tick: at `time` (in `session`) fires the triggers whose T-ms confirmation
   * has elapsed, provided the instrument's last fresh tick evaluated them in condition and its
   * prices were not marked stale since. Returns the number fired, in `this.fired`.
   */
  onTime(conId: number, time: number, session: Session): number {
    this.fired.clear();
    const inst = this.instruments.get(conId);
    if (inst === undefined) return 0;
    inst.confirmElapsed(sessionMask(session), time, this.fired);
    if (this.fired.count > 0) this.forgetFired(inst);
    return this.fired.count;
  }

  /** When `onTime` could next fire something on `conId`: the earliest deadline later than `after` (+∞: none). */
  nextConfirmAt(conId: number, after: number): number {
    return this.instruments.get(conId)?.nextDeadline(after) ?? Infinity;
  }

  /**
   * For a tick that may not fire (stale feed, too old): the triggers it would have fired or kept
   * in condition, in `this.held`, without changing the index or its last prices.
   */
  collectInCondition(conId: number, bid: number, ask: number, last: number, session: Session): number {
    this.held.clear();
    const inst = this.instruments.get(conId);
    if (inst === undefined) return 0;
    const v = this.values;
    v[0] = last;
    v[1] = bid;
    v[2] = ask;
    v[3] = (bid + ask) / 2;
    inst.collectInCondition(v, sessionMask(session), this.held);
    return this.held.count;
  }

  /** Marks an instrument's last prices unusable (stale feed): new triggers wait for a fresh tick. */
  markStale(conId: number): void {
    const inst = this.instruments.get(conId);
    if (inst) inst.lastUsable = false;
  }

  markAllStale(): void {
    for (const inst of this.instruments.values()) inst.lastUsable = false;
  }

  /**
   * Adds a trigger (its fields are copied; `t` is not kept) and evaluates it against the last
   * fresh price. Returns the number fired (0 or 1, in `this.fired`). Adding an id already present
   * replaces it.
   */
  add(t: IndexedTrigger): number {
    this.fired.clear();
    if (this.byId.has(t.id)) this.remove(t.id);
    const slot = this.slots.alloc(t, this.nextSeq++);
    this.byId.set(t.id, slot);
    return this.place(slot);
  }

  /** Moves a trigger to a new level and re-evaluates it, like add. */
  modify(id: string, level: number): number {
    this.fired.clear();
    const slot = this.byId.get(id);
    if (slot === undefined) return 0;
    this.instruments.get(this.slots.conId[slot] as number)?.remove(slot);
    this.slots.level[slot] = level;
    this.slots.seq[slot] = this.nextSeq++;
    return this.place(slot);
  }

  /** Removes an armed trigger; returns a copy of it, or undefined when it was not armed here. */
  remove(id: string): IndexedTrigger | undefined {
    const slot = this.byId.get(id);
    if (slot === undefined) return undefined;
    const removed = this.slots.view(slot);
    this.instruments.get(removed.conId)?.remove(slot);
    this.byId.delete(id);
    this.slots.release(slot);
    return removed;
  }

  /** Forgets an instrument and its triggers (partition handed over). Returns how many were removed. */
  dropInstrument(conId: number): number {
    const inst = this.instruments.get(conId);
    if (!inst) return 0;
    let removed = 0;
    for (const slot of [...inst.all()]) {
      this.byId.delete(this.slots.id[slot] as string);
      this.slots.release(slot);
      removed++;
    }
    this.instruments.delete(conId);
    return removed;
  }

  /** Puts an allocated slot in its instrument's ladder, evaluated against the last fresh price. */
  private place(slot: number): number {
    const conId = this.slots.conId[slot] as number;
    let inst = this.instruments.get(conId);
    if (!inst) {
      inst = new InstrumentTriggers(conId, this.slots);
      this.instruments.set(conId, inst);
    }
    inst.add(slot, this.fired);
    if (this.fired.count > 0) this.forgetFired(inst);
    return this.fired.count;
  }

  /** Frees the triggers in `this.fired`: they already left their ladder of `inst`. */
  private forgetFired(inst: InstrumentTriggers): void {
    const f = this.fired;
    for (let i = 0; i < f.count; i++) {
      this.byId.delete(f.ids[i] as string);
      this.slots.release(f.slotNumbers[i] as number);
    }
    inst.count -= f.count;
  }
}
