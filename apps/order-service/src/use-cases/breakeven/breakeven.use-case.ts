import { fail, ok, type Contracts, type ReplyOf, type TradeId } from '@arctrigger/contracts';
import { holdsPosition } from '../../domain/lifecycle/trade-state-sets';
import { invalidState, tradeNotFound } from '../../domain/trade/trade-refusals';
import type { Protection } from '../../flows/protection';
import type { TradeStorePort } from '../../ports/trade-store.port';
import type { TriggerPort } from '../../ports/trigger.port';

/** `trade.cmd.breakeven`: the stop moves to the trigger price (armed there if the stop was waived). */
export class Breakeven {
  constructor(
    private readonly trades: TradeStorePort,
    private readonly triggers: TriggerPort,
    private readonly protection: Protection,
  ) {}

  async execute(id: TradeId): Promise<ReplyOf<typeof Contracts.Breakeven>> {
    const v = this.trades.get(id);
    if (!v) return tradeNotFound(id);
    if (!holdsPosition(v.state) || v.closing) return invalidState(v, 'move the stop of');
    const level = v.spec.trigger.price;
    if (v.stopTriggerId) {
      const reply = await this.triggers.modify(v.stopTriggerId, level);
      if (!reply.ok) return fail(reply.code, `stop not moved: ${reply.message}`);
      return ok(await this.trades.append(id, 'stop-moved', { stopLevel: level, stopTriggerId: v.stopTriggerId }));
    }
    await this.trades.append(id, 'modified', { spec: v.spec, stopLevel: level });
    await this.protection.protect(id);
    return ok(this.trades.get(id)!);
  }
}
