import type { ApiAnswer } from '../api-client';
import type { CommandContext } from '../command';
import { UsageError } from '../exit-codes';

/** What the arm command resolved against the live market, to say so before arming. */
export type Resolved<T> = { ok: true; value: T; note: string | null } | { ok: false; answer: ApiAnswer };

/**
 * `next`: the nearest expiry of the symbol's chain after today on the market clock (an option
 * expiring today is a choice of its own: give its date) — an explicit choice of the trader, said
 * back before arming (never a silent roll). A YYYYMMDD passes as it is; the order-service checks
 * it exists.
 */
export async function resolveExpiry(ctx: CommandContext, symbol: string, expiry: string): Promise<Resolved<string>> {
  if (expiry.toLowerCase() !== 'next') return { ok: true, value: expiry, note: null };
  const [chain, clock] = await Promise.all([
    ctx.client.call('GET', `/v1/market/chain?symbol=${encodeURIComponent(symbol)}`),
    ctx.client.call('GET', '/v1/system/clock'),
  ]);
  if (chain.status !== 200) return { ok: false, answer: chain };
  if (clock.status !== 200) return { ok: false, answer: clock };
  const today = (clock.body as { date: string }).date.replace(/-/g, '');
  const expiries = (chain.body as { expiries: Array<{ expiry: string }> }).expiries.map((e) => e.expiry).filter((e) => e > today).sort();
  const nearest = expiries[0];
  if (!nearest) return { ok: false, answer: { status: 404, body: { code: 'EXPIRY_NOT_FOUND', message: `${symbol} has no option expiring after today` }, exitCode: 2 } };
  return { ok: true, value: nearest, note: `expiry next → ${nearest}` };
}

/**
 * `+0.10` / `-0.10`: that far from the underlying's current price for the trigger's source (last,
 * bid, ask or mid), rounded to the cent; a plain number passes as it is.
 */
export async function resolveTrigger(ctx: CommandContext, symbol: string, trigger: string | undefined, source: string): Promise<Resolved<number>> {
  if (trigger === undefined) throw new UsageError('--trigger needs a price, or +X / -X from the current price');
  const amount = Number(trigger);
  if (!Number.isFinite(amount)) throw new UsageError('--trigger needs a price, or +X / -X from the current price');
  if (!/^[+-]/.test(trigger)) return { ok: true, value: amount, note: null };
  const quote = await ctx.client.call('GET', `/v1/market/quote?symbol=${encodeURIComponent(symbol)}`);
  if (quote.status !== 200) return { ok: false, answer: quote };
  const q = (quote.body as { quote: { last: number | null; bid: number | null; ask: number | null } }).quote;
  const current = source === 'mid' ? (q.bid !== null && q.ask !== null ? (q.bid + q.ask) / 2 : null) : q[source as 'last' | 'bid' | 'ask'];
  if (current === null || current === undefined) {
    return { ok: false, answer: { status: 404, body: { code: 'NO_QUOTE', message: `no ${source} price for ${symbol} yet; give the trigger as a price` }, exitCode: 2 } };
  }
  const value = Math.round((current + amount) * 100) / 100;
  return { ok: true, value, note: `trigger ${trigger} → ${value} (${symbol} ${source} ${current})` };
}
