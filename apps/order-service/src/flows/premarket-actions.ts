import { fail, ok, type CodesOf, type Contracts, type Reply, type TradeId } from '@arctrigger/contracts';
import type { Logger } from 'pino';
import type { MarketPort } from '../ports/market.port';
import type { QuotePort } from '../ports/quote.port';
import type { TradeScheduler } from '../ports/trade-scheduler.port';
import type { TradeStorePort } from '../ports/trade-store.port';
import { atmOptionFor } from './atm-option';
import { entryTriggerIdAt, type EntryTrigger } from './entry-trigger';

export interface PremarketActionsDeps {
  trades: TradeStorePort;
  market: MarketPort;
  quotes: QuotePort;
  scheduler: TradeScheduler;
  entryTrigger: EntryTrigger;
  logger: Logger;
}

/**
 * What a premarket trigger hit can lead to — by the trade's policy or the trader's decision:
 * rebase the trigger (optionally to the at-the-money strike), hold until the open, or cancel when
 * no decision comes in time.
 */
export class PremarketActions {
  constructor(private readonly d: PremarketActionsDeps) {}

  /**
   * Rebase: the trigger moves to the premarket high (call) / low (put) and keeps watching, premarket
   * included. With `atmStrike` the option moves to the strike nearest the new trigger (same expiry);
   * when that option cannot be qualified nothing changes and the failure is returned.
   */
  async rebase(id: TradeId, newTrigger: number, atmStrike = false): Promise<Reply<true, CodesOf<typeof Contracts.PremarketDecision>>> {
    const { trades, market, quotes, entryTrigger } = this.d;
    const view = trades.get(id)!;
    const option = atmStrike
      ? await atmOptionFor(market, view, newTrigger)
      : ok({ optionConId: view.optionConId!, strike: view.strike!, multiplier: view.multiplier!, marketRuleId: view.marketRuleId });
    if (!option.ok) return option;
    const triggerId = entryTriggerIdAt(id, view.revision + 1);
    const stopLevel = view.spec.stopLoss.mode === 'offset'
      ? Math.round((view.spec.right === 'CALL' ? newTrigger - view.spec.stopLoss.offset : newTrigger + view.spec.stopLoss.offset) * 100) / 100
      : null;
    await trades.append(id, 'rebased', { triggerPrice: newTrigger, entryTriggerId: triggerId, stopLevel, ...option.value });
    if (option.value.optionConId !== view.optionConId) {
      quotes.watch(option.value.optionConId);
      quotes.unwatch(view.optionConId ?? 0);
    }
    // The new level is the premarket extreme: a price already beyond it is a breakout of that level,
    // so it fires (and meets the premarket policy again) rather than leaving the trade without a trigger.
    const armed = await entryTrigger.arm(trades.get(id)!, 'extended', true);
    if (!armed.ok) return fail(armed.code, `the rebased entry trigger was not armed: ${armed.message}`);
    return ok(true);
  }

  /** The `rebase` policy: ATM strike when the trade was armed at the money; the current strike if that fails. */
  async rebaseOnPolicy(id: TradeId, newTrigger: number): Promise<void> {
    const atm = this.d.trades.get(id)!.spec.strike === 'ATM';
    const moved = await this.rebase(id, newTrigger, atm);
    if (moved.ok) return;
    this.d.logger.warn({ tradeId: id, code: moved.code, message: moved.message }, 'rebase to the ATM strike failed: the strike stays');
    await this.rebase(id, newTrigger, false);
  }

  /** Hold: re-arm the entry at the next regular open; it fires then if the condition still holds. */
  async hold(id: TradeId, rearmAt: number): Promise<void> {
    await this.d.trades.append(id, 'held', { rearmAt });
    this.scheduleHoldRearm(id, rearmAt);
  }

  scheduleHoldRearm(id: TradeId, rearmAt: number): void {
    const { trades, scheduler, entryTrigger } = this.d;
    scheduler.at(id, 'hold', rearmAt, async () => {
      const v = trades.get(id);
      if (!v || v.state !== 'ARMED' || v.entryTriggerId !== null) return;
      const next = await trades.append(id, 'entry-rearmed', { entryTriggerId: entryTriggerIdAt(id, v.revision + 1) });
      await entryTrigger.arm(next, 'regular', true);
    });
  }

  /** The `ask` policy's deadline: no decision by then cancels the trade. */
  scheduleAskDeadline(id: TradeId, deadline: number): void {
    const { trades, quotes, scheduler } = this.d;
    scheduler.at(id, 'ask', deadline, async () => {
      const v = await trades.appendIfAllowed(id, 'cancelled', { reason: 'premarket hit: no decision in time', orderRef: null });
      if (v) quotes.unwatch(v.optionConId ?? 0);
    });
  }
}
