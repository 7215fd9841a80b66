import { RepairKind, ViolationStatus, type AuditViolation } from '@arctrigger/contracts';
import type { Finding } from '../checks/audit-check';

/** A resolved violation is kept (listed, not acted on) this long, then forgotten. */
export const RESOLVED_RETENTION_MS = 24 * 60 * 60 * 1000;

export type ViolationChange = 'opened' | 'repaired' | 'resolved';

/** What one pass changes in the ledger: records to write, keys to forget, events to publish, repairs to make. */
export interface PassPlan {
  readonly writes: AuditViolation[];
  readonly forgets: string[];
  readonly events: Array<{ violation: AuditViolation; change: Exclude<ViolationChange, 'repaired'> }>;
  /** Violations whose repair is due now (the app records the attempt before making it). */
  readonly repairsDue: AuditViolation[];
}

/**
 * The violations' lifecycle, pure: a finding seen for the first time opens a violation — or
 * waits as suspected when its check needs two passes in a row; an open one is acted on once, and
 * again only when its repair is to ask the broker (until the condition settles) or failed, after
 * a doubling backoff; one no longer found is resolved (a suspected one is forgotten). Nothing here
 * acts: the app carries the plan out, so a restart that reloads the ledger never acts twice.
 */
export function planPass(ledger: ReadonlyMap<string, AuditViolation>, findings: readonly Finding[], now: number): PassPlan {
  const writes: AuditViolation[] = [];
  const forgets: string[] = [];
  const events: PassPlan['events'] = [];
  const repairsDue: AuditViolation[] = [];
  const seen = new Set<string>();
  for (const f of findings) {
    if (seen.has(f.key)) continue;
    seen.add(f.key);
    const known = ledger.get(f.key);
    const fresh = !known || known.status === ViolationStatus.RESOLVED;
    const sightings = fresh ? 1 : known.sightings + 1;
    const wasOpen = !fresh && known.status === ViolationStatus.OPEN;
    const opens = !wasOpen && sightings >= f.confirmPasses;
    const base: AuditViolation = fresh
      ? { key: f.key, code: f.code, status: ViolationStatus.SUSPECTED, facts: f.facts, message: f.message, repair: null, attempts: 0, nextAttemptAt: null, sightings, firstSeenAt: now, lastSeenAt: now, resolvedAt: null }
      : { ...known, facts: f.facts, message: f.message, sightings, lastSeenAt: now };
    const next: AuditViolation = opens ? { ...base, status: ViolationStatus.OPEN, repair: { kind: f.repair, outcome: 'not yet attempted', done: false } } : base;
    writes.push(next);
    if (opens) events.push({ violation: next, change: 'opened' });
    if (next.status === ViolationStatus.OPEN && repairDue(next, now)) repairsDue.push(next);
  }
  for (const [key, v] of ledger) {
    if (seen.has(key)) continue;
    if (v.status === ViolationStatus.SUSPECTED) forgets.push(key);
    else if (v.status === ViolationStatus.OPEN) {
      const resolved: AuditViolation = { ...v, status: ViolationStatus.RESOLVED, resolvedAt: now, nextAttemptAt: null };
      writes.push(resolved);
      events.push({ violation: resolved, change: 'resolved' });
    } else if (v.resolvedAt !== null && now - v.resolvedAt > RESOLVED_RETENTION_MS) forgets.push(key);
  }
  return { writes, forgets, events, repairsDue };
}

/** Whether an open violation's repair is to be (re)attempted now. */
export function repairDue(v: AuditViolation, now: number): boolean {
  if (!v.repair || v.repair.kind === RepairKind.FLAG) return v.attempts === 0;
  if (v.attempts === 0) return true;
  // Re-arming is done once; asking the broker goes on (backoff) while the condition lasts; a failed attempt is tried again.
  const again = v.repair.kind === RepairKind.ASK_BROKER || !v.repair.done;
  return again && v.nextAttemptAt !== null && v.nextAttemptAt <= now;
}

/** The wait before the next attempt after `attempts` of them: base × 2^(attempts − 1), at most `maxMs`. */
export function backoffMs(attempts: number, baseMs: number, maxMs: number): number {
  return Math.min(maxMs, baseMs * 2 ** Math.max(0, attempts - 1));
}
