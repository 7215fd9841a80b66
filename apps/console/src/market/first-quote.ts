import { Contracts, type MarketTick } from '@arctrigger/contracts';
import { latestOrFirstQuote, type Bus, type Clock } from '@arctrigger/service-kit';
import { apiErrorOf } from '../http/reply-status';

/** The latest (or, for a contract just leased, the first complete) quote; a refusal is the console's ApiError. */
export async function quoteOrThrow(bus: Bus, clock: Clock, conId: number, waitMs: number): Promise<MarketTick> {
  const reply = await latestOrFirstQuote(bus, clock, conId, waitMs);
  if (!reply.ok) throw apiErrorOf(Contracts.QuoteSnapshot, reply);
  return reply.value;
}
