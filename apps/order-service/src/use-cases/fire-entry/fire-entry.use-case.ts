import type { FiringTick, Session, TradeId, TradeView, TriggerFiring, TriggerId } from '@arctrigger/contracts';
import type { Clock, MarketCalendar } from '@arctrigger/service-kit';
import { premarketPlan, type PremarketPlan } from '../../domain/premarket/premarket-plan';
import type { TradeTraces } from '../../adapters/trade-traces';
import type { EntryPlacement } from '../../flows/entry-placement';
import type { EntryPreparer } from '../../flows/entry-preparation';
import type { EntrySuspension } from '../../flows/entry-suspension';
import type { PremarketActions } from '../../flows/premarket-actions';
import type { QuotePort } from '../../ports/quote.port';
import type { TradeStorePort } from '../../ports/trade-store.port';

const noop = () => undefined;
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** An entry trigger's fire as the trade takes it, from the `trg.firing` notice or the `fired` event. */
export interface EntryFire {
  readonly triggerId: TriggerId;
  readonly tick: FiringTick;
  readonly session: Session;
  /** What the trade's `fired` / `premarket-hit` was caused by: `firing:<triggerId>` or the fired event's id. */
  readonly causationId: string;
}

export interface FireEntryDeps {
  trades: TradeStorePort;
  preparer: EntryPreparer;
  placement: EntryPlacement;
  premarket: PremarketActions;
  /** A resumed trade's reset trigger fires through here too: it arms the real entry, never fires the trade. */
  suspension: EntrySuspension;
  quotes: QuotePort;
  traces: TradeTraces;
  clock: Clock;
  calendar: MarketCalendar;
  /** `ask` premarket policy: no decision within this time cancels the trade. */
  premarketAskTimeoutMs: number;
}

/**
 * The entry trigger fired: in regular hours the trade fires and its entry goes out; before the
 * open the trade's premarket policy applies (rebase, hold, ask, cancel).
 */
export class FireEntry {
  constructor(private readonly d: FireEntryDeps) {}

  /**
   * The trigger-service's `trg.firing` notice, sent beside its compare-and-set: the trade fires on
   * it, a bus hop and a KV round trip before the `fired` event. Safe because a compare-and-set the
   * notice's fire can lose is lost to a change this service makes or sees in the trade's queue,
   * where this runs too: the trade's cancel (no longer ARMED), a modified trigger level (the
   * notice's level is no longer the trade's: it is ignored), a re-armed or rebased entry (another
   * trigger id), another fire of the same trigger (no longer ARMED), or the kill switch (HALTED:
   * the risk check and the gateway refuse the order). The `fired` event that follows finds the
   * trade fired and does nothing; a notice that never arrives leaves the fire to it.
   */
  async onFiring(notice: TriggerFiring): Promise<void> {
    const view = this.d.trades.get(notice.owner.tradeId);
    if (!view || view.spec.trigger.price !== notice.level) return;
    await this.onFired(view, { triggerId: notice.triggerId, tick: notice.tick, session: notice.session, causationId: `firing:${notice.triggerId}` });
  }

  async onFired(view: TradeView, fired: EntryFire): Promise<void> {
    const { trades, preparer, placement, traces, clock, calendar, premarketAskTimeoutMs } = this.d;
    if (view.state !== 'ARMED' || view.entryTriggerId !== fired.triggerId) return;
    if (view.entryAwaitsReset) return this.d.suspension.onResetFired(view, fired.triggerId);
    const plan = premarketPlan({
      policy: view.spec.premarketPolicy,
      session: fired.session,
      firingPrice: fired.tick.price,
      now: clock.now(),
      askTimeoutMs: premarketAskTimeoutMs,
      nextRegularOpen: calendar.nextRegularOpen(clock.now()),
    });
    const id = view.tradeId;
    if (plan.action !== 'fire') return this.applyPremarketPolicy(view, fired, plan);
    // The risk check, the placement and (later) the fill stay in the firing's trace.
    const traceparent = traces.rememberEntry(id);
    // Quote, price, size and the risk check run while `fired` is being stored (they store nothing).
    // The order goes out the moment it is priced (PlaceOrderOnApproval: the gateway sends it on
    // that check's approval, which it hears from the risk-service directly, and records the
    // placement meanwhile), beside the `fired` append rather than behind its acknowledgement: its
    // orderRef (<trade>.entry.1) makes the placement idempotent at the gateway, so should `fired`
    // fail, the next copy of the fire fires the trade again and placing again returns the same
    // broker order. `submitting` follows `fired` (see EntryPlacement.submit), in this same task, so
    // no other change of the trade can come between the order going out and its record.
    //
    // On the wire: the risk check, `fired`, then the order — in one socket write when the entry is
    // priced at once (the NATS client writes one turn's publishes together), so the gateway has the
    // order as the risk-service has the check. `fired` must reach the server ahead of the order: an
    // order-service killed -9 once the order is out then restarts with the trade FIRED and sends
    // it again (same orderRef). Restarted with the trade ARMED, it would drop the order's fills (an
    // ARMED trade cannot take them) until the trigger's `fired` event came back.
    let firedFailed = false;
    let firedStored: Promise<TradeView> | undefined;
    const appendFired = () => {
      if (firedStored) return firedStored;
      firedStored = trades.append(id, 'fired', { triggerId: fired.triggerId, price: fired.tick.price, session: fired.session, tickSeq: fired.tick.seq, traceparent }, fired.causationId);
      firedStored.catch(noop); // awaited below; a failure is handled there
      return firedStored;
    };
    const prepared = preparer.prepare(view, (order, checkId) => {
      void appendFired(); // ahead of the order on the wire; awaited below
      return firedFailed ? undefined : placement.placeOnApproval(view, order, checkId);
    });
    // An entry that waits for a quote does not hold `fired` back.
    await Promise.race([prepared.priced.then(noop, noop), nextTurn()]);
    const stored = appendFired();
    const sent = prepared.placed;
    sent.catch(() => undefined);
    try {
      await stored;
    } catch (error) {
      firedFailed = true;
      // Nothing sent: the reservation goes back. Sent: it stays (the order may be working); the
      // retry's check, under the same checkId, gets the same reservation.
      void Promise.all([prepared.decided, sent.then((r) => r !== undefined, () => true)])
        .then(([p, wasSent]) => (wasSent ? undefined : preparer.abandon(p, id)))
        .catch(() => undefined);
      throw error;
    }
    await placement.submit(id, prepared, sent);
  }

  /** Before the open: `premarket-hit`, then what the trade's policy says. */
  private async applyPremarketPolicy(view: TradeView, fired: EntryFire, plan: Exclude<PremarketPlan, { action: 'fire' }>): Promise<void> {
    const { trades, premarket, quotes } = this.d;
    const id: TradeId = view.tradeId;
    await trades.append(id, 'premarket-hit', {
      triggerId: fired.triggerId,
      price: fired.tick.price,
      session: fired.session,
      decisionDeadline: plan.action === 'ask' ? plan.deadline : null,
      rearmAt: plan.action === 'hold' ? plan.rearmAt : null,
    }, fired.causationId);
    switch (plan.action) {
      case 'cancel':
        await trades.append(id, 'cancelled', { reason: `premarket hit at ${fired.tick.price}: policy cancel`, orderRef: null });
        quotes.unwatch(view.optionConId ?? 0);
        return;
      case 'rebase':
        return premarket.rebaseOnPolicy(id, plan.newTrigger);
      case 'hold':
        return premarket.hold(id, plan.rearmAt);
      case 'ask':
        return premarket.scheduleAskDeadline(id, plan.deadline);
    }
  }
}
