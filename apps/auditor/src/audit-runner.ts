import { AlertCode, AlertSeverity, Contracts, ViolationCode, ViolationStatus, type AuditViolation, type ConnectionState } from '@arctrigger/contracts';
import type { AlertPublisher, Bus, Clock, TimerHandle } from '@arctrigger/service-kit';
import type { AuditSources } from './adapters/audit-sources';
import type { Repairs } from './adapters/repairs';
import type { ViolationStore } from './adapters/violation-store';
import type { AuditBounds } from './checks/audit-check';
import { runChecks } from './checks/check-table';
import { backoffMs, planPass, type ViolationChange } from './ledger/violation-ledger';

export interface AuditRunnerDeps {
  readonly bus: Bus;
  readonly clock: Clock;
  readonly sources: AuditSources;
  readonly store: ViolationStore;
  readonly repairs: Repairs;
  readonly alerts: AlertPublisher;
  readonly periodMs: number;
  readonly bounds: AuditBounds;
  readonly retry: { baseMs: number; maxMs: number };
}

/** Which alert a violation raises. */
const ALERT_OF: Record<ViolationCode, { code: AlertCode; severity: 'critical' | 'warning' }> = {
  STOP_MISSING: { code: AlertCode.UNPROTECTED_POSITION, severity: AlertSeverity.CRITICAL },
  EXTERNAL_POSITION: { code: AlertCode.EXTERNAL_POSITION, severity: AlertSeverity.WARNING },
  POSITION_MISMATCH: { code: AlertCode.AUDIT_VIOLATION, severity: AlertSeverity.CRITICAL },
  ORPHAN_BROKER_ORDER: { code: AlertCode.AUDIT_VIOLATION, severity: AlertSeverity.WARNING },
  STUCK_TRANSIENT: { code: AlertCode.AUDIT_VIOLATION, severity: AlertSeverity.WARNING },
};

/**
 * The audit loop: a pass every `periodMs` and one right after every gateway reconnect. A pass
 * reads the trades, triggers and the broker's view, runs the checks, plans the ledger's changes,
 * writes them to KV before anything is published or repaired, then raises the alerts, publishes
 * the events and makes the repairs that are due — recording each attempt before making it. Passes
 * never overlap.
 */
export class AuditRunner {
  private ledger = new Map<string, AuditViolation>();
  private timer: TimerHandle | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = false;
  private lastConnection: string | undefined;
  passes = 0;
  lastPassAt: number | null = null;

  constructor(private readonly d: AuditRunnerDeps) {}

  async start(): Promise<void> {
    this.ledger = await this.d.store.load();
    this.d.bus.subscribe(Contracts.ConnectionState, (s) => this.onConnection(s));
    this.schedule(0);
  }

  stop(): Promise<void> {
    this.stopped = true;
    this.timer?.cancel();
    return this.running ?? Promise.resolve();
  }

  violations(includeResolved: boolean): AuditViolation[] {
    return [...this.ledger.values()].filter((v) => v.status === ViolationStatus.OPEN || (includeResolved && v.status === ViolationStatus.RESOLVED));
  }

  /** Runs a pass now (or right after the one under way). */
  runSoon(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.pass()
      .catch((error: unknown) => this.d.bus.logger.error({ err: error }, 'audit pass failed'))
      .finally(() => {
        this.running = undefined;
        if (this.again && !this.stopped) {
          this.again = false;
          void this.runSoon();
        }
      });
    return this.running;
  }

  private schedule(inMs: number): void {
    if (this.stopped) return;
    this.timer = this.d.clock.setTimer(inMs, () => {
      void this.runSoon().finally(() => this.schedule(this.d.periodMs));
    });
  }

  /** A reconnect may have lost fills, orders or stops: audit at once. */
  private onConnection(s: ConnectionState): void {
    const was = this.lastConnection;
    this.lastConnection = s.status;
    if (s.status === 'connected' && was !== undefined && was !== 'connected') void this.runSoon();
  }

  private async pass(): Promise<void> {
    const { sources, clock, bounds } = this.d;
    const [trades, triggers, broker] = await Promise.all([sources.trades(), sources.triggers(), sources.broker()]);
    if (!trades.ok || !triggers.ok) {
      this.d.bus.logger.warn({ trades: trades.ok || trades.reason, triggers: triggers.ok || triggers.reason }, 'audit pass skipped: trades or triggers unavailable');
      return;
    }
    if (!broker.ok) this.d.bus.logger.info({ reason: broker.reason }, 'audit pass without the broker view');
    const now = clock.now();
    const pass = ++this.passes;
    const findings = runChecks({ now, trades: trades.value, triggers: triggers.value, broker: broker.ok ? broker.value : null, bounds });
    // Without the broker's view, the checks that need it said nothing: their violations are not resolved by silence.
    const ledger = broker.ok ? this.ledger : new Map([...this.ledger].filter(([, v]) => !needsBroker(v.code)));
    const plan = planPass(ledger, findings, now);
    for (const v of plan.writes) await this.record(v);
    for (const key of plan.forgets) {
      await this.d.store.forget(key);
      this.ledger.delete(key);
    }
    for (const { violation, change } of plan.events) {
      await this.publish(violation, change, pass);
      await this.alert(violation);
    }
    for (const due of plan.repairsDue) await this.repair(due, pass);
    this.lastPassAt = now;
  }

  /** Records the attempt (and when the next may be made), makes the repair, records its outcome. */
  private async repair(v: AuditViolation, pass: number): Promise<void> {
    const { clock, retry } = this.d;
    const attempts = v.attempts + 1;
    const intent: AuditViolation = { ...v, attempts, nextAttemptAt: clock.now() + backoffMs(attempts, retry.baseMs, retry.maxMs) };
    await this.record(intent);
    const repair = await this.d.repairs.make(intent);
    const done: AuditViolation = { ...intent, repair, nextAttemptAt: clock.now() + backoffMs(attempts, retry.baseMs, retry.maxMs) };
    await this.record(done);
    await this.publish(done, 'repaired', pass);
    this.d.bus.logger.warn({ key: v.key, code: v.code, attempts, repair }, 'audit violation repaired');
  }

  private async record(v: AuditViolation): Promise<void> {
    await this.d.store.save(v);
    this.ledger.set(v.key, v);
  }

  private async publish(v: AuditViolation, change: ViolationChange, pass: number): Promise<void> {
    await this.d.bus.publishDurable(Contracts.AuditViolationEvent, { ...v, change, pass, at: this.d.clock.now() }, {
      params: { code: v.code },
      msgId: `${v.key}:${change}:${v.attempts}`,
    });
  }

  private async alert(v: AuditViolation): Promise<void> {
    const { code, severity } = ALERT_OF[v.code];
    const active = v.status !== ViolationStatus.RESOLVED;
    await this.d.alerts.raise({ code, severity, message: v.message, facts: { violation: v.code, ...v.facts }, dedupKey: v.key, active });
  }
}

function needsBroker(code: ViolationCode): boolean {
  return code === ViolationCode.POSITION_MISMATCH || code === ViolationCode.EXTERNAL_POSITION || code === ViolationCode.ORPHAN_BROKER_ORDER;
}
