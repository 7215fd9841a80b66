import { Contracts, TriggerStatus, type EventId } from '@arctrigger/contracts';
import type { Bus, Clock } from '@arctrigger/service-kit';
import type { FiredBuffer } from '../index/fired-buffer';
import type { TriggerStore } from './trigger-store';

/**
 * `status-changed` events, kept proportional to what actually happened rather than to the size of
 * the book. A trigger is announced `waiting-fresh-data` only when a tick that may not fire (stale
 * feed, tick too old) would have fired it or kept it in condition — its firing is being held back
 * — once per stale episode; when its instrument's next fresh tick arrives it is announced `armed`
 * again just before that tick evaluates it (unless it left the book meanwhile: fired, disarmed,
 * expired, partition lost — those have events of their own or a new owner).
 *
 * A global change (gateway disconnected, a farm flapping) therefore publishes nothing by itself:
 * it is on `gw.conn.v1` / `gw.feed.v1` already, and `trg.query.list.v1` shows every trigger it
 * blocks as `waiting-fresh-data`. Held triggers are bounded by the triggers near the price — the
 * ones that would have produced `fired` events on a fresh feed.
 */
export class HeldTriggers {
  /** conId → ids announced waiting in the current stale episode of that instrument. */
  private readonly held = new Map<number, Set<string>>();
  private seq = 0;

  constructor(
    private readonly bus: Bus,
    private readonly store: TriggerStore,
    private readonly clock: Clock,
  ) {}

  /** Instruments with announced triggers. */
  get size(): number {
    return this.held.size;
  }

  /** Announces `waiting-fresh-data`, once per episode, for the triggers in `buffer` (held back by a tick of `conId`). */
  hold(conId: number, buffer: FiredBuffer, reason: string): void {
    let ids = this.held.get(conId);
    for (let i = 0; i < buffer.count; i++) {
      const id: string = buffer.ids[i] as string;
      if (ids?.has(id)) continue;
      if (!ids) this.held.set(conId, (ids = new Set()));
      ids.add(id);
      this.publish(id, TriggerStatus.WAITING_FRESH_DATA, reason);
    }
  }

  /** `conId` has a fresh tick again: its announced triggers still in the book are announced `armed`. */
  release(conId: number, book: { has(id: string): boolean }): void {
    const ids = this.held.get(conId);
    if (!ids) return;
    this.held.delete(conId);
    for (const id of ids) if (book.has(id)) this.publish(id, TriggerStatus.ARMED, null);
  }

  /** This instance stops evaluating `conId` (partition lost, no trigger left). */
  forget(conId: number): void {
    this.held.delete(conId);
  }

  private publish(id: string, status: TriggerStatus, reason: string | null): void {
    const rec = this.store.records.get(id)?.value;
    if (!rec) return;
    const at = this.clock.now();
    this.bus.publish(
      Contracts.TriggerEvent,
      { type: 'status-changed', eventId: `${id}:status:${at}:${this.seq++}` as EventId, triggerId: rec.triggerId, owner: rec.owner, at, status, reason },
      { params: { tradeId: rec.owner.tradeId } },
    );
  }
}
