import { Contracts, type MarketRule, type TradeId, type TradeView } from '@arctrigger/contracts';
import type { Bus, Clock, MarketCalendar } from '@arctrigger/service-kit';
import type { Logger } from 'pino';
import type { OrderServiceConfig } from '../config';
import type { QuoteBook } from './quote-book';
import type { KeyedQueue } from './keyed-queue';
import type { TradeStore } from './trade-store';
import type { TradeTimers } from './trade-timers';
import type { TradeTraces } from './trade-traces';
import { canTransition } from '../domain/lifecycle/transition-table';
import type { TradeEventType } from '../domain/lifecycle/trade-event-type';
import type { TradeFacts } from '../domain/trade/trade-facts';

/** What every use case of the order-service works with. */
export interface TradeContext {
  readonly bus: Bus;
  readonly store: TradeStore;
  readonly quotes: QuoteBook;
  readonly timers: TradeTimers;
  readonly queue: KeyedQueue;
  readonly clock: Clock;
  readonly calendar: MarketCalendar;
  readonly config: OrderServiceConfig;
  readonly logger: Logger;
  readonly rules: Map<number, MarketRule>;
  readonly traces: TradeTraces;
}

/**
 * Appends an event caused by the outside world (broker, trigger, timer) only when the table
 * allows it from the trade's current state; otherwise it is a duplicate or arrived out of order
 * and is ignored (returns undefined).
 */
export async function appendIfAllowed<T extends TradeEventType>(
  ctx: TradeContext,
  tradeId: TradeId,
  type: T,
  facts: TradeFacts[T],
  causationId: string | null = null,
): Promise<TradeView | undefined> {
  const view = ctx.store.get(tradeId);
  if (!view || !canTransition(view.state, type)) {
    ctx.logger.debug({ tradeId, state: view?.state, event: type }, 'event ignored: not applicable in this state');
    return undefined;
  }
  return ctx.store.append(tradeId, type, facts, causationId);
}

/** The contract's market rule (cached); null when the gateway cannot give it. */
export async function marketRuleFor(ctx: TradeContext, marketRuleId: number | null): Promise<MarketRule | null> {
  if (marketRuleId === null) return null;
  const cached = ctx.rules.get(marketRuleId);
  if (cached) return cached;
  const reply = await ctx.bus.request(Contracts.MarketRule, { marketRuleId });
  if (!reply.ok) return null;
  ctx.rules.set(marketRuleId, reply.value);
  return reply.value;
}

/** Releases a risk reservation; failures are logged (reservations expire at the risk-service anyway). */
export async function releaseReservation(ctx: TradeContext, view: TradeView, reason: 'rejected' | 'cancelled' | 'filled' | 'expired'): Promise<void> {
  if (!view.reservationId) return;
  const reply = await ctx.bus.request(Contracts.ReleaseReservation, { reservationId: view.reservationId, reason });
  if (!reply.ok) ctx.logger.warn({ tradeId: view.tradeId, code: reply.code }, 'reservation release failed');
}

