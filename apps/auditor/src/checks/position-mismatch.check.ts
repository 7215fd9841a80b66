import { RepairKind, ViolationCode } from '@arctrigger/contracts';
import type { AuditCheck, Finding } from './audit-check';
import { heldByTrades } from './held-by-trades';

/**
 * (c) ArcTrigger's open quantity per contract equals the broker's position. Fills in flight make
 * the two differ for a moment, so only a difference seen on two passes in a row counts. Repair:
 * ask the broker again (a reconciliation publishes executions the trades missed); what is still
 * different after that is for a person. A contract no trade holds is an external position (its
 * own check).
 */
export const positionMismatchCheck: AuditCheck = {
  name: 'position-mismatch',
  evaluate({ trades, broker }) {
    if (!broker) return [];
    const held = heldByTrades(trades);
    const brokerQty = new Map<number, { position: number; account: string }>();
    for (const p of broker.positions) brokerQty.set(p.conId, { position: (brokerQty.get(p.conId)?.position ?? 0) + p.position, account: p.account });
    const findings: Finding[] = [];
    for (const [conId, ours] of held) {
      const theirs = brokerQty.get(conId)?.position ?? 0;
      if (theirs === ours) continue;
      findings.push({
        key: `POSITION_MISMATCH:${conId}`,
        code: ViolationCode.POSITION_MISMATCH,
        message: `contract ${conId}: ArcTrigger's trades hold ${ours}, the broker holds ${theirs}`,
        facts: { conId, heldByTrades: ours, brokerPosition: theirs, difference: theirs - ours },
        repair: RepairKind.ASK_BROKER,
        confirmPasses: 2,
      });
    }
    return findings;
  },
};
