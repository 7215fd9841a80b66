import type { AuditViolation } from '@arctrigger/contracts';
import type { Finding } from '../src/checks/audit-check';
import { backoffMs, planPass, repairDue, RESOLVED_RETENTION_MS } from '../src/ledger/violation-ledger';

const NOW = 1_700_000_000_000;

function finding(key: string, over: Partial<Finding> = {}): Finding {
  return { key, code: 'STOP_MISSING', message: `${key} broken`, facts: { tradeId: 't1' }, repair: 'rearm-stop', confirmPasses: 1, ...over };
}

/** Applies a plan's writes and forgets to a ledger, as the runner does. */
function apply(ledger: Map<string, AuditViolation>, plan: ReturnType<typeof planPass>): Map<string, AuditViolation> {
  const next = new Map(ledger);
  for (const w of plan.writes) next.set(w.key, w);
  for (const k of plan.forgets) next.delete(k);
  return next;
}

const attempted = (v: AuditViolation, done: boolean, at: number): AuditViolation => ({ ...v, attempts: v.attempts + 1, repair: { ...v.repair!, done, outcome: 'x' }, nextAttemptAt: at });

describe('violation ledger', () => {
  it('violation ledger opens a one-pass finding at once, with its repair due', () => {
    const plan = planPass(new Map(), [finding('a')], NOW);
    expect(plan.events.map((e) => [e.violation.key, e.change])).toEqual([['a', 'opened']]);
    expect(plan.repairsDue.map((v) => v.key)).toEqual(['a']);
    expect(plan.writes[0]).toMatchObject({ status: 'open', sightings: 1, attempts: 0, firstSeenAt: NOW, repair: { kind: 'rearm-stop', done: false } });
  });

  it('violation ledger waits for the second pass in a row of a two-pass finding', () => {
    const first = planPass(new Map(), [finding('m', { repair: 'ask-broker', confirmPasses: 2 })], NOW);
    expect(first.events).toEqual([]);
    expect(first.repairsDue).toEqual([]);
    expect(first.writes[0]).toMatchObject({ status: 'suspected', sightings: 1 });
    const second = planPass(apply(new Map(), first), [finding('m', { repair: 'ask-broker', confirmPasses: 2 })], NOW + 5_000);
    expect(second.events.map((e) => e.change)).toEqual(['opened']);
    expect(second.repairsDue.map((v) => v.key)).toEqual(['m']);
  });

  it('violation ledger forgets a suspected finding not seen again (a fill in flight settled)', () => {
    const first = planPass(new Map(), [finding('m', { confirmPasses: 2 })], NOW);
    const second = planPass(apply(new Map(), first), [], NOW + 5_000);
    expect(second).toMatchObject({ forgets: ['m'], events: [], repairsDue: [] });
  });

  it('violation ledger never repairs a re-armed stop twice, across any number of passes', () => {
    let ledger = apply(new Map(), planPass(new Map(), [finding('a')], NOW));
    ledger.set('a', attempted(ledger.get('a')!, true, NOW + 2_000));
    for (let pass = 1; pass <= 5; pass++) {
      const plan = planPass(ledger, [finding('a')], NOW + pass * 60_000);
      expect(plan.repairsDue).toEqual([]);
      expect(plan.events).toEqual([]);
      ledger = apply(ledger, plan);
    }
  });

  it('violation ledger tries a failed repair again only once its backoff has passed', () => {
    const ledger = apply(new Map(), planPass(new Map(), [finding('a')], NOW));
    ledger.set('a', attempted(ledger.get('a')!, false, NOW + 2_000));
    expect(planPass(ledger, [finding('a')], NOW + 1_999).repairsDue).toEqual([]);
    expect(planPass(ledger, [finding('a')], NOW + 2_000).repairsDue.map((v) => v.key)).toEqual(['a']);
  });

  it('violation ledger keeps asking the broker, with backoff, while an unknown outcome lasts', () => {
    const f = finding('u', { code: 'STUCK_TRANSIENT', repair: 'ask-broker' });
    const ledger = apply(new Map(), planPass(new Map(), [f], NOW));
    ledger.set('u', attempted(ledger.get('u')!, true, NOW + 4_000));
    expect(planPass(ledger, [f], NOW + 3_999).repairsDue).toEqual([]);
    expect(planPass(ledger, [f], NOW + 4_000).repairsDue.map((v) => v.key)).toEqual(['u']);
  });

  it('violation ledger flags once and never acts again on a flagged violation', () => {
    const f = finding('x', { code: 'EXTERNAL_POSITION', repair: 'flag' });
    const ledger = apply(new Map(), planPass(new Map(), [f], NOW));
    expect(planPass(new Map(), [f], NOW).repairsDue.map((v) => v.key)).toEqual(['x']);
    ledger.set('x', attempted(ledger.get('x')!, false, NOW + 2_000));
    expect(planPass(ledger, [f], NOW + 3_600_000).repairsDue).toEqual([]);
  });

  it('violation ledger resolves an open violation no longer found, and forgets it a day later', () => {
    const ledger = apply(new Map(), planPass(new Map(), [finding('a')], NOW));
    const gone = planPass(ledger, [], NOW + 5_000);
    expect(gone.events.map((e) => [e.violation.key, e.change, e.violation.resolvedAt])).toEqual([['a', 'resolved', NOW + 5_000]]);
    const resolved = apply(ledger, gone);
    expect(planPass(resolved, [], NOW + 5_000 + RESOLVED_RETENTION_MS).forgets).toEqual([]);
    expect(planPass(resolved, [], NOW + 5_001 + RESOLVED_RETENTION_MS).forgets).toEqual(['a']);
  });

  it('violation ledger opens a resolved violation again as a new one when it comes back', () => {
    const ledger = apply(new Map(), planPass(new Map(), [finding('a')], NOW));
    const resolved = apply(ledger, planPass(ledger, [], NOW + 5_000));
    const back = planPass(resolved, [finding('a')], NOW + 10_000);
    expect(back.events.map((e) => e.change)).toEqual(['opened']);
    expect(back.writes[0]).toMatchObject({ attempts: 0, firstSeenAt: NOW + 10_000, resolvedAt: null });
  });

  it('violation ledger backoff doubles from its base up to its maximum', () => {
    expect([1, 2, 3, 4, 8].map((n) => backoffMs(n, 1_000, 5_000))).toEqual([1_000, 2_000, 4_000, 5_000, 5_000]);
    expect(repairDue({ ...planPass(new Map(), [finding('a')], NOW).writes[0]!, status: 'open' }, NOW)).toBe(true);
  });
});
