import { ConId, ViolationCode, type AuditViolation, type ExternalPosition } from '@arctrigger/contracts';

/** The external positions the auditor holds open: one per contract, from its EXTERNAL_POSITION violations' facts. */
export function externalPositionsOf(violations: readonly AuditViolation[]): ExternalPosition[] {
  return violations
    .filter((v) => v.code === ViolationCode.EXTERNAL_POSITION)
    .map((v) => ({
      conId: ConId.parse(v.facts.conId),
      account: typeof v.facts.account === 'string' ? v.facts.account : '',
      quantity: Number(v.facts.quantity),
      brokerPosition: Number(v.facts.brokerPosition),
      heldByTrades: Number(v.facts.heldByTrades ?? 0),
      avgCost: Number(v.facts.avgCost ?? 0),
      firstSeenAt: v.firstSeenAt,
      lastSeenAt: v.lastSeenAt,
      adoptedAs: null,
    }))
    .sort((a, b) => a.conId - b.conId);
}
