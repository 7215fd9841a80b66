import { Contracts, ok, type ArmTriggerCommand, type TradeId, type TriggerId } from '@arctrigger/contracts';
import type { Bus } from '@arctrigger/service-kit';
import type { TriggerPort } from '../ports/trigger.port';

/** The trigger-service over the bus (`trg.cmd.*`). */
export class BusTriggerAdapter implements TriggerPort {
  constructor(private readonly bus: Bus) {}

  arm(command: ArmTriggerCommand) {
    return this.bus.request(Contracts.ArmTrigger, command);
  }

  modify(triggerId: TriggerId, level: number) {
    return this.bus.request(Contracts.ModifyTrigger, { triggerId, level });
  }

  disarm(triggerId: TriggerId, reason: string) {
    return this.bus.request(Contracts.DisarmTrigger, { triggerId, reason });
  }

  async find(tradeId: TradeId, triggerId: TriggerId) {
    const reply = await this.bus.request(Contracts.ListTriggers, { tradeId, includeFinished: true });
    if (!reply.ok) return reply;
    return ok(reply.value.triggers.find((t) => t.triggerId === triggerId) ?? null);
  }
}
