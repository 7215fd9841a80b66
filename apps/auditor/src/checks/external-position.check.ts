import { RepairKind, ViolationCode } from '@arctrigger/contracts';
import type { AuditCheck, Finding } from './audit-check';
import { heldByTrades } from './held-by-trades';

/**
 * External positions: the broker holds a contract that no trade of ArcTrigger holds (bought by
 * hand, by another client, or left over). Shown and alerted, never traded automatically. Seen on
 * two passes in a row, so a fill still on its way to a trade is not taken for one.
 */
export const externalPositionCheck: AuditCheck = {
  name: 'external-position',
  evaluate({ trades, broker }) {
    if (!broker) return [];
    const held = heldByTrades(trades);
    const findings: Finding[] = [];
    for (const p of broker.positions) {
      if (p.position === 0 || held.has(p.conId)) continue;
      findings.push({
        key: `EXTERNAL_POSITION:${p.conId}`,
        code: ViolationCode.EXTERNAL_POSITION,
        message: `the broker holds ${p.position} of contract ${p.conId} that no ArcTrigger trade holds: shown as external, not traded automatically`,
        facts: { conId: p.conId, account: p.account, brokerPosition: p.position, heldByTrades: 0, quantity: p.position, avgCost: p.avgCost },
        repair: RepairKind.FLAG,
        confirmPasses: 2,
      });
    }
    return findings;
  },
};
