import { parseOrderRef, type Execution, type TradeFill, type TradeView } from '@arctrigger/contracts';
import type { Clock } from '@arctrigger/service-kit';
import type { Logger } from 'pino';
import { entryComplete } from '../../domain/lifecycle/trade-state-sets';
import { isFinal } from '../../domain/lifecycle/transition-table';
import { remainingOf } from '../../domain/exits/sell-budget';
import { exitEndEvent } from '../../domain/trade/evolve';
import type { TradeTraces } from '../../adapters/trade-traces';
import type { Exits } from '../../flows/exits';
import type { Protection } from '../../flows/protection';
import type { ProtectiveStop } from '../../flows/protective-stop';
import type { AlertPort } from '../../ports/alert.port';
import type { BrokerPort } from '../../ports/broker.port';
import type { QuotePort } from '../../ports/quote.port';
import type { RiskPort } from '../../ports/risk.port';
import type { TradeScheduler } from '../../ports/trade-scheduler.port';
import type { TradeStorePort } from '../../ports/trade-store.port';
import type { TriggerPort } from '../../ports/trigger.port';

export interface BookExecutionDeps {
  trades: TradeStorePort;
  risk: RiskPort;
  triggers: TriggerPort;
  broker: BrokerPort;
  quotes: QuotePort;
  scheduler: TradeScheduler;
  traces: TradeTraces;
  protection: Protection;
  guard: ProtectiveStop;
  exits: Exits;
  alerts: AlertPort;
  clock: Clock;
  logger: Logger;
}

/**
 * One execution from gw.exec, counted once by execId, whatever the trade's state: an entry fill
 * (protected at once, the protection deadline started by the first — a fill after the trade ended
 * without a position re-opens it) or an exit fill (the position reduced, closed when nothing is
 * left; a sell after the close is booked as a short and alerted). Quantities come from executions
 * only, never from order status.
 */
export class BookExecution {
  constructor(private readonly d: BookExecutionDeps) {}

  async execute(exec: Execution): Promise<void> {
    const ref = parseOrderRef(exec.orderRef);
    if (!ref) return;
    const view = this.d.trades.get(ref.tradeId);
    if (!view || view.fills.some((f) => f.execId === exec.execId)) return;
    const fill: TradeFill = { execId: exec.execId, orderRef: ref.orderRef, leg: ref.leg, side: exec.side, shares: exec.shares, price: exec.price, at: exec.executedAt };
    if (ref.leg === 'entry') return this.entryFill(view, fill);
    return this.exitFill(view, fill);
  }

  private async entryFill(view: TradeView, fill: TradeFill): Promise<void> {
    const { trades, risk, traces, protection, exits, broker, clock, logger } = this.d;
    const id = view.tradeId;
    const bought = view.filledQuantity + fill.shares;
    const late = isFinal(view.state) && view.state !== 'CLOSED';
    const complete = bought >= (view.entryOrder?.quantity ?? 0) || entryComplete(view.state);
    const next = await trades.appendIfAllowed(id, complete ? 'filled' : 'partially-filled', { fill }, fill.execId);
    if (!next) return logger.error({ tradeId: id, state: view.state, execId: fill.execId }, 'entry fill in a state that cannot take it');
    if (complete) await risk.release(id, next.reservationId, 'filled');
    if (complete) traces.forget(id);
    if (view.filledQuantity === 0) protection.scheduleDeadline(id, next.firstFillAt ?? clock.now());
    // Ended, yet bought: whatever of the entry may still work at the broker is not wanted.
    if (late && !complete && view.entryOrder) await broker.cancel(view.entryOrder.orderRef);
    await protection.protect(id);
    // Bought while the position is being closed (the entry's remainder filled before its cancel
    // landed): sold at once by the closing leg, not only once the exits before it are done.
    if (next.closing) await exits.continueClosing(id);
  }

  private async exitFill(view: TradeView, fill: TradeFill): Promise<void> {
    const { trades, guard, exits } = this.d;
    const id = view.tradeId;
    if (view.state === 'CLOSED') return this.fillAfterClose(view, fill);
    const exit = view.exits.find((x) => x.orderRef === fill.orderRef);
    const liveAfter = view.openQuantity - fill.shares;
    const exitDone = exit ? remainingOf(view, exit) - fill.shares <= 0 : true;
    // While the entry may still buy (PARTIALLY_FILLED), a sell only reduces the position.
    if (liveAfter <= 0 && view.state !== 'PARTIALLY_FILLED') {
      const closed = await trades.appendIfAllowed(id, 'closed', { orderRef: fill.orderRef, fill }, fill.execId);
      if (!closed) return this.unbookable(view, fill);
      await this.afterClosed(closed);
      if (closed.shortQuantity > 0) await this.alertShort(closed, fill, 'sold more than the trade held');
      return;
    }
    // The protective stop is no exit in progress: its fills only reduce the position.
    if (!exitDone || view.state !== 'EXITING' || fill.leg === 'guard') {
      const booked = await trades.appendIfAllowed(id, 'exit-partially-filled', { fill }, fill.execId);
      if (!booked) return this.unbookable(view, fill);
      // The last execution of a cancelled protective stop frees what it held for the closing leg.
      if (fill.leg === 'guard') await exits.continueClosing(id);
      await guard.ensure(id);
      return;
    }
    await trades.appendIfAllowed(id, exitEndEvent(view, fill.orderRef), { orderRef: fill.orderRef, fill, reason: null }, fill.execId);
    await exits.continueClosing(id);
    await guard.ensure(id);
  }

  /** A sell after the trade closed: booked (the trade goes short), alerted; nothing trades it automatically. */
  private async fillAfterClose(view: TradeView, fill: TradeFill): Promise<void> {
    const next = await this.d.trades.appendIfAllowed(view.tradeId, 'exit-partially-filled', { fill }, fill.execId);
    if (next) await this.alertShort(next, fill, 'a sell filled after the trade closed');
  }

  private async alertShort(view: TradeView, fill: TradeFill, what: string): Promise<void> {
    this.d.logger.error({ tradeId: view.tradeId, execId: fill.execId, shortQuantity: view.shortQuantity }, what);
    await this.d.alerts.raise({
      code: 'FILL_AFTER_CLOSE', severity: 'critical', dedupKey: `fill-after-close:${view.tradeId}:${fill.execId}`,
      message: `Trade ${view.tradeId}: ${what} (${fill.shares} by ${fill.orderRef}); it is now short ${view.shortQuantity} — decide how to close it.`,
      facts: { tradeId: view.tradeId, orderRef: fill.orderRef, execId: fill.execId, shares: fill.shares, price: fill.price, shortQuantity: view.shortQuantity, openQuantity: view.openQuantity },
    });
  }

  /** A sell the trade's state cannot take (none is expected to remain): logged and alerted, never silent. */
  private async unbookable(view: TradeView, fill: TradeFill): Promise<void> {
    this.d.logger.error({ tradeId: view.tradeId, state: view.state, execId: fill.execId }, 'exit fill in a state that cannot take it');
    await this.d.alerts.raise({
      code: 'FILL_AFTER_CLOSE', severity: 'critical', dedupKey: `fill-unbooked:${view.tradeId}:${fill.execId}`,
      message: `Trade ${view.tradeId}: a sell of ${fill.shares} (${fill.orderRef}) arrived in ${view.state}, which cannot take it; check the broker's position.`,
      facts: { tradeId: view.tradeId, state: view.state, orderRef: fill.orderRef, execId: fill.execId, shares: fill.shares },
    });
  }

  /** After the position is flat: stop watching, disarm what is left, cancel any other working exit. */
  private async afterClosed(view: TradeView): Promise<void> {
    const { scheduler, quotes, triggers, broker } = this.d;
    scheduler.cancelAll(view.tradeId);
    quotes.unwatch(view.optionConId ?? 0);
    for (const triggerId of [view.stopTriggerId, view.takeProfitTriggerId]) {
      if (triggerId) await triggers.disarm(triggerId, 'trade closed');
    }
    for (const x of view.exits.filter((e) => e.status !== 'ended')) await broker.cancel(x.orderRef);
  }
}
