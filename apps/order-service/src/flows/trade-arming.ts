import { randomUUID } from 'node:crypto';
import { TradeId, fail, ok, type ArmTradeCommand, type CodesOf, type ContractDetails, type Contracts, type MarketRule, type Reply, type ReplyOf } from '@arctrigger/contracts';
import type { Clock, MarketCalendar } from '@arctrigger/service-kit';
import { checkBreakout, stopLevelFor } from '../domain/protection/stop-level';
import { priceEntry } from '../domain/pricing/entry-price';
import { sizeEntry } from '../domain/sizing/entry-size';
import type { MarketPort } from '../ports/market.port';
import type { QuotePort } from '../ports/quote.port';
import type { RiskPort } from '../ports/risk.port';
import type { TradeStorePort } from '../ports/trade-store.port';
import { entryTriggerIdAt, type EntryTrigger } from './entry-trigger';
import { UnderlyingPrice } from './underlying-price';

export interface TradeArmingDeps {
  trades: TradeStorePort;
  market: MarketPort;
  quotes: QuotePort;
  risk: RiskPort;
  entryTrigger: EntryTrigger;
  clock: Clock;
  calendar: MarketCalendar;
  /** How long arming waits for a cold quote (underlying, option ask). */
  quoteWaitMs: number;
}

type Spec = Omit<ArmTradeCommand, 'tradeId'>;

/**
 * Arming a trade (a new one, or a finished one reset): qualify the underlying and the option (the
 * strike must exist for that expiry; no roll), validate the breakout, risk pre-check, record the
 * trade, warm the option quote, arm the entry trigger. Idempotent by tradeId.
 */
export class TradeArming {
  constructor(private readonly d: TradeArmingDeps) {}

  /** `resetFrom`: the finished trade this one re-arms. */
  async arm(cmd: ArmTradeCommand, resetFrom: TradeId | null = null): Promise<ReplyOf<typeof Contracts.ArmTrade>> {
    const { trades, market, quotes, entryTrigger, quoteWaitMs } = this.d;
    const tradeId = cmd.tradeId ?? TradeId.parse(`t${randomUUID().replace(/-/g, '').slice(0, 16)}`);
    if (tradeId.length > 56) return fail('INVALID_TRADE_ID', 'trade id must be at most 56 characters');
    const { tradeId: _omit, ...spec } = cmd;
    const invalid = trades.invalidHistory(tradeId);
    if (invalid) return fail('TRADE_HISTORY_INVALID', invalid.message);
    const existing = trades.get(tradeId);
    if (existing) {
      const same = JSON.stringify(existing.spec) === JSON.stringify(spec) && existing.resetFrom === resetFrom;
      return same ? ok(existing) : fail('DUPLICATE_TRADE_ID', `trade ${tradeId} exists with another spec`);
    }
    const stock = await market.qualify({ secType: 'STK', symbol: spec.symbol });
    if (!stock.ok) return fail(stock.code, `underlying ${spec.symbol}: ${stock.message}`);
    const underConId = stock.value.conId;

    const current = await new UnderlyingPrice(quotes, quoteWaitMs).current(underConId, spec.trigger.source, spec.symbol);
    if (!spec.fireImmediately) {
      if (current === null) return fail('NO_UNDERLYING_PRICE', `no current ${spec.trigger.source} price for ${spec.symbol}: cannot validate the breakout`);
      const breakout = checkBreakout(spec.right, spec.trigger.price, current);
      if (!breakout.ok) return fail(breakout.code, breakout.message);
    }

    const chain = await market.chain({ symbol: spec.symbol, underConId, expiry: spec.expiry });
    if (!chain.ok) return fail(chain.code, `option chain for ${spec.symbol}: ${chain.message}`);
    const strikes = chain.value.expiries.find((e) => e.expiry === spec.expiry)?.strikes ?? [];
    if (strikes.length === 0) return fail('EXPIRY_NOT_FOUND', `${spec.symbol} has no options expiring ${spec.expiry} (no roll to another expiry)`);
    let strike: number;
    if (spec.strike === 'ATM') {
      const ref = current ?? spec.trigger.price;
      strike = strikes.reduce((best, s) => (Math.abs(s - ref) < Math.abs(best - ref) ? s : best), strikes[0]!);
    } else {
      if (!strikes.includes(spec.strike)) return fail('STRIKE_NOT_FOUND', `strike ${spec.strike} does not exist for ${spec.symbol} ${spec.expiry}`);
      strike = spec.strike;
    }
    const option = await market.qualify({ secType: 'OPT', symbol: spec.symbol, expiry: spec.expiry, strike, right: spec.right });
    if (!option.ok) return fail(option.code, `option ${spec.symbol} ${spec.expiry} ${strike} ${spec.right}: ${option.message}`);
    const details: ContractDetails = option.value;
    const marketRuleId = details.marketRuleIds[0] ?? null;
    const rule = await market.marketRule(marketRuleId);
    if (!rule) return fail('NO_MARKET_RULE', `no market rule for ${details.localSymbol}: cannot price to a valid tick`);

    quotes.watch(details.conId);
    const precheck = await this.riskPrecheck(tradeId, spec, details, rule);
    if (!precheck.ok) {
      quotes.unwatch(details.conId);
      return precheck;
    }

    const stopLevel = spec.stopLoss.mode === 'offset' ? stopLevelFor(spec.right, spec.trigger.price, spec.stopLoss.offset) : null;
    const view = await trades.append(tradeId, 'armed', {
      spec, optionConId: details.conId, underConId, strike, multiplier: details.multiplier, marketRuleId, stopLevel, entryTriggerId: entryTriggerIdAt(tradeId, 1),
      ...(resetFrom ? { resetFrom } : {}),
    });
    const armed = await entryTrigger.arm(view, 'extended');
    if (!armed.ok) {
      const failed = await trades.append(tradeId, 'failed', { code: armed.code, message: `entry trigger: ${armed.message}`, orderRef: null });
      quotes.unwatch(details.conId);
      return fail(armed.code, `entry trigger refused: ${armed.message} (trade ${failed.tradeId} is FAILED)`);
    }
    return ok(trades.get(tradeId)!);
  }

  /**
   * The arm-time risk pre-check, fail closed. In regular hours it is the order the fire would send
   * at today's ask: LMT = ask + offset on a valid tick (MKT at the ask), quantity = the contracts
   * asked for or floor(budget / (price × multiplier)); no usable ask within the quote wait refuses
   * the arm (the price cannot be judged). Outside regular hours options have no market: the whole
   * budget (or N contracts at the last ask held) is judged, and the session refusal is expected —
   * arming before the open is what the premarket policies are for. The check's purpose is `arm`:
   * it reserves nothing and does not count toward orders per minute (the fire-time check does).
   */
  private async riskPrecheck(tradeId: TradeId, spec: Spec, details: ContractDetails, rule: MarketRule): Promise<Reply<true, CodesOf<typeof Contracts.ArmTrade>>> {
    const { quotes, risk, clock, calendar, quoteWaitMs } = this.d;
    const session = calendar.sessionAt(clock.now());
    let quantity: number;
    let price: number;
    let ask: number | null = null;
    if (session === 'regular') {
      const quote = await quotes.waitUsable(details.conId, (q) => (q?.tick.ask ? { ok: true, bid: q.tick.bid ?? q.tick.ask, ask: q.tick.ask } : { ok: false, code: 'NO_QUOTE', message: 'no ask yet' }), quoteWaitMs);
      if (!quote.ok) return fail('NO_OPTION_QUOTE', `no ask quote for ${details.localSymbol} within ${quoteWaitMs} ms: the order cannot be priced or sized; try again`);
      const priced = priceEntry(spec.entry, quote.ask, rule);
      if (!priced.ok) return fail(priced.code, priced.message);
      const sized = sizeEntry(spec.size, priced.value.price, details.multiplier);
      if (!sized.ok) return fail(sized.code, `${sized.message} (at today's ask ${quote.ask})`);
      ({ quantity } = sized);
      price = priced.value.price;
      ask = quote.ask;
    } else {
      const lastAsk = quotes.get(details.conId)?.tick.ask ?? null;
      quantity = spec.size.by === 'contracts' ? spec.size.contracts : 1;
      price = spec.size.by === 'budget' ? spec.size.dollars / details.multiplier : (lastAsk ?? 0.01);
    }
    const reply = await risk.check({
      checkId: `${tradeId}.precheck`, tradeId, underlying: spec.symbol, conId: details.conId, side: 'BUY', quantity,
      price: Math.max(0.01, Math.round(price * 100) / 100), multiplier: details.multiplier, opening: true, session, ask,
      purpose: 'arm',
    });
    if (!reply.ok) return fail('RISK_UNAVAILABLE', `risk pre-check failed closed: ${reply.message}`);
    // Arming premarket is the point of the premarket policies: the entry is only placed in regular
    // hours, where the fire-time check judges the session again.
    if (!reply.value.approved && reply.value.code !== 'OUTSIDE_REGULAR_HOURS') return fail(reply.value.code, reply.value.message);
    return ok(true);
  }
}
