import type { AuditCheck, AuditInputs, Finding } from './audit-check';
import { externalPositionCheck } from './external-position.check';
import { orphanBrokerOrderCheck } from './orphan-broker-order.check';
import { positionMismatchCheck } from './position-mismatch.check';
import { stopMissingCheck } from './stop-missing.check';
import { stuckTransientCheck } from './stuck-transient.check';

/** The invariants one audit pass checks, most urgent first (an unguarded position is money at risk now). */
export const AUDIT_CHECKS: readonly AuditCheck[] = [
  stopMissingCheck,
  stuckTransientCheck,
  positionMismatchCheck,
  externalPositionCheck,
  orphanBrokerOrderCheck,
];

/** Every finding of every check. */
export function runChecks(inputs: AuditInputs, checks: readonly AuditCheck[] = AUDIT_CHECKS): Finding[] {
  return checks.flatMap((c) => c.evaluate(inputs));
}
