import type { Contracts, ReplyOf, TradeId } from '@arctrigger/contracts';
import type { Exits } from '../../flows/exits';

/** `trade.cmd.flatten`: sell the whole live quantity at market; working exits and the entry remainder are cancelled. */
export class Flatten {
  constructor(private readonly exits: Exits) {}

  execute(id: TradeId): Promise<ReplyOf<typeof Contracts.Flatten>> {
    return this.exits.closePosition(id, 'flat');
  }
}
