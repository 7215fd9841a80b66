import type { ArmTriggerCommand, Contracts, Reply, ReplyOf, TradeId, TriggerId, TriggerView } from '@arctrigger/contracts';
import type { CodesOf } from '@arctrigger/contracts';

/** The trigger-service, as the trades use it: arm (idempotent by id), move, disarm, look up. */
export interface TriggerPort {
  arm(command: ArmTriggerCommand): Promise<ReplyOf<typeof Contracts.ArmTrigger>>;
  modify(triggerId: TriggerId, level: number): Promise<ReplyOf<typeof Contracts.ModifyTrigger>>;
  disarm(triggerId: TriggerId, reason: string): Promise<ReplyOf<typeof Contracts.DisarmTrigger>>;
  /** One of the trade's triggers as the trigger-service holds it now (null: it has none by that id). */
  find(tradeId: TradeId, triggerId: TriggerId): Promise<Reply<TriggerView | null, CodesOf<typeof Contracts.ListTriggers>>>;
}
