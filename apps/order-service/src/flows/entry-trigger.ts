import { TriggerId, type Contracts, type ReplyOf, type TradeId, type TradeView } from '@arctrigger/contracts';
import type { Logger } from 'pino';
import { entryDirectionFor } from '../domain/protection/stop-level';
import type { TriggerPort } from '../ports/trigger.port';

/** Entry trigger ids carry the sequence of the event that armed them: unique and replay-stable. */
export function entryTriggerIdAt(tradeId: TradeId, seq: number): TriggerId {
  return TriggerId.parse(`${tradeId}-e${seq}`);
}

type ArmReply = ReplyOf<typeof Contracts.ArmTrigger>;

/** The trade's entry trigger at the trigger-service: armed from the trade's spec, idempotent by id. */
export class EntryTrigger {
  constructor(
    private readonly triggers: TriggerPort,
    private readonly logger: Logger,
  ) {}

  /** Arms the trade's current entry trigger (`fireIfMet`: a level already crossed fires at once). */
  arm(view: TradeView, scope: 'regular' | 'extended', fireIfMet = view.spec.fireImmediately): Promise<ArmReply> {
    if (view.entryAwaitsReset) return this.armReset(view, view.entryTriggerId!);
    return this.armAs(view, view.entryTriggerId!, scope, fireIfMet);
  }

  /** Arms the entry under `triggerId` (not yet the trade's: a resume decides on its answer). */
  armAs(view: TradeView, triggerId: TriggerId, scope: 'regular' | 'extended', fireIfMet: boolean): Promise<ArmReply> {
    return this.send(view, triggerId, entryDirectionFor(view.spec.right), scope, fireIfMet ? 'fire' : 'reject');
  }

  /**
   * The reset of a resumed entry whose level was crossed while trading was suspended: the same
   * level the other way round, so it fires once the price is back on the near side of the level
   * (at once, if it is already). Evaluated in every session, as the entry is.
   */
  armReset(view: TradeView, triggerId: TriggerId): Promise<ArmReply> {
    const direction = entryDirectionFor(view.spec.right) === 'above' ? 'below' : 'above';
    return this.send(view, triggerId, direction, 'extended', 'fire');
  }

  private async send(view: TradeView, triggerId: TriggerId, direction: 'above' | 'below', scope: 'regular' | 'extended', ifMetOnArm: 'fire' | 'reject'): Promise<ArmReply> {
    const reply = await this.triggers.arm({
      triggerId,
      owner: { tradeId: view.tradeId, purpose: 'entry' },
      conId: view.underConId!,
      priceSource: view.spec.trigger.source,
      direction,
      level: view.spec.trigger.price,
      sessionScope: scope,
      ifMetOnArm,
    });
    if (!reply.ok) this.logger.warn({ tradeId: view.tradeId, triggerId, direction, code: reply.code, message: reply.message }, 'entry trigger not armed');
    return reply;
  }
}
