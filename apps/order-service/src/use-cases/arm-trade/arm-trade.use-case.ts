import type { ArmTradeCommand, Reply, TradeView } from '@arctrigger/contracts';
import type { TradeArming } from '../../flows/trade-arming';

/** `trade.cmd.arm`: arm a new trade (idempotent by tradeId). */
export class ArmTrade {
  constructor(private readonly arming: TradeArming) {}

  execute(cmd: ArmTradeCommand): Promise<Reply<TradeView>> {
    return this.arming.arm(cmd);
  }
}
