import { Contracts, fail, ok, OrderCommandErrorCode, type FiringTick, type OrderPlacement, type Reply, type Session, type TradeId, type TradeOrder, type TradeView, type TriggerFiring } from '@arctrigger/contracts';
import { premarketPlan } from '../domain/premarket/premarket-plan';
import { nextRepriceAt, repriceStep } from '../domain/entry/reprice-schedule';
import { entryDirectionFor } from '../domain/protection/stop-level';
import { atmOptionFor } from './atm-option';
import { abandonPreparation, prepareEntry, type PreparingEntry } from './entry-preparation';
import { placementOutcomeUnknown, placementRefusedRetryably } from './placement-retry';
import { appendIfAllowed, marketRuleFor, releaseReservation, type TradeContext } from './trade-context';

const noop = () => undefined;
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** An entry trigger's fire as the trade takes it, from the `trg.firing` notice or the `fired` event. */
export interface EntryFire {
  readonly triggerId: string;
  readonly tick: FiringTick;
  readonly session: Session;
  /** What the trade's `fired` / `premarket-hit` was caused by: `firing:<triggerId>` or the fired event's id. */
  readonly causationId: string;
}

/**
 * The trigger-service's `trg.firing` notice, sent beside its compare-and-set: the trade fires on it,
 * a bus hop and a KV round trip before the `fired` event. Safe because a compare-and-set the
 * notice's fire can lose is lost to a change this service makes or sees in the trade's queue, where
 * this runs too: the trade's cancel (no longer ARMED), a modified trigger level (the notice's level
 * is no longer the trade's: it is ignored), a re-armed or rebased entry (another trigger id), another
 * fire of the same trigger (no longer ARMED), or the kill switch (HALTED: the risk check and the
 * gateway refuse the order). The `fired` event that follows finds the trade fired and does nothing;
 * a notice that never arrives leaves the fire to it.
 */
export async function onEntryFiring(ctx: TradeContext, notice: TriggerFiring): Promise<void> {
  const view = ctx.store.get(notice.owner.tradeId);
  if (!view || view.spec.trigger.price !== notice.level) return;
  await onEntryFired(ctx, view, { triggerId: notice.triggerId, tick: notice.tick, session: notice.session, causationId: `firing:${notice.triggerId}` });
}

/** The entry trigger fired: in regular hours the trade fires; otherwise its premarket policy applies. */
export async function onEntryFired(ctx: TradeContext, view: TradeView, fired: EntryFire): Promise<void> {
  if (view.state !== 'ARMED' || view.entryTriggerId !== fired.triggerId) return;
  const plan = premarketPlan({
    policy: view.spec.premarketPolicy,
    session: fired.session,
    firingPrice: fired.tick.price,
    now: ctx.clock.now(),
    askTimeoutMs: ctx.config.PREMARKET_ASK_TIMEOUT_MS,
    nextRegularOpen: ctx.calendar.nextRegularOpen(ctx.clock.now()),
  });
  const id = view.tradeId;
  if (plan.action === 'fire') {
    // The risk check, the placement and (later) the fill stay in the firing's trace.
    const traceparent = ctx.traces.rememberEntry(view.tradeId);
    // Quote, price, size and the risk check run while `fired` is being stored (they store nothing).
    // The order goes out the moment it is priced and its risk check asked (PlaceOrder v2: the
    // gateway sends it on that check's approval, which it hears from the risk-service directly),
    // beside the `fired` append rather than behind it: its orderRef (<trade>.entry.1) makes the
    // placement idempotent at the gateway, so should `fired` not be stored, the next copy of the
    // fire (the `fired` event, or its durable copy) fires the trade again and placing again returns
    // the same broker order. `submitting` follows `fired` (see submitEntry), in this same task, so
    // no other change of the trade can come between the order going out and its record.
    const prepared = prepareEntry(ctx, view);
    // On the wire in this order: the risk check (a warm entry is priced within this turn of the
    // event loop; one that waits for a quote does not hold `fired` back), `fired`, then the order.
    // `fired` ahead of the order means an order-service killed once the order is out restarts with
    // the trade FIRED and re-sends it (same orderRef) instead of waiting for the trigger event's
    // redelivery; the risk check ahead of `fired` keeps the append's own work off the path to the
    // approval.
    await Promise.race([prepared.priced.then(noop, noop), nextTurn()]);
    let firedFailed = false;
    const firedStored = ctx.store.append(id, 'fired', { triggerId: fired.triggerId, price: fired.tick.price, session: fired.session, tickSeq: fired.tick.seq, traceparent }, fired.causationId);
    const placement = prepared.priced.then((p) => (p.kind === 'priced' && !firedFailed ? requestPlacementOnApproval(ctx, view.optionConId!, p.order, p.checkId) : undefined));
    placement.catch(() => undefined);
    try {
      await firedStored;
    } catch (error) {
      firedFailed = true;
      // Nothing sent: the reservation goes back. Sent: it stays (the order may be working); the
      // retry's check, under the same checkId, gets the same reservation.
      void Promise.all([prepared.decided, placement.then((r) => r !== undefined, () => true)])
        .then(([p, sent]) => (sent ? undefined : abandonPreparation(ctx, p, id)))
        .catch(() => undefined);
      throw error;
    }
    await submitEntry(ctx, id, prepared, placement);
    return;
  }
  await ctx.store.append(id, 'premarket-hit', {
    triggerId: fired.triggerId,
    price: fired.tick.price,
    session: fired.session,
    decisionDeadline: plan.action === 'ask' ? plan.deadline : null,
    rearmAt: plan.action === 'hold' ? plan.rearmAt : null,
  }, fired.causationId);
  if (plan.action === 'cancel') await ctx.store.append(id, 'cancelled', { reason: `premarket hit at ${fired.tick.price}: policy cancel`, orderRef: null });
  if (plan.action === 'rebase') await rebaseOnPolicy(ctx, id, plan.newTrigger);
  if (plan.action === 'hold') await hold(ctx, id, plan.rearmAt);
  if (plan.action === 'ask') scheduleAskDeadline(ctx, id, plan.deadline);
  if (plan.action === 'cancel') ctx.quotes.unwatch(view.optionConId ?? 0);
}

/**
 * Rebase: the trigger moves to the premarket high (call) / low (put) and keeps watching, premarket
 * included. With `atmStrike` the option moves to the strike nearest the new trigger (same expiry);
 * when that option cannot be qualified nothing changes and the failure is returned.
 */
export async function rebase(ctx: TradeContext, id: TradeId, newTrigger: number, atmStrike = false): Promise<Reply<true>> {
  const view = ctx.store.get(id)!;
  const option = atmStrike
    ? await atmOptionFor(ctx, view, newTrigger)
    : ok({ optionConId: view.optionConId!, strike: view.strike!, multiplier: view.multiplier!, marketRuleId: view.marketRuleId });
  if (!option.ok) return option;
  const triggerId = entryTriggerIdAt(id, view.revision + 1);
  const stopLevel = view.spec.stopLoss.mode === 'offset'
    ? Math.round((view.spec.right === 'CALL' ? newTrigger - view.spec.stopLoss.offset : newTrigger + view.spec.stopLoss.offset) * 100) / 100
    : null;
  await ctx.store.append(id, 'rebased', { triggerPrice: newTrigger, entryTriggerId: triggerId, stopLevel, ...option.value });
  if (option.value.optionConId !== view.optionConId) {
    ctx.quotes.watch(option.value.optionConId);
    ctx.quotes.unwatch(view.optionConId ?? 0);
  }
  // The new level is the premarket extreme: a price already beyond it is a breakout of that level,
  // so it fires (and meets the premarket policy again) rather than leaving the trade without a trigger.
  const armed = await armEntryTrigger(ctx, ctx.store.get(id)!, 'extended', true);
  if (!armed.ok) return fail(armed.code, `the rebased entry trigger was not armed: ${armed.message}`);
  return ok(true);
}

/** The `rebase` policy: ATM strike when the trade was armed at the money; the current strike if that fails. */
async function rebaseOnPolicy(ctx: TradeContext, id: TradeId, newTrigger: number): Promise<void> {
  const atm = ctx.store.get(id)!.spec.strike === 'ATM';
  const moved = await rebase(ctx, id, newTrigger, atm);
  if (moved.ok) return;
  ctx.logger.warn({ tradeId: id, code: moved.code, message: moved.message }, 'rebase to the ATM strike failed: the strike stays');
  await rebase(ctx, id, newTrigger, false);
}

/** Hold: re-arm the entry at the next regular open; it fires then if the condition still holds. */
export async function hold(ctx: TradeContext, id: TradeId, rearmAt: number): Promise<void> {
  await ctx.store.append(id, 'held', { rearmAt });
  scheduleHoldRearm(ctx, id, rearmAt);
}

export function scheduleHoldRearm(ctx: TradeContext, id: TradeId, rearmAt: number): void {
  ctx.timers.at(id, 'hold', rearmAt, () => {
    void ctx.queue.run(id, async () => {
      const v = ctx.store.get(id);
      if (!v || v.state !== 'ARMED' || v.entryTriggerId !== null) return;
      const next = await ctx.store.append(id, 'entry-rearmed', { entryTriggerId: entryTriggerIdAt(id, v.revision + 1) });
      await armEntryTrigger(ctx, next, 'regular', true);
    });
  });
}

/** Entry trigger ids carry the sequence of the event that armed them: unique and replay-stable. */
export function entryTriggerIdAt(id: TradeId, seq: number): string {
  return `${id}-e${seq}`;
}

export function scheduleAskDeadline(ctx: TradeContext, id: TradeId, deadline: number): void {
  ctx.timers.at(id, 'ask', deadline, () => {
    void ctx.queue.run(id, async () => {
      const v = await appendIfAllowed(ctx, id, 'cancelled', { reason: 'premarket hit: no decision in time', orderRef: null });
      if (v) ctx.quotes.unwatch(v.optionConId ?? 0);
    });
  });
}

/** Arms (idempotently, by trigger id) the trade's current entry trigger at the trigger-service. */
export async function armEntryTrigger(ctx: TradeContext, view: TradeView, scope: 'regular' | 'extended', fireIfMet = view.spec.fireImmediately) {
  const reply = await ctx.bus.request(Contracts.ArmTrigger, {
    triggerId: view.entryTriggerId!,
    owner: { tradeId: view.tradeId, purpose: 'entry' },
    conId: view.underConId!,
    priceSource: view.spec.trigger.source,
    direction: entryDirectionFor(view.spec.right),
    level: view.spec.trigger.price,
    sessionScope: scope,
    ifMetOnArm: fireIfMet ? 'fire' : 'reject',
  } as never);
  if (!reply.ok) ctx.logger.warn({ tradeId: view.tradeId, code: reply.code, message: reply.message }, 'entry trigger not armed');
  return reply;
}

/**
 * Prices, sizes, risk-checks (or takes what was prepared while `fired` was stored) and places the
 * entry of a FIRED trade. `placement`: the request already sent for the priced order, if any; its
 * answer decides whether the order is out, whatever this service heard from the risk-service.
 */
export async function submitEntry(
  ctx: TradeContext,
  id: TradeId,
  prepared?: PreparingEntry,
  placement?: Promise<Reply<OrderPlacement> | undefined>,
): Promise<void> {
  const view = ctx.store.get(id);
  if (!view || view.state !== 'FIRED') {
    if (prepared) await abandonPreparation(ctx, await prepared.decided, id);
    return;
  }
  const preparing = prepared ?? prepareEntry(ctx, view);
  let p = await preparing.decided;
  if (p.kind === 'end') {
    // The gateway places only on the approval it heard itself: an answer lost on the way here
    // (RISK_UNAVAILABLE) may still have let the order go. Then it is out, and submitted.
    const reply = placement ? await placement : undefined;
    const priced = await preparing.priced;
    if (!reply?.ok || priced.kind !== 'priced') {
      await ctx.store.append(id, p.event, { code: p.code, message: p.message, orderRef: null });
      if (p.quoteUnusable) ctx.quotes.unwatch(view.optionConId!);
      return;
    }
    ctx.logger.warn({ tradeId: id, code: p.code }, 'risk answer not received, but the gateway placed the entry on the approval it heard');
    p = { kind: 'submit', order: priced.order, reservationId: null };
  }
  // Unless it is already out, the place request goes right behind `submitting` on the same
  // connection, without waiting for the append's ack. Should the append fail, a restart finds the
  // trade FIRED and submits again under the same orderRef, which the gateway answers with the
  // first placement: one broker order.
  const order = p.order;
  const stored = ctx.store.append(id, 'submitting', { order, reservationId: p.reservationId });
  // A v2 placement the gateway refused for want of the decision it did not hear goes again as v1:
  // the approval is in hand.
  const placed = placement
    ? placement.then((reply) => (reply === undefined || approvalNotHeard(reply) ? requestPlacement(ctx, view.optionConId!, order) : reply))
    : requestPlacement(ctx, view.optionConId!, order);
  const [record, reply] = await Promise.allSettled([stored, placed]);
  if (record.status === 'rejected') throw record.reason;
  if (reply.status === 'rejected') throw reply.reason;
  await recordPlacement(ctx, id, order, reply.value);
}

/** Sends (or re-sends: orderRef makes it idempotent at the gateway) the entry order and records the outcome. */
export async function sendEntry(ctx: TradeContext, id: TradeId): Promise<void> {
  const view = ctx.store.get(id);
  const order = view?.entryOrder;
  if (!view || !order || (view.state !== 'SUBMITTING' && view.state !== 'SUBMIT_UNKNOWN')) return;
  await recordPlacement(ctx, id, order, await requestPlacement(ctx, view.optionConId!, order));
}

function requestPlacement(ctx: TradeContext, conId: number, order: TradeOrder): Promise<Reply<OrderPlacement>> {
  return ctx.bus.request(Contracts.PlaceOrder, entryCommand(conId, order));
}

function approvalNotHeard(reply: Reply<OrderPlacement>): boolean {
  return !reply.ok && reply.code === OrderCommandErrorCode.RISK_NOT_APPROVED && reply.retryable === true;
}

/** The entry, to be sent by the gateway on the approval of risk check `checkId` (not yet answered). */
function requestPlacementOnApproval(ctx: TradeContext, conId: number, order: TradeOrder, checkId: string): Promise<Reply<OrderPlacement>> {
  return ctx.bus.request(Contracts.PlaceOrderV2, { ...entryCommand(conId, order), riskCheckId: checkId });
}

function entryCommand(conId: number, order: TradeOrder) {
  return {
    orderRef: order.orderRef, conId, side: 'BUY', quantity: order.quantity, orderType: order.orderType,
    ...(order.limitPrice !== null ? { limitPrice: order.limitPrice } : {}), tif: 'DAY', outsideRth: false, opening: true,
  } as const;
}

/** The gateway's answer to the entry's placement, in the trade: accepted, unknown (asked again later) or rejected. */
async function recordPlacement(ctx: TradeContext, id: TradeId, order: TradeOrder, reply: Reply<OrderPlacement>): Promise<void> {
  if (reply.ok && reply.value.outcome === 'accepted') {
    await appendIfAllowed(ctx, id, 'accepted', { orderRef: order.orderRef });
    scheduleReprice(ctx, id);
  } else if (placementOutcomeUnknown(reply)) {
    const reason = reply.ok ? 'the gateway could not confirm the placement' : reply.message;
    await appendIfAllowed(ctx, id, 'submit-unknown', { orderRef: order.orderRef, reason });
    ctx.timers.at(id, 'unknown', ctx.clock.now() + ctx.config.UNKNOWN_RETRY_MS, () => void ctx.queue.run(id, () => sendEntry(ctx, id)));
  } else if (!reply.ok && placementRefusedRetryably(reply) && ctx.clock.now() - order.pricedAt + ctx.config.UNKNOWN_RETRY_MS <= ctx.config.QUOTE_MAX_AGE_MS) {
    // Known not placed (TWS away, pacing) while the price is still fresh enough to trade on: sent
    // again shortly, same orderRef. Past that age the entry is not chased: rejected below.
    ctx.logger.warn({ tradeId: id, code: reply.code, message: reply.message }, 'entry not placed; sending it again');
    ctx.timers.at(id, 'unknown', ctx.clock.now() + ctx.config.UNKNOWN_RETRY_MS, () => void ctx.queue.run(id, () => sendEntry(ctx, id)));
  } else if (!reply.ok) {
    const v = await appendIfAllowed(ctx, id, 'rejected', { code: reply.code, message: reply.message, orderRef: order.orderRef });
    if (v) await afterEntryEnded(ctx, v, 'rejected');
  }
}

/** Cleans up after an entry that ended without a position. */
export async function afterEntryEnded(ctx: TradeContext, view: TradeView, reason: 'rejected' | 'cancelled'): Promise<void> {
  ctx.timers.cancelAll(view.tradeId);
  ctx.traces.forget(view.tradeId);
  if (view.openQuantity === 0) ctx.quotes.unwatch(view.optionConId ?? 0);
  await releaseReservation(ctx, view, reason);
}

export function scheduleReprice(ctx: TradeContext, id: TradeId): void {
  const view = ctx.store.get(id);
  const order = view?.entryOrder;
  if (!view || !order || order.orderType !== 'LMT' || order.status === 'ended') return;
  const settings = view.spec.reprice ?? {
    afterSeconds: ctx.config.REPRICE_AFTER_SECONDS, maxSteps: ctx.config.REPRICE_MAX_STEPS, cancelAfterLastStep: ctx.config.REPRICE_CANCEL_AFTER_LAST,
  };
  ctx.timers.at(id, 'reprice', nextRepriceAt(order.pricedAt, settings), () => {
    void ctx.queue.run(id, async () => {
      const v = ctx.store.get(id);
      const o = v?.entryOrder;
      if (!v || !o || o.status === 'ended' || !['WORKING', 'PARTIALLY_FILLED'].includes(v.state) || o.limitPrice === null) return;
      const rule = await marketRuleFor(ctx, v.marketRuleId);
      if (!rule) return;
      const step = repriceStep(o.limitPrice, o.repriceSteps, settings, rule);
      if (step.action === 'reprice') {
        const reply = await ctx.bus.request(Contracts.ModifyOrder, { orderRef: o.orderRef, limitPrice: step.limitPrice });
        if (reply.ok) await appendIfAllowed(ctx, id, 'repriced', { orderRef: o.orderRef, limitPrice: step.limitPrice, step: step.step });
        scheduleReprice(ctx, id);
      } else if (step.action === 'cancel') {
        await ctx.bus.request(Contracts.CancelOrder, { orderRef: o.orderRef });
      }
    });
  });
}
