import { TriggerErrorCode, type TradeId, type TradeView, type TradingState, type TriggerId } from '@arctrigger/contracts';
import type { Clock } from '@arctrigger/service-kit';
import type { Logger } from 'pino';
import type { TradeScheduler } from '../ports/trade-scheduler.port';
import type { TradeStorePort } from '../ports/trade-store.port';
import type { TradingStatePort } from '../ports/trading-state.port';
import type { TriggerPort } from '../ports/trigger.port';
import { checkBreakout } from '../domain/protection/stop-level';
import { entryTriggerIdAt, type EntryTrigger } from './entry-trigger';
import type { UnderlyingPrice } from './underlying-price';

export interface EntrySuspensionDeps {
  trades: TradeStorePort;
  triggers: TriggerPort;
  tradingState: TradingStatePort;
  entryTrigger: EntryTrigger;
  /** The breakout is validated again on resume, against the underlying's price now. */
  underlying: UnderlyingPrice;
  scheduler: TradeScheduler;
  clock: Clock;
  logger: Logger;
  /** A resume the trigger-service could not take (no answer, a conflict) is tried again after this. */
  retryMs: number;
}

const RESUME_TIMER = 'resume';

/**
 * HALTED keeps the book. While trading is not ACTIVE an armed trade is SUSPENDED: its entry
 * trigger is disarmed (by the kill switch, or here), the trade itself stays. When trading is ACTIVE
 * again it is RESUMED under a new entry trigger id: armed as the trade was — unless the level was
 * crossed meanwhile and the trade does not say `fireImmediately`; then the breakout must happen
 * again, so a reset trigger (the same level, the other way) is armed first, and only when it fires
 * (the price is back) is the real entry armed. Stops and take-profits are never touched: positions
 * stay protected throughout. Every step runs in the trade's queue.
 */
export class EntrySuspension {
  constructor(private readonly d: EntrySuspensionDeps) {}

  /**
   * ARMED → SUSPENDED. `disarmed`: the entry trigger the kill switch has already disarmed (nothing
   * to disarm again); otherwise the trade's trigger is disarmed here, after the event is stored.
   */
  async suspend(id: TradeId, tradingState: TradingState, reason: string, causationId: string | null, disarmed?: TriggerId): Promise<void> {
    const { trades, triggers, scheduler, logger } = this.d;
    const v = trades.get(id);
    if (!v || v.state !== 'ARMED') return;
    const triggerId = v.entryTriggerId;
    const next = await trades.appendIfAllowed(id, 'suspended', { tradingState, reason, triggerId }, causationId);
    if (!next) return;
    scheduler.cancel(id, RESUME_TIMER);
    if (!triggerId || triggerId === disarmed) return;
    const reply = await triggers.disarm(triggerId, `trade suspended: trading ${tradingState}`);
    // Already fired or gone: the trade is suspended either way, and the gateway refuses opening orders.
    if (!reply.ok && reply.code !== TriggerErrorCode.NOT_ARMED) logger.warn({ tradeId: id, triggerId, code: reply.code }, 'suspended trade: entry trigger not disarmed');
  }

  /** SUSPENDED → ARMED: the entry armed again, or its reset when the level was crossed meanwhile. */
  async resume(id: TradeId): Promise<void> {
    const { trades, entryTrigger, tradingState, underlying } = this.d;
    const v = trades.get(id);
    // A retry after trading left ACTIVE again waits for the next ACTIVE.
    if (!v || v.state !== 'SUSPENDED' || tradingState.current()?.state !== 'ACTIVE') return;
    // Stable across a crash before `resumed` is stored (the revision has not moved): arming is idempotent by id.
    const triggerId = entryTriggerIdAt(id, v.revision + 1);
    let crossed = false;
    if (!v.spec.fireImmediately) {
      // The breakout validated again, as at arm: the trigger-service's own check (reject) needs a
      // fresh quote it may not hold — the instrument's lines were released while halted.
      const now = await underlying.current(v.underConId!, v.spec.trigger.source, v.spec.symbol);
      if (now === null) return this.retryLater(id, 'no current price of the underlying to validate the breakout');
      crossed = !checkBreakout(v.spec.right, v.spec.trigger.price, now).ok;
    }
    const armed = crossed ? undefined : await entryTrigger.armAs(v, triggerId, 'extended', v.spec.fireImmediately);
    if (armed?.ok) {
      await trades.append(id, 'resumed', { entryTriggerId: triggerId, awaitsReset: false });
      return;
    }
    // Crossed while suspended (seen here, or ALREADY_MET at the trigger-service); TRIGGER_EXISTS:
    // the reset was armed under this id before a crash.
    if (!armed || armed.code === TriggerErrorCode.ALREADY_MET || armed.code === TriggerErrorCode.TRIGGER_EXISTS) {
      const reset = await entryTrigger.armReset(v, triggerId);
      if (reset.ok) {
        await trades.append(id, 'resumed', { entryTriggerId: triggerId, awaitsReset: true });
        return;
      }
    }
    this.retryLater(id, `the trigger-service refused: ${armed?.code ?? 'reset not armed'}`);
  }

  /** The reset trigger of a resumed trade fired: the price is back, the real entry is armed (a new breakout fires it). */
  async onResetFired(view: TradeView, triggerId: TriggerId): Promise<void> {
    if (view.state !== 'ARMED' || !view.entryAwaitsReset || view.entryTriggerId !== triggerId) return;
    const next = await this.d.trades.append(view.tradeId, 'entry-rearmed', { entryTriggerId: entryTriggerIdAt(view.tradeId, view.revision + 1) });
    await this.d.entryTrigger.arm(next, 'extended', true);
  }

  private retryLater(id: TradeId, why: string): void {
    const { scheduler, clock, logger, retryMs } = this.d;
    logger.warn({ tradeId: id, retryInMs: retryMs, why }, 'suspended trade not re-armed yet; retrying');
    scheduler.at(id, RESUME_TIMER, clock.now() + retryMs, () => this.resume(id));
  }
}
