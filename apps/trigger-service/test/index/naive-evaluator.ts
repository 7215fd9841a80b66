import { Session } from '@arctrigger/contracts';
import { SOURCE_COUNT } from '../../src/index/indexed-trigger';

/** A trigger as the reference model sees it. */
export interface NaiveTrigger {
  id: string;
  conId: number;
  source: number;
  scope: number;
  above: boolean;
  level: number;
  confirmTicks: number;
  confirmMs: number;
}

interface State extends NaiveTrigger {
  inCondition: boolean;
  streak: number;
  since: number;
}

interface LastTick {
  values: number[];
  session: Session;
  time: number;
  usable: boolean;
}

const scopeActive = (session: Session, scope: number) =>
  session === Session.REGULAR || (scope === 1 && (session === Session.PREMARKET || session === Session.AFTER_HOURS));

/**
 * The obviously-correct reference: on every tick, scan every armed trigger. The property test
 * checks the index fires exactly what this fires, step by step.
 */
export class NaiveEvaluator {
  private readonly triggers = new Map<string, State>();
  private readonly last = new Map<number, LastTick>();

  add(t: NaiveTrigger): string[] {
    this.triggers.delete(t.id);
    const s: State = { ...t, inCondition: false, streak: 0, since: 0 };
    this.triggers.set(t.id, s);
    const last = this.last.get(t.conId);
    if (!last || !last.usable || !scopeActive(last.session, t.scope)) return [];
    const price = last.values[t.source] as number;
    if (Number.isNaN(price)) return [];
    return this.step(s, price, last.time) ? [t.id] : [];
  }

  modify(id: string, level: number): string[] {
    const t = this.triggers.get(id);
    if (!t) return [];
    return this.add({ ...t, level });
  }

  remove(id: string): void {
    this.triggers.delete(id);
  }

  stale(conId: number): void {
    const last = this.last.get(conId);
    if (last) last.usable = false;
  }

  /** A tick that may not fire (stale): which triggers it would have fired or kept in condition. */
  heldBy(conId: number, bid: number, ask: number, lastPrice: number, session: Session): string[] {
    const values = [lastPrice, bid, ask, (bid + ask) / 2];
    const held: string[] = [];
    for (const t of this.triggers.values()) {
      if (t.conId !== conId || !scopeActive(session, t.scope)) continue;
      const price = values[t.source] as number;
      if (!Number.isNaN(price) && (t.above ? price > t.level : price < t.level)) held.push(t.id);
    }
    return held;
  }

  /**
   * Time passes to `time` (in `session`) with no tick: a T-ms trigger fires when it has been in
   * condition for T ms and its condition held at the instrument's last fresh tick.
   */
  elapse(conId: number, time: number, session: Session): string[] {
    const last = this.last.get(conId);
    if (!last || !last.usable) return [];
    const fired: string[] = [];
    for (const t of [...this.triggers.values()]) {
      if (t.conId !== conId || t.confirmMs === 0 || !t.inCondition || time - t.since < t.confirmMs) continue;
      if (!scopeActive(session, t.scope) || !scopeActive(last.session, t.scope)) continue;
      const price = last.values[t.source] as number;
      if (Number.isNaN(price) || !(t.above ? price > t.level : price < t.level)) continue;
      this.triggers.delete(t.id);
      fired.push(t.id);
    }
    return fired;
  }

  tick(conId: number, bid: number, ask: number, lastPrice: number, session: Session, time: number): string[] {
    const values = [lastPrice, bid, ask, (bid + ask) / 2];
    this.last.set(conId, { values, session, time, usable: true });
    const fired: string[] = [];
    for (const t of [...this.triggers.values()]) {
      if (t.conId !== conId || !scopeActive(session, t.scope)) continue;
      const price = values[t.source] as number;
      if (Number.isNaN(price)) continue;
      if (this.step(t, price, time)) fired.push(t.id);
    }
    return fired;
  }

  private step(t: State, price: number, time: number): boolean {
    const holds = t.above ? price > t.level : price < t.level;
    if (!holds) {
      t.inCondition = false;
      return false;
    }
    if (t.inCondition) t.streak++;
    else {
      t.inCondition = true;
      t.streak = 1;
      t.since = time;
    }
    const ok = t.confirmTicks > 0 ? t.streak >= t.confirmTicks : t.confirmMs > 0 ? time - t.since >= t.confirmMs : true;
    if (ok) this.triggers.delete(t.id);
    return ok;
  }
}

export const SOURCES = SOURCE_COUNT;
