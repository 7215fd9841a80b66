import { RepairKind, ViolationCode, type TradeView } from '@arctrigger/contracts';
import type { AuditBounds, AuditCheck, Finding } from './audit-check';

interface Stuck {
  what: string;
  orderRef: string | null;
  bound: number;
  repair: RepairKind;
}

/** The transient condition a trade is in, if any, with its bound and repair. */
function transientOf(v: TradeView, bounds: AuditBounds): Stuck | undefined {
  if (v.state === 'SUBMITTING' || v.state === 'SUBMIT_UNKNOWN') {
    return { what: v.state, orderRef: v.entryOrder?.orderRef ?? null, bound: bounds.submitBoundMs, repair: RepairKind.ASK_BROKER };
  }
  // An exit or protective stop being sent, or whose placement outcome is unknown.
  const pending = v.exits.find((x) => x.status === 'sending' || x.status === 'unknown');
  if (pending) return { what: `${pending.leg} order ${pending.status}`, orderRef: pending.orderRef, bound: bounds.submitBoundMs, repair: RepairKind.ASK_BROKER };
  if (v.state === 'EXITING') return { what: 'EXITING', orderRef: null, bound: bounds.exitBoundMs, repair: RepairKind.FLAG };
  return undefined;
}

/**
 * (d) No trade stays in a transient state beyond its bound: submitting or outcome unknown (the
 * entry), an exit or protective stop being sent or unknown, or exiting. An unknown outcome is
 * settled by asking the broker again (a reconciliation at the gateway, with backoff until it
 * settles) — never by sending again; an exit that does not finish is for a person.
 */
export const stuckTransientCheck: AuditCheck = {
  name: 'stuck-transient',
  evaluate({ now, trades, bounds }) {
    const findings: Finding[] = [];
    for (const v of trades) {
      const stuck = transientOf(v, bounds);
      if (!stuck) continue;
      const age = now - v.updatedAt;
      if (age < stuck.bound) continue;
      findings.push({
        key: `STUCK_TRANSIENT:${v.tradeId}:${stuck.orderRef ?? v.state}`,
        code: ViolationCode.STUCK_TRANSIENT,
        message: `trade ${v.tradeId} has been ${stuck.what} for ${Math.round(age / 1000)} s (bound ${Math.round(stuck.bound / 1000)} s)`,
        facts: { tradeId: v.tradeId, state: v.state, condition: stuck.what, orderRef: stuck.orderRef, sinceMs: v.updatedAt, ageMs: age, boundMs: stuck.bound },
        repair: stuck.repair,
        confirmPasses: 1,
      });
    }
    return findings;
  },
};
