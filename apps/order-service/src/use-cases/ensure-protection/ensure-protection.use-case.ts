import { ok, type Contracts, type EnsureProtectionCommand, type ReplyOf } from '@arctrigger/contracts';
import { holdsPosition } from '../../domain/lifecycle/trade-state-sets';
import { tradeNotFound } from '../../domain/trade/trade-refusals';
import type { Protection } from '../../flows/protection';
import type { TradeStorePort } from '../../ports/trade-store.port';
import type { TriggerPort } from '../../ports/trigger.port';

/** Trigger statuses under which a stop still guards the position. */
const LIVE = new Set(['armed', 'waiting-fresh-data']);

/**
 * `trade.cmd.ensure-protection` (the auditor): a trade holding contracts must have a live stop
 * trigger. The auditor's word is not taken for it: the trigger-service is asked here, in the
 * trade's queue. A stop found fired, disarmed, expired or unknown is recorded `stop-lost` (the
 * trade is unprotected again) and a new stop trigger is armed by the protection flow, which
 * appends `protected` — or retries and alerts at the deadline when it cannot.
 */
export class EnsureProtection {
  constructor(
    private readonly trades: TradeStorePort,
    private readonly triggers: TriggerPort,
    private readonly protection: Protection,
  ) {}

  async execute(cmd: EnsureProtectionCommand): Promise<ReplyOf<typeof Contracts.EnsureProtection>> {
    const { tradeId } = cmd;
    const v = this.trades.get(tradeId);
    if (!v) return tradeNotFound(tradeId);
    if (v.openQuantity <= 0 || !holdsPosition(v.state) || v.stopLevel === null || v.closing !== null) {
      return ok({ tradeId, outcome: 'not-needed', stopTriggerId: v.stopTriggerId });
    }
    if (v.stopTriggerId) {
      const found = await this.triggers.find(tradeId, v.stopTriggerId);
      if (!found.ok) return found;
      if (found.value && LIVE.has(found.value.status)) return ok({ tradeId, outcome: 'already-live', stopTriggerId: v.stopTriggerId });
      await this.trades.append(tradeId, 'stop-lost', {
        stopTriggerId: v.stopTriggerId,
        triggerStatus: found.value?.status ?? null,
        reason: `stop trigger ${found.value ? found.value.status : 'unknown to the trigger-service'}${found.value?.statusReason ? ` (${found.value.statusReason})` : ''}; ${cmd.reason}`,
      });
    }
    await this.protection.protect(tradeId);
    const after = this.trades.get(tradeId)!;
    return ok({ tradeId, outcome: after.stopTriggerId ? 'rearmed' : 'retrying', stopTriggerId: after.stopTriggerId });
  }
}
