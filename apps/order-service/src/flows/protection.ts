import { AlertCode, AlertSeverity, TriggerId, type TradeId } from '@arctrigger/contracts';
import type { AlertPublisher, Clock } from '@arctrigger/service-kit';
import type { Logger } from 'pino';
import { autoTakeProfitLevel } from '../domain/exits/exit-quantity';
import { protectable } from '../domain/lifecycle/trade-state-sets';
import { stopDirectionFor } from '../domain/protection/stop-level';
import { isUnprotected } from '../domain/protection/unprotected';
import type { TradeScheduler } from '../ports/trade-scheduler.port';
import type { TradeStorePort } from '../ports/trade-store.port';
import type { TriggerPort } from '../ports/trigger.port';
import type { ProtectiveStop } from './protective-stop';

export interface ProtectionDeps {
  trades: TradeStorePort;
  triggers: TriggerPort;
  scheduler: TradeScheduler;
  guard: ProtectiveStop;
  clock: Clock;
  logger: Logger;
  alerts: Pick<AlertPublisher, 'raise'>;
  /** A filled position must have its stop armed within this time of the first fill. */
  deadlineMs: number;
}

/** How often protecting is tried again while the stop trigger cannot be armed. */
const RETRY_MS = 200;

/**
 * The protection invariant: once anything has filled, the stop trigger on the underlying is armed
 * (trigger − offset for calls, + offset for puts; regular hours; fires at once if already
 * crossed), retried until it holds and alerted when the deadline passes without it; the automatic
 * take-profit is armed beside it when the trade asks for one; the broker-side protective stop is
 * kept in step.
 */
export class Protection {
  constructor(private readonly d: ProtectionDeps) {}

  async protect(id: TradeId): Promise<void> {
    const { trades, triggers, scheduler, clock, guard } = this.d;
    const view = trades.get(id);
    if (!view || view.openQuantity <= 0 || !protectable(view.state)) return;
    let stopTriggerId = view.stopTriggerId;
    let takeProfitTriggerId = view.takeProfitTriggerId;
    if (!stopTriggerId && view.stopLevel !== null && view.closing === null) {
      const triggerId = TriggerId.parse(`${id}-s${view.revision + 1}`);
      const reply = await triggers.arm({
        triggerId, owner: { tradeId: id, purpose: 'stop' }, conId: view.underConId!, priceSource: view.spec.trigger.source,
        direction: stopDirectionFor(view.spec.right), level: view.stopLevel, sessionScope: 'regular', ifMetOnArm: 'fire',
      });
      if (!reply.ok) {
        // Recorded once per distinct reason: the retries every 200 ms would flood the audit log.
        const reason = `stop trigger not armed: ${reply.code} ${reply.message}`;
        if (view.reason !== reason) await trades.appendIfAllowed(id, 'protection-failed', { reason });
        scheduler.at(id, 'protect', clock.now() + RETRY_MS, () => this.protect(id));
        // The broker-side backstop matters most while the stop trigger cannot be armed.
        await guard.ensure(id);
        return;
      }
      stopTriggerId = triggerId;
    }
    const autoPct = view.spec.takeProfit.autoPercent;
    if (autoPct && !takeProfitTriggerId && view.avgEntryPrice) {
      const triggerId = TriggerId.parse(`${id}-tp${view.revision + 1}`);
      const reply = await triggers.arm({
        triggerId, owner: { tradeId: id, purpose: 'take-profit' }, conId: view.optionConId!, priceSource: 'bid', direction: 'above',
        level: autoTakeProfitLevel(view.avgEntryPrice, autoPct), sessionScope: 'regular', ifMetOnArm: 'fire',
      });
      if (reply.ok) takeProfitTriggerId = triggerId;
    }
    const changed = stopTriggerId !== view.stopTriggerId || takeProfitTriggerId !== view.takeProfitTriggerId;
    if (changed || (view.state === 'OPEN' && stopTriggerId)) {
      await trades.appendIfAllowed(id, 'protected', { stopTriggerId, stopLevel: view.stopLevel, takeProfitTriggerId });
    }
    await guard.ensure(id);
  }

  /**
   * The protection invariant's deadline: `deadlineMs` after the first fill (or after `windowFrom`,
   * a restart) the position must have its stop. If it has not, the miss is alerted at once (error
   * log) and recorded on the trade as `protection-overdue` (the console shows it); protect() keeps
   * retrying meanwhile.
   */
  scheduleDeadline(id: TradeId, firstFillAt: number, windowFrom: number = firstFillAt): void {
    const { trades, scheduler, clock, logger, alerts, deadlineMs } = this.d;
    scheduler.at(id, 'protection-deadline', Math.max(windowFrom + deadlineMs, clock.now()), async () => {
      const v = trades.get(id);
      if (!v || !isUnprotected(v) || v.protectionOverdueAt !== null) return;
      logger.error({ tradeId: id, openQuantity: v.openQuantity, deadlineMs }, 'ALERT: filled position not protected in time');
      const reason = `no stop ${deadlineMs} ms after the first fill${v.reason ? ` (${v.reason})` : ''}; retrying`;
      await trades.appendIfAllowed(id, 'protection-overdue', { deadlineMs, firstFillAt, reason });
      await alerts.raise({
        code: AlertCode.PROTECTION_OVERDUE, severity: AlertSeverity.CRITICAL, dedupKey: `${AlertCode.PROTECTION_OVERDUE}:${id}`,
        message: `Trade ${id} holds ${v.openQuantity} ${v.spec.symbol} contract(s) with no stop ${deadlineMs} ms after its first fill; the service keeps trying.`,
        facts: { tradeId: id, symbol: v.spec.symbol, openQuantity: v.openQuantity, stopLevel: v.stopLevel, deadlineMs, firstFillAt, reason },
      });
    });
  }
}
