import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { asAnswerTo, Handles } from '@arctrigger/service-kit';
import { Contracts, type ArmTriggerCommand, type DisarmTriggerCommand, type ListTriggersQuery, type ModifyTriggerCommand } from '@arctrigger/contracts';
import { TriggerRuntimeProvider } from '../trigger-runtime.provider';

/**
 * The trigger commands and the list on the bus (any instance answers: queue group). They answer
 * as soon as the runtime has loaded every record — before it takes partitions and fires
 * (readiness before work: the service process starts the work once these listen).
 */
@Controller()
export class TriggerCommandsController {
  constructor(private readonly provider: TriggerRuntimeProvider) {}

  private get runtime() {
    return this.provider.runtime;
  }

  @Handles(Contracts.ArmTrigger)
  async arm(@Payload() cmd: ArmTriggerCommand) {
    const reply = asAnswerTo(Contracts.ArmTrigger, await this.runtime.commands.arm(cmd));
    if (reply.ok) this.runtime.metrics.armed++;
    return reply;
  }

  @Handles(Contracts.ModifyTrigger)
  modify(@Payload() cmd: ModifyTriggerCommand) {
    return asAnswerTo(Contracts.ModifyTrigger, this.runtime.commands.modify(cmd));
  }

  @Handles(Contracts.DisarmTrigger)
  disarm(@Payload() cmd: DisarmTriggerCommand) {
    return asAnswerTo(Contracts.DisarmTrigger, this.runtime.commands.disarm(cmd));
  }

  @Handles(Contracts.ListTriggers)
  list(@Payload() query: ListTriggersQuery) {
    return this.runtime.commands.list(query);
  }
}
