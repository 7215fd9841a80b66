import type { TradeView } from '@arctrigger/contracts';
import { armEntryTrigger, scheduleAskDeadline, scheduleHoldRearm, scheduleReprice, sendEntry, submitEntry } from './entry-flow';
import { continueClosing, protect, sendExit } from './position-flow';
import { scheduleProtectionDeadline } from './protection-deadline';
import { sendGuard } from './protective-stop';
import type { TradeContext } from './trade-context';

/**
 * After a restart (state rebuilt from the TRADES stream), picks every trade up where it was:
 * quotes warmed, entry triggers re-armed (idempotent by id), timers resumed (reprice, premarket
 * decision, hold), unresolved placements asked again with the same orderRef (never a second
 * order), and any position without its stop protected.
 */
export function resumeTrades(ctx: TradeContext): void {
  for (const view of ctx.store.all()) {
    void ctx.queue.run(view.tradeId, () => resume(ctx, view.tradeId)).catch((error: unknown) =>
      ctx.logger.error({ err: error, tradeId: view.tradeId }, 'resume failed'),
    );
  }
}

async function resume(ctx: TradeContext, id: TradeView['tradeId']): Promise<void> {
  const v = ctx.store.get(id);
  if (!v) return;
  const id_ = v.tradeId;
  if (['ARMED', 'PREMARKET_HIT', 'FIRED', 'SUBMITTING', 'SUBMIT_UNKNOWN', 'WORKING', 'PARTIALLY_FILLED'].includes(v.state) && v.optionConId) {
    ctx.quotes.watch(v.optionConId);
  }
  if (ENTRY_FILLS_EXPECTED.includes(v.state)) await restoreEntryTrace(ctx, id_);
  switch (v.state) {
    case 'ARMED':
      // Idempotent by trigger id: the trigger-service keeps a trigger it already has as it is.
      if (v.entryTriggerId) await armEntryTrigger(ctx, v, 'extended');
      else if (v.premarket?.rearmAt) scheduleHoldRearm(ctx, id_, v.premarket.rearmAt);
      return;
    case 'PREMARKET_HIT':
      if (v.premarket?.decisionDeadline) scheduleAskDeadline(ctx, id_, v.premarket.decisionDeadline);
      return;
    case 'FIRED':
      return submitEntry(ctx, id_);
    case 'SUBMITTING':
    case 'SUBMIT_UNKNOWN':
      return sendEntry(ctx, id_);
    case 'WORKING':
      scheduleReprice(ctx, id_);
      return;
    case 'PARTIALLY_FILLED':
      scheduleReprice(ctx, id_);
      // A restarted service gets one deadline window to protect before it alerts.
      scheduleProtectionDeadline(ctx, id_, v.firstFillAt ?? ctx.clock.now(), ctx.clock.now());
      await resendGuards(ctx, v);
      return protect(ctx, id_);
    case 'OPEN':
      scheduleProtectionDeadline(ctx, id_, v.firstFillAt ?? ctx.clock.now(), ctx.clock.now());
      await resendGuards(ctx, v);
      return protect(ctx, id_);
    case 'PROTECTED':
      return resendGuards(ctx, v);
    case 'EXITING':
      for (const x of v.exits.filter((e) => (e.status === 'sending' || e.status === 'unknown') && e.leg !== 'guard')) await sendExit(ctx, id_, x.orderRef);
      await resendGuards(ctx, v);
      await protect(ctx, id_);
      return continueClosing(ctx, id_);
    default:
      return;
  }
}

/** States in which entry executions may still arrive: their `trade fill` spans join the firing's trace. */
const ENTRY_FILLS_EXPECTED: readonly string[] = ['FIRED', 'SUBMITTING', 'SUBMIT_UNKNOWN', 'WORKING', 'PARTIALLY_FILLED'];

/**
 * The entry trace from the traceparent stored with the trade's `fired` event (absent before it was
 * stored). Observability only: a failure to read it is logged and never stops the trade resuming.
 */
async function restoreEntryTrace(ctx: TradeContext, id: TradeView['tradeId']): Promise<void> {
  try {
    const fired = (await ctx.store.history(id)).findLast((e) => e.type === 'fired');
    const traceparent = fired?.detail.traceparent;
    if (typeof traceparent === 'string') ctx.traces.restoreEntry(id, traceparent);
  } catch (error) {
    ctx.logger.warn({ err: error, tradeId: id }, 'entry trace not restored; a later fill starts its own trace');
  }
}

/** A protective stop recorded but not known to be at the broker: asked again with the same orderRef. */
async function resendGuards(ctx: TradeContext, v: TradeView): Promise<void> {
  for (const x of v.exits.filter((e) => e.leg === 'guard' && (e.status === 'sending' || e.status === 'unknown'))) await sendGuard(ctx, v.tradeId, x.orderRef);
}
