import { fail, ok, type Contracts, type PremarketDecisionCommand, type ReplyOf } from '@arctrigger/contracts';
import type { MarketCalendar, Clock } from '@arctrigger/service-kit';
import { invalidState, tradeNotFound } from '../../domain/trade/trade-refusals';
import type { PremarketActions } from '../../flows/premarket-actions';
import type { QuotePort } from '../../ports/quote.port';
import type { TradeScheduler } from '../../ports/trade-scheduler.port';
import type { TradeStorePort } from '../../ports/trade-store.port';

export interface PremarketDecisionDeps {
  trades: TradeStorePort;
  quotes: QuotePort;
  scheduler: TradeScheduler;
  premarket: PremarketActions;
  clock: Clock;
  calendar: MarketCalendar;
}

/** `trade.cmd.premarket-decision`: the trader's answer to a premarket hit (policy `ask`): rebase, hold or cancel. */
export class PremarketDecision {
  constructor(private readonly d: PremarketDecisionDeps) {}

  async execute(cmd: PremarketDecisionCommand): Promise<ReplyOf<typeof Contracts.PremarketDecision>> {
    const { trades, quotes, scheduler, premarket, clock, calendar } = this.d;
    const v = trades.get(cmd.tradeId);
    if (!v) return tradeNotFound(cmd.tradeId);
    if (v.state !== 'PREMARKET_HIT' || !v.premarket) return invalidState(v, 'decide on');
    scheduler.cancel(v.tradeId, 'ask');
    if (cmd.decision === 'cancel') {
      quotes.unwatch(v.optionConId ?? 0);
      return ok(await trades.append(v.tradeId, 'cancelled', { reason: 'premarket hit: the trader cancelled', orderRef: null }));
    }
    if (cmd.decision === 'hold') {
      await premarket.hold(v.tradeId, calendar.nextRegularOpen(clock.now()));
      return ok(trades.get(v.tradeId)!);
    }
    const moved = await premarket.rebase(v.tradeId, v.premarket.price, cmd.atmStrike);
    if (!moved.ok) {
      // Nothing changed: the question stays open until its deadline.
      if (v.premarket.decisionDeadline !== null) premarket.scheduleAskDeadline(v.tradeId, v.premarket.decisionDeadline);
      return fail(moved.code, `rebase not done: ${moved.message}`);
    }
    return ok(trades.get(v.tradeId)!);
  }
}
