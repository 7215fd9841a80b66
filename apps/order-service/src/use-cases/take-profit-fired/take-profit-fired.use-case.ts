import type { TradeView, TriggerId } from '@arctrigger/contracts';
import type { Logger } from 'pino';
import type { Exits } from '../../flows/exits';

/** The automatic take-profit (+N % on the option's bid) fired: the whole position is sold (a later copy finds it closing or closed). */
export class TakeProfitFired {
  constructor(
    private readonly exits: Exits,
    private readonly logger: Logger,
  ) {}

  async execute(view: TradeView, triggerId: TriggerId): Promise<void> {
    if (view.takeProfitTriggerId !== triggerId || view.closing || view.state === 'CLOSED') return;
    const reply = await this.exits.closePosition(view.tradeId, 'tp');
    if (!reply.ok) this.logger.warn({ tradeId: view.tradeId, code: reply.code }, 'auto take-profit not placed');
  }
}
