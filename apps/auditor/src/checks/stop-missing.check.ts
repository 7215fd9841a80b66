import { RepairKind, ViolationCode } from '@arctrigger/contracts';
import type { AuditCheck, Finding } from './audit-check';
import { hasLiveStop, triggersById, workingRefs } from './live-stop';

/** States in which a trade holds contracts and must be guarded (a full close in progress excepted). */
const HOLDING = new Set<string>(['PARTIALLY_FILLED', 'OPEN', 'PROTECTED', 'EXITING']);

/**
 * (a) Every trade holding contracts has a live stop within the protection deadline: its stop
 * trigger armed, or its broker protective stop working. A trade that waives its stop, or is
 * closing in full, asks for none. Repair: the order-service protects the trade again.
 */
export const stopMissingCheck: AuditCheck = {
  name: 'stop-missing',
  evaluate({ now, trades, triggers, broker, bounds }) {
    const byId = triggersById(triggers);
    const working = workingRefs(broker);
    const findings: Finding[] = [];
    for (const v of trades) {
      if (!HOLDING.has(v.state) || v.openQuantity <= 0 || v.stopLevel === null || v.closing !== null) continue;
      const since = v.firstFillAt ?? v.updatedAt;
      if (now - since < bounds.protectionDeadlineMs) continue;
      if (hasLiveStop(v, byId, working)) continue;
      const trigger = v.stopTriggerId ? byId.get(v.stopTriggerId) : undefined;
      findings.push({
        key: `STOP_MISSING:${v.tradeId}:${v.stopTriggerId ?? 'none'}`,
        code: ViolationCode.STOP_MISSING,
        message: `trade ${v.tradeId} holds ${v.openQuantity} contract(s) with no live stop (stop trigger ${v.stopTriggerId ?? 'none'} ${trigger?.status ?? 'not armed'})`,
        facts: {
          tradeId: v.tradeId, state: v.state, openQuantity: v.openQuantity, optionConId: v.optionConId, stopLevel: v.stopLevel,
          stopTriggerId: v.stopTriggerId, triggerStatus: trigger?.status ?? null, firstFillAt: v.firstFillAt,
        },
        repair: RepairKind.REARM_STOP,
        confirmPasses: 1,
      });
    }
    return findings;
  },
};
