import { TriggerId, type Contracts, type ReplyOf, type TradeId, type TradeView } from '@arctrigger/contracts';
import type { Logger } from 'pino';
import { entryDirectionFor } from '../domain/protection/stop-level';
import type { TriggerPort } from '../ports/trigger.port';

/** Entry trigger ids carry the sequence of the event that armed them: unique and replay-stable. */
export function entryTriggerIdAt(tradeId: TradeId, seq: number): TriggerId {
  return TriggerId.parse(`${tradeId}-e${seq}`);
}

/** The trade's entry trigger at the trigger-service: armed from the trade's spec, idempotent by id. */
export class EntryTrigger {
  constructor(
    private readonly triggers: TriggerPort,
    private readonly logger: Logger,
  ) {}

  /** Arms the trade's current entry trigger (`fireIfMet`: a level already crossed fires at once). */
  async arm(view: TradeView, scope: 'regular' | 'extended', fireIfMet = view.spec.fireImmediately): Promise<ReplyOf<typeof Contracts.ArmTrigger>> {
    const reply = await this.triggers.arm({
      triggerId: view.entryTriggerId!,
      owner: { tradeId: view.tradeId, purpose: 'entry' },
      conId: view.underConId!,
      priceSource: view.spec.trigger.source,
      direction: entryDirectionFor(view.spec.right),
      level: view.spec.trigger.price,
      sessionScope: scope,
      ifMetOnArm: fireIfMet ? 'fire' : 'reject',
    });
    if (!reply.ok) this.logger.warn({ tradeId: view.tradeId, code: reply.code, message: reply.message }, 'entry trigger not armed');
    return reply;
  }
}
