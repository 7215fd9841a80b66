import type { ArmTriggerCommand, Contracts, ReplyOf, TriggerId } from '@arctrigger/contracts';

/** The trigger-service, as the trades use it: arm (idempotent by id), move, disarm. */
export interface TriggerPort {
  arm(command: ArmTriggerCommand): Promise<ReplyOf<typeof Contracts.ArmTrigger>>;
  modify(triggerId: TriggerId, level: number): Promise<ReplyOf<typeof Contracts.ModifyTrigger>>;
  disarm(triggerId: TriggerId, reason: string): Promise<ReplyOf<typeof Contracts.DisarmTrigger>>;
}
