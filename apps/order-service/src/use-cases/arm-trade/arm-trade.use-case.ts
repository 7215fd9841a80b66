import type { ArmTradeCommand, Contracts, ReplyOf } from '@arctrigger/contracts';
import type { TradeArming } from '../../flows/trade-arming';

/** `trade.cmd.arm`: arm a new trade (idempotent by tradeId). */
export class ArmTrade {
  constructor(private readonly arming: TradeArming) {}

  execute(cmd: ArmTradeCommand): Promise<ReplyOf<typeof Contracts.ArmTrade>> {
    return this.arming.arm(cmd);
  }
}
