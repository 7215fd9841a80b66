import type { TradeId, TradeView } from '@arctrigger/contracts';
import { appendIfAllowed, type TradeContext } from './trade-context';

/** Whether the position lacks the stop it should have (a waived stop asks for none). */
export function isUnprotected(v: TradeView): boolean {
  return v.openQuantity > 0 && v.stopLevel !== null && v.stopTriggerId === null && v.closing === null && ['PARTIALLY_FILLED', 'OPEN'].includes(v.state);
}

/**
 * The protection invariant's deadline: PROTECTION_DEADLINE_MS after the first fill the position
 * must have its stop. If it has not, the miss is alerted at once (error log) and recorded on the
 * trade as a `protection-overdue` event (the console shows it); protect() keeps retrying meanwhile.
 */
export function scheduleProtectionDeadline(ctx: TradeContext, id: TradeId, firstFillAt: number, windowFrom: number = firstFillAt): void {
  const deadline = windowFrom + ctx.config.PROTECTION_DEADLINE_MS;
  ctx.timers.at(id, 'protection-deadline', Math.max(deadline, ctx.clock.now()), () => {
    const now = ctx.store.get(id);
    if (!now || !isUnprotected(now)) return;
    ctx.logger.error({ tradeId: id, openQuantity: now.openQuantity, deadlineMs: ctx.config.PROTECTION_DEADLINE_MS }, 'ALERT: filled position not protected in time');
    void ctx.queue.run(id, async () => {
      const v = ctx.store.get(id);
      if (!v || !isUnprotected(v) || v.protectionOverdueAt !== null) return;
      const reason = `no stop ${ctx.config.PROTECTION_DEADLINE_MS} ms after the first fill${v.reason ? ` (${v.reason})` : ''}; retrying`;
      await appendIfAllowed(ctx, id, 'protection-overdue', { deadlineMs: ctx.config.PROTECTION_DEADLINE_MS, firstFillAt, reason });
    });
  });
}
