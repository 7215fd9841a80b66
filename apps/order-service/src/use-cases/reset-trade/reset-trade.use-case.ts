import { fail, type Contracts, type ReplyOf, type ResetTradeCommand } from '@arctrigger/contracts';
import { FINAL_STATES, isFinal } from '../../domain/lifecycle/transition-table';
import { invalidState, tradeNotFound } from '../../domain/trade/trade-refusals';
import type { TradeArming } from '../../flows/trade-arming';
import type { TradeStorePort } from '../../ports/trade-store.port';

/**
 * `trade.cmd.reset`: a finished trade armed again as a new trade with its spec (modifications
 * included), optionally at another trigger price, through every arm-time check (qualification,
 * breakout, risk pre-check). The finished trade is not touched: it cannot change any more, and no
 * orderRef is ever reused.
 */
export class ResetTrade {
  constructor(
    private readonly trades: TradeStorePort,
    private readonly arming: TradeArming,
  ) {}

  async execute(cmd: ResetTradeCommand): Promise<ReplyOf<typeof Contracts.ResetTrade>> {
    const v = this.trades.get(cmd.tradeId);
    if (!v) return tradeNotFound(cmd.tradeId);
    if (!isFinal(v.state)) return invalidState(v, 'reset', `: only a finished trade (${FINAL_STATES.join(', ')}) is armed again; modify or cancel it instead`);
    if (cmd.newTradeId === cmd.tradeId) return fail('INVALID_TRADE_ID', 'the new trade needs an id of its own');
    const spec = cmd.triggerPrice === undefined ? v.spec : { ...v.spec, trigger: { ...v.spec.trigger, price: cmd.triggerPrice } };
    return this.arming.arm({ ...spec, ...(cmd.newTradeId ? { tradeId: cmd.newTradeId } : {}) }, v.tradeId);
  }
}
