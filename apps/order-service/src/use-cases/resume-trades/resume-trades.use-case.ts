import type { TradeId } from '@arctrigger/contracts';
import type { Clock } from '@arctrigger/service-kit';
import type { Logger } from 'pino';
import { entryMayFill, needsOptionQuote } from '../../domain/lifecycle/trade-state-sets';
import type { TradeTraces } from '../../adapters/trade-traces';
import type { EntryPlacement } from '../../flows/entry-placement';
import type { EntryReprice } from '../../flows/entry-reprice';
import type { EntryTrigger } from '../../flows/entry-trigger';
import type { Exits } from '../../flows/exits';
import type { PremarketActions } from '../../flows/premarket-actions';
import type { Protection } from '../../flows/protection';
import type { ProtectiveStop } from '../../flows/protective-stop';
import type { QuotePort } from '../../ports/quote.port';
import type { TradeScheduler } from '../../ports/trade-scheduler.port';
import type { TradeStorePort } from '../../ports/trade-store.port';

export interface ResumeTradesDeps {
  trades: TradeStorePort;
  quotes: QuotePort;
  scheduler: TradeScheduler;
  traces: TradeTraces;
  entryTrigger: EntryTrigger;
  premarket: PremarketActions;
  placement: EntryPlacement;
  reprice: EntryReprice;
  protection: Protection;
  guard: ProtectiveStop;
  exits: Exits;
  clock: Clock;
  logger: Logger;
}

/**
 * After a restart (state rebuilt from the TRADES stream), picks every trade up where it was:
 * quotes warmed, entry triggers re-armed (idempotent by id), timers resumed (reprice, premarket
 * decision, hold), unresolved placements asked again with the same orderRef (never a second
 * order), and any position without its stop protected.
 */
export class ResumeTrades {
  constructor(private readonly d: ResumeTradesDeps) {}

  execute(): void {
    const { trades, scheduler, logger } = this.d;
    for (const view of trades.all()) {
      scheduler.run(view.tradeId, () => this.resume(view.tradeId)).catch((error: unknown) => logger.error({ err: error, tradeId: view.tradeId }, 'resume failed'));
    }
  }

  private async resume(id: TradeId): Promise<void> {
    const { trades, quotes, entryTrigger, premarket, placement, reprice, protection, guard, exits, clock } = this.d;
    const v = trades.get(id);
    if (!v) return;
    if (needsOptionQuote(v.state) && v.optionConId) quotes.watch(v.optionConId);
    if (entryMayFill(v.state)) await this.restoreEntryTrace(id);
    switch (v.state) {
      case 'ARMED':
        // Idempotent by trigger id: the trigger-service keeps a trigger it already has as it is
        // (a resumed trade's reset is armed as a reset).
        if (v.entryTriggerId) await entryTrigger.arm(v, 'extended');
        else if (v.premarket?.rearmAt) premarket.scheduleHoldRearm(id, v.premarket.rearmAt);
        return;
      // SUSPENDED: the trading state, read at start, resumes it when trading is ACTIVE (ApplyTradingState).
      case 'PREMARKET_HIT':
        if (v.premarket?.decisionDeadline) premarket.scheduleAskDeadline(id, v.premarket.decisionDeadline);
        return;
      case 'FIRED':
        return placement.submit(id);
      case 'SUBMITTING':
      case 'SUBMIT_UNKNOWN':
        return placement.send(id);
      case 'WORKING':
        reprice.schedule(id);
        return;
      case 'PARTIALLY_FILLED':
        reprice.schedule(id);
        // A restarted service gets one deadline window to protect before it alerts.
        protection.scheduleDeadline(id, v.firstFillAt ?? clock.now(), clock.now());
        await guard.resend(id);
        return protection.protect(id);
      case 'OPEN':
        protection.scheduleDeadline(id, v.firstFillAt ?? clock.now(), clock.now());
        await guard.resend(id);
        return protection.protect(id);
      case 'PROTECTED':
        return guard.resend(id);
      case 'EXITING':
        await exits.resend(id);
        await guard.resend(id);
        await protection.protect(id);
        return exits.continueClosing(id);
      default:
        return;
    }
  }

  /**
   * The entry trace from the traceparent stored with the trade's `fired` event (absent before it was
   * stored). Observability only: a failure to read it is logged and never stops the trade resuming.
   */
  private async restoreEntryTrace(id: TradeId): Promise<void> {
    try {
      const fired = (await this.d.trades.history(id)).findLast((e) => e.type === 'fired');
      const traceparent = fired?.type === 'fired' ? fired.detail.traceparent : undefined;
      if (traceparent) this.d.traces.restoreEntry(id, traceparent);
    } catch (error) {
      this.d.logger.warn({ err: error, tradeId: id }, 'entry trace not restored; a later fill starts its own trace');
    }
  }
}
