import { z } from 'zod';
import { EpochMs } from '../core/common';
import { enumOf } from '../core/enums';

/**
 * What the invariant auditor checks, one stable code per invariant. Each names a condition that
 * leaves money at risk or the books wrong; docs/architecture.md ("The invariant auditor") says
 * what each means and what is repaired.
 */
export const ViolationCode = {
  /** A trade holds contracts and has no live stop (no armed stop trigger, no working protective stop) past the protection deadline. */
  STOP_MISSING: 'STOP_MISSING',
  /** A working order at the broker belongs to no live leg of any trade. */
  ORPHAN_BROKER_ORDER: 'ORPHAN_BROKER_ORDER',
  /** ArcTrigger's open quantity in a contract differs from the broker's position on two passes in a row. */
  POSITION_MISMATCH: 'POSITION_MISMATCH',
  /** A trade stays in a transient state (submitting, outcome unknown, exiting, an order being sent) beyond its bound. */
  STUCK_TRANSIENT: 'STUCK_TRANSIENT',
  /** The broker holds a position in a contract no trade of ArcTrigger holds. */
  EXTERNAL_POSITION: 'EXTERNAL_POSITION',
} as const;
export type ViolationCode = (typeof ViolationCode)[keyof typeof ViolationCode];

/** What the auditor did about a violation. */
export const RepairKind = {
  /** Asked the order-service to protect the trade again (trade.cmd.ensure-protection). */
  REARM_STOP: 'rearm-stop',
  /** Asked the broker again (a reconciliation at the gateway): the outcome is settled by the broker, never by re-sending. */
  ASK_BROKER: 'ask-broker',
  /** Nothing automatic is safe: a person must decide (alerted). */
  FLAG: 'flag',
} as const;
export type RepairKind = (typeof RepairKind)[keyof typeof RepairKind];

export const ViolationStatus = {
  /** Seen once; a check that needs two passes in a row (in-flight fills settle) waits for the second before acting. */
  SUSPECTED: 'suspected',
  /** Seen, repair taken (or flagged); still present on the last pass. */
  OPEN: 'open',
  /** No longer seen: repaired, or settled on its own. */
  RESOLVED: 'resolved',
} as const;
export type ViolationStatus = (typeof ViolationStatus)[keyof typeof ViolationStatus];

/** The repair taken for a violation, and its outcome. */
export const ViolationRepair = z.object({
  kind: enumOf(RepairKind),
  /** What was done, or why nothing was: a sentence an operator understands. */
  outcome: z.string().max(500),
  /** True when the repair was carried out (asked and answered), false when it failed or was only flagged. */
  done: z.boolean(),
});
export type ViolationRepair = z.infer<typeof ViolationRepair>;

/**
 * One violation of an invariant, as the auditor records it. `key` is stable for one condition
 * (code + what it is about), so a violation seen on many passes — or by an auditor restarted in
 * between — is one record, acted on once.
 */
export const AuditViolation = z.object({
  key: z.string().min(1).max(256),
  code: enumOf(ViolationCode),
  status: enumOf(ViolationStatus),
  /** The facts: trade, contract, quantities, order refs, ages — whatever the code needs. */
  facts: z.record(z.string(), z.json()),
  /** One sentence a trader understands. */
  message: z.string().min(1).max(1_000),
  repair: ViolationRepair.nullable(),
  /** Passes in a row that saw it. */
  sightings: z.number().int().positive(),
  /** How many times the repair was attempted (settling an unknown outcome asks again with backoff). */
  attempts: z.number().int().nonnegative(),
  /** When the next attempt may be made (backoff), or null when none is due. */
  nextAttemptAt: EpochMs.nullable(),
  firstSeenAt: EpochMs,
  lastSeenAt: EpochMs,
  resolvedAt: EpochMs.nullable(),
});
export type AuditViolation = z.infer<typeof AuditViolation>;

/** A violation event on the bus: found (`opened`), repaired again (`repaired`) or gone (`resolved`). */
export const AuditViolationEvent = AuditViolation.extend({
  change: z.enum(['opened', 'repaired', 'resolved']),
  /** The pass that saw it (auditor instance and pass number). */
  pass: z.number().int().nonnegative(),
  at: EpochMs,
});
export type AuditViolationEvent = z.infer<typeof AuditViolationEvent>;

/** `audit.query.violations.v1`: the open (and optionally resolved) violations. */
export const ListViolationsQuery = z.object({ includeResolved: z.boolean().default(false) });
export type ListViolationsQuery = z.infer<typeof ListViolationsQuery>;
export const ViolationList = z.object({ violations: z.array(AuditViolation), lastPassAt: EpochMs.nullable() });
export type ViolationList = z.infer<typeof ViolationList>;
