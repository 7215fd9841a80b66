import { Contracts, RepairKind, TradeId, TriggerId, type AuditViolation, type ViolationRepair } from '@arctrigger/contracts';
import type { Bus } from '@arctrigger/service-kit';

/**
 * The repairs, over the bus: re-arm a lost stop (the order-service checks and re-arms), ask the
 * broker again (a reconciliation: an unknown outcome is found or declared not found — never
 * re-sent), or flag for a person (the alert is the repair).
 */
export class Repairs {
  constructor(private readonly bus: Bus) {}

  async make(v: AuditViolation): Promise<ViolationRepair> {
    const kind = v.repair?.kind ?? RepairKind.FLAG;
    switch (kind) {
      case RepairKind.REARM_STOP:
        return this.rearm(v);
      case RepairKind.ASK_BROKER:
        return this.askBroker(v);
      case RepairKind.FLAG:
        return { kind, outcome: 'flagged: a person must decide (alerted)', done: false };
    }
  }

  private async rearm(v: AuditViolation): Promise<ViolationRepair> {
    const tradeId = TradeId.parse(v.facts.tradeId);
    const lost = TriggerId.safeParse(v.facts.stopTriggerId);
    const reply = await this.bus.request(Contracts.EnsureProtection, { tradeId, lostTriggerId: lost.success ? lost.data : null, reason: `auditor ${v.code}` });
    if (!reply.ok) return { kind: RepairKind.REARM_STOP, outcome: `order-service refused: ${reply.code} ${reply.message}`, done: false };
    const { outcome, stopTriggerId } = reply.value;
    return { kind: RepairKind.REARM_STOP, outcome: `${outcome}${stopTriggerId ? ` (stop trigger ${stopTriggerId})` : ''}`, done: outcome !== 'retrying' };
  }

  private async askBroker(v: AuditViolation): Promise<ViolationRepair> {
    const reply = await this.bus.request(Contracts.Reconcile, { reason: `auditor ${v.key}` });
    if (!reply.ok) return { kind: RepairKind.ASK_BROKER, outcome: `broker not asked: ${reply.code} ${reply.message}`, done: false };
    const r = reply.value;
    return { kind: RepairKind.ASK_BROKER, outcome: `broker asked: ${r.resolved.length} found, ${r.notFound.length} not found, ${r.positions} positions`, done: true };
  }
}
