import {
  Contracts,
  fail,
  LookupErrorCode,
  MAX_OPTIONS_PER_ENTRY,
  ok,
  ResolutionStatus,
  WatchlistErrorCode,
  type EntryResolution,
  type ErrorReply,
  type OptionChain,
  type CodesOf,
  type Reply,
  type ResolvedOption,
  type Right,
  type WatchlistEntrySpec,
} from '@arctrigger/contracts';
import { easternParts, latestOrFirstQuote, type Bus, type Clock, type MarketDataLeases } from '@arctrigger/service-kit';
import { nextExpiry, strikesFor } from './strike-choice';

/** What a resolution can be refused with: the put's codes (the look-ups' pass on). */
export type ResolveCode = Exclude<CodesOf<typeof Contracts.PutWatchlistEntry>, 'WATCHLIST_FULL' | 'CONFLICT'>;

/** Options qualified at once: the gateway paces its requests to TWS anyway. */
const QUALIFY_BATCH = 8;

export interface ResolverDeps {
  bus: Bus;
  clock: Clock;
  leases: MarketDataLeases;
  quoteWaitMs: number;
}

/**
 * Pre-resolves one entry the way the order-service arms: the underlying qualified, the option
 * chain fetched, each chosen expiry present (no roll), each strike present in its expiry, every
 * option qualified and its market rule fetched. The gateway caches these look-ups, so an arm from
 * the list afterwards asks TWS nothing. A refusal carries the arm's code and changes nothing.
 */
export async function resolveEntry(deps: ResolverDeps, spec: WatchlistEntrySpec): Promise<Reply<EntryResolution, ResolveCode>> {
  const { bus } = deps;
  const stock = await bus.request(Contracts.QualifyContract, { secType: 'STK', symbol: spec.symbol });
  if (!stock.ok) return fail(stock.code, `underlying ${spec.symbol}: ${stock.message}`, retryableOf(stock));
  const underConId = stock.value.conId;
  const chain = await bus.request(Contracts.OptionChain, { symbol: spec.symbol, underConId });
  if (!chain.ok) return fail(chain.code, `option chain for ${spec.symbol}: ${chain.message}`, retryableOf(chain));

  const expiries = chosenExpiries(spec, chain.value, easternParts(deps.clock.now()).date.replace(/-/g, ''));
  if (!expiries.ok) return expiries;

  let price: number | null = null;
  if (spec.strikes.mode === 'atm') {
    deps.leases.want(underConId);
    await deps.leases.beat();
    const quote = await latestOrFirstQuote(bus, deps.clock, underConId, deps.quoteWaitMs);
    const t = quote.ok ? quote.value : null;
    price = t?.last ?? (t?.bid != null && t.ask != null ? (t.bid + t.ask) / 2 : null);
  }

  const wanted: Array<{ expiry: string; strike: number; right: Right }> = [];
  for (const expiry of expiries.value) {
    const available = chain.value.expiries.find((e) => e.expiry === expiry)?.strikes ?? [];
    const strikes = strikesFor(spec.strikes, available, price, `${spec.symbol} ${expiry}`);
    if (!strikes.ok) return strikes;
    for (const strike of strikes.value) for (const right of spec.rights) wanted.push({ expiry, strike, right });
  }
  if (wanted.length > MAX_OPTIONS_PER_ENTRY) {
    return fail(WatchlistErrorCode.TOO_MANY_OPTIONS, `${spec.symbol}: ${wanted.length} options asked, at most ${MAX_OPTIONS_PER_ENTRY} per entry (each is a market-data line)`);
  }

  const options: ResolvedOption[] = [];
  for (let i = 0; i < wanted.length; i += QUALIFY_BATCH) {
    const batch = wanted.slice(i, i + QUALIFY_BATCH);
    const replies = await Promise.all(batch.map((w) => bus.request(Contracts.QualifyContract, { secType: 'OPT', symbol: spec.symbol, ...w })));
    for (const [j, reply] of replies.entries()) {
      const w = batch[j]!;
      if (!reply.ok) return fail(reply.code, `option ${spec.symbol} ${w.expiry} ${w.strike} ${w.right}: ${reply.message}`, retryableOf(reply));
      const d = reply.value;
      options.push({ ...w, conId: d.conId, localSymbol: d.localSymbol, multiplier: d.multiplier, marketRuleId: d.marketRuleIds[0] ?? null });
    }
  }
  for (const ruleId of new Set(options.map((o) => o.marketRuleId).filter((id): id is number => id !== null))) {
    const rule = await bus.request(Contracts.MarketRule, { marketRuleId: ruleId });
    if (!rule.ok) return fail(WatchlistErrorCode.NO_MARKET_RULE, `market rule ${ruleId} for ${spec.symbol}: ${rule.message}`, retryableOf(rule));
  }
  return ok({ status: ResolutionStatus.RESOLVED, at: deps.clock.now(), underConId, price, expiries: expiries.value, options, error: null });
}

function chosenExpiries(spec: WatchlistEntrySpec, chain: OptionChain, today: string): Reply<string[], 'EXPIRY_NOT_FOUND'> {
  const listed = chain.expiries.filter((e) => e.strikes.length > 0).map((e) => e.expiry);
  const out: string[] = [];
  for (const choice of spec.expiries) {
    if (choice === 'next') {
      const next = nextExpiry(listed, today);
      if (!next) return fail(LookupErrorCode.EXPIRY_NOT_FOUND, `${spec.symbol} has no option expiring after today`);
      out.push(next);
    } else if (!listed.includes(choice)) {
      return fail(LookupErrorCode.EXPIRY_NOT_FOUND, `${spec.symbol} has no options expiring ${choice} (no roll to another expiry)`);
    } else out.push(choice);
  }
  return ok([...new Set(out)].sort());
}

/** Codes that pass with time (not the entry's fault): such a failure is retried, and a put says so. */
const PASSING = new Set<string>([LookupErrorCode.TWS_DISCONNECTED, LookupErrorCode.LOOKUP_TIMEOUT, 'TIMEOUT', 'NO_RESPONDERS']);

function retryableOf(reply: Pick<ErrorReply, 'retryable' | 'code'>): { retryable?: boolean } {
  return reply.retryable || PASSING.has(reply.code) ? { retryable: true } : {};
}

/** A failed resolution, kept on the entry until the next one. */
export function failedResolution(previous: EntryResolution, error: Pick<ErrorReply, 'code' | 'message'>, at: number): EntryResolution {
  return { ...previous, status: ResolutionStatus.FAILED, at, error: { code: error.code, message: error.message } };
}

export function isPassingFailure(resolution: EntryResolution): boolean {
  return resolution.status === ResolutionStatus.FAILED && resolution.error !== null && PASSING.has(resolution.error.code);
}
