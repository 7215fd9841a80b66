import { fail, ok, type Contracts, type ModifyTradeCommand, type ReplyOf } from '@arctrigger/contracts';
import { stopLevelFor } from '../../domain/protection/stop-level';
import { invalidState, tradeNotFound } from '../../domain/trade/trade-refusals';
import type { TradeStorePort } from '../../ports/trade-store.port';
import type { TriggerPort } from '../../ports/trigger.port';

/** `trade.cmd.modify`: change an armed trade's trigger level, stop offset or size. */
export class ModifyTrade {
  constructor(
    private readonly trades: TradeStorePort,
    private readonly triggers: TriggerPort,
  ) {}

  async execute(cmd: ModifyTradeCommand): Promise<ReplyOf<typeof Contracts.ModifyTrade>> {
    const v = this.trades.get(cmd.tradeId);
    if (!v) return tradeNotFound(cmd.tradeId);
    if (v.state !== 'ARMED') return invalidState(v, 'modify');
    const spec = {
      ...v.spec,
      ...(cmd.triggerPrice !== undefined ? { trigger: { ...v.spec.trigger, price: cmd.triggerPrice } } : {}),
      ...(cmd.stopOffset !== undefined ? { stopLoss: { mode: 'offset' as const, offset: cmd.stopOffset } } : {}),
      ...(cmd.size !== undefined ? { size: cmd.size } : {}),
    };
    if (cmd.triggerPrice !== undefined && v.entryTriggerId) {
      const reply = await this.triggers.modify(v.entryTriggerId, cmd.triggerPrice);
      if (!reply.ok) return fail(reply.code, `entry trigger not modified: ${reply.message}`);
    }
    const stopLevel = spec.stopLoss.mode === 'offset' ? stopLevelFor(spec.right, spec.trigger.price, spec.stopLoss.offset) : null;
    return ok(await this.trades.append(v.tradeId, 'modified', { spec, stopLevel }));
  }
}
