import type { TimerHandle } from '@arctrigger/service-kit';
import type { TradeId, TradeView, TriggerFiring } from '@arctrigger/contracts';
import { abandonPreparation, prepareEntry, type PreparingEntry } from './entry-preparation';
import type { TradeContext } from './trade-context';

interface Pending {
  readonly tradeId: TradeId;
  /** The trade's revision the preparation was made from: a changed trade is prepared again. */
  readonly revision: number;
  readonly prepared: PreparingEntry;
  readonly timer: TimerHandle;
}

/**
 * Entry preparations (quote, price, size, risk check) started on a trigger's `trg.firing` notice,
 * while the trigger-service is still deciding the fire. The `fired` event takes the one for its
 * trigger; nothing is stored before it does. A preparation no `fired` takes within
 * `FIRING_CONFIRM_TIMEOUT_MS` (the fire lost: the trigger was disarmed or changed first) is given up
 * and its risk reservation released, in the trade's queue, so a later preparation of the same
 * entry (same checkId) never races that release.
 */
export class FiringPreparations {
  private readonly pending = new Map<string, Pending>();

  /** A regular-hours entry fire of an ARMED trade is prepared now; anything else waits for `fired`. */
  onFiring(ctx: TradeContext, notice: TriggerFiring): void {
    if (notice.owner.purpose !== 'entry' || notice.session !== 'regular' || this.pending.has(notice.triggerId)) return;
    const view = ctx.store.get(notice.owner.tradeId);
    if (!view || view.state !== 'ARMED' || view.entryTriggerId !== notice.triggerId) return;
    const prepared = prepareEntry(ctx, view);
    // Whoever claims it sees a failure; unclaimed, it must not surface as an unhandled rejection.
    prepared.priced.catch(() => undefined);
    prepared.decided.catch(() => undefined);
    const timer = ctx.clock.setTimer(ctx.config.FIRING_CONFIRM_TIMEOUT_MS, () => {
      void ctx.queue.run(view.tradeId, () => this.giveUp(ctx, notice.triggerId)).catch((error: unknown) =>
        ctx.logger.warn({ err: error, tradeId: view.tradeId }, 'giving up an unconfirmed firing failed; the reservation expires at the risk-service'));
    });
    this.pending.set(notice.triggerId, { tradeId: view.tradeId, revision: view.revision, prepared, timer });
  }

  /**
   * The entry's preparation for this fire: the one started on its notice when the trade is still
   * as it was then, else a new one (a stale one is given up first: its reservation is released
   * before the new check is asked).
   */
  claim(ctx: TradeContext, view: TradeView, triggerId: string): PreparingEntry {
    const p = this.pending.get(triggerId);
    if (!p) return prepareEntry(ctx, view);
    this.pending.delete(triggerId);
    p.timer.cancel();
    if (p.revision === view.revision) return p.prepared;
    const fresh = p.prepared.decided.then((stale) => abandonPreparation(ctx, stale, p.tradeId)).then(() => prepareEntry(ctx, view));
    return { priced: fresh.then((f) => f.priced), decided: fresh.then((f) => f.decided) };
  }

  private async giveUp(ctx: TradeContext, triggerId: string): Promise<void> {
    const p = this.pending.get(triggerId);
    if (!p) return;
    this.pending.delete(triggerId);
    await abandonPreparation(ctx, await p.prepared.decided, p.tradeId);
  }
}
