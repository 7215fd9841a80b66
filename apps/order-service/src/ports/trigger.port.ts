import type { ArmTriggerCommand, Reply, TriggerId, TriggerView } from '@arctrigger/contracts';

/** The trigger-service, as the trades use it: arm (idempotent by id), move, disarm. */
export interface TriggerPort {
  arm(command: ArmTriggerCommand): Promise<Reply<TriggerView>>;
  modify(triggerId: TriggerId, level: number): Promise<Reply<TriggerView>>;
  disarm(triggerId: TriggerId, reason: string): Promise<Reply<TriggerView>>;
}
