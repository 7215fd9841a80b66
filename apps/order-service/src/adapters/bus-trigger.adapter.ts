import { Contracts, type ArmTriggerCommand, type TriggerId } from '@arctrigger/contracts';
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
}
