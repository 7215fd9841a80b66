import { fail, ok, orderRefOf, TradeId, type AdoptPositionRequest, type Contracts, type ReplyOf, type TradeFill, type TradeView } from '@arctrigger/contracts';
import type { Clock } from '@arctrigger/service-kit';
import { adoptedStop } from '../../domain/adoption/adopted-stop';
import { externalHolding } from '../../domain/adoption/external-holding';
import type { Protection } from '../../flows/protection';
import { UnderlyingPrice } from '../../flows/underlying-price';
import type { BrokerPort } from '../../ports/broker.port';
import type { MarketPort } from '../../ports/market.port';
import type { QuotePort } from '../../ports/quote.port';
import type { RiskPort } from '../../ports/risk.port';
import type { TradeScheduler } from '../../ports/trade-scheduler.port';
import type { TradeStorePort } from '../../ports/trade-store.port';

export interface AdoptPositionDeps {
  trades: TradeStorePort;
  broker: BrokerPort;
  market: MarketPort;
  quotes: QuotePort;
  risk: RiskPort;
  protection: Protection;
  scheduler: TradeScheduler;
  clock: Clock;
  /** How long the underlying's price (the stop's reference) is waited for. */
  quoteWaitMs: number;
}

const SIX_PLACES = 1e6;

/**
 * `trade.cmd.adopt` (an admin): the external position in one option — the broker's long position
 * less what the trades hold, read from the broker now — becomes a new trade owned by the admin. The
 * option and its underlying are qualified again from the broker's description, the stop is placed
 * on the underlying's side of its price now, the gateway reads the broker's positions again (its
 * closing-sell check counts them), and the risk-service books the contracts on the trade
 * (its closing sells must be within its position) before the trade is recorded (`adopted`, OPEN,
 * holding them at avgCost / multiplier). Then it is protected exactly as after an entry fill: the
 * deadline starts, the stop trigger is armed (`protected`). Every refusal comes before anything is
 * recorded; a second adoption of the same contract finds it held and is refused ALREADY_ADOPTED.
 * The controller runs one adoption per contract at a time.
 */
export class AdoptPosition {
  constructor(private readonly d: AdoptPositionDeps) {}

  async execute(cmd: AdoptPositionRequest): Promise<ReplyOf<typeof Contracts.AdoptPosition>> {
    const { trades, broker, market, quotes, risk, clock, quoteWaitMs } = this.d;
    if (cmd.by.kind !== 'user' || cmd.by.role !== 'admin') return fail('ADMIN_ONLY', `only an admin may adopt an external position; ${cmd.by.name ?? cmd.by.id} is ${cmd.by.role ?? cmd.by.kind}`);
    const snapshot = await broker.snapshot();
    if (!snapshot.ok) return snapshot;
    const held = externalHolding(cmd.conId, snapshot.value.positions, trades.all());
    if (!held.ok) return held;
    const { quantity, brokerPosition, avgCost, option } = held.value;
    const { symbol, expiry, strike, right } = option;

    const stock = await market.qualify({ secType: 'STK', symbol });
    if (!stock.ok) return fail(stock.code, `underlying ${symbol}: ${stock.message}`);
    const details = await market.qualify({ secType: 'OPT', symbol, expiry, strike, right });
    if (!details.ok) return fail(details.code, `option ${symbol} ${expiry} ${strike} ${right}: ${details.message}`);
    if (details.value.conId !== cmd.conId) {
      return fail('CONTRACT_UNKNOWN', `the broker's description of contract ${cmd.conId} (${symbol} ${expiry} ${strike} ${right}) qualifies as contract ${details.value.conId}`);
    }
    const marketRuleId = details.value.marketRuleIds[0] ?? null;
    if (!(await market.marketRule(marketRuleId))) return fail('NO_MARKET_RULE', `no market rule for ${details.value.localSymbol}: its exits cannot be priced to a valid tick`);
    const underConId = stock.value.conId;
    const reference = await new UnderlyingPrice(quotes, quoteWaitMs).current(underConId, 'last', symbol);
    if (reference === null) return fail('NO_UNDERLYING_PRICE', `no current price for ${symbol}: the stop cannot be placed against it`);
    const stop = adoptedStop(right, cmd.stopLoss, reference);
    if (!stop.ok) return stop;

    // The gateway refuses a closing sell beyond the position it counts, which it reads from the
    // broker at reconciliation: a position bought outside ArcTrigger since then is unknown to it,
    // and the stop could never sell. Read again now, before the trade exists.
    const reconciled = await broker.reconcile(`adopting the external position in contract ${cmd.conId}`);
    if (!reconciled.ok) return fail(reconciled.code, `the gateway could not read the broker's positions again (nothing adopted): ${reconciled.message}`);

    const multiplier = details.value.multiplier;
    const price = Math.round((avgCost / multiplier) * SIX_PLACES) / SIX_PLACES;
    const now = clock.now();
    const tradeId = adoptedTradeId(cmd.conId, now, trades.all());
    const booked = await risk.adoptPosition({ tradeId, conId: cmd.conId, underlying: symbol, multiplier, quantity, price, at: now });
    if (!booked.ok) return fail('RISK_UNAVAILABLE', `the risk-service did not book the adopted position (nothing adopted): ${booked.code} ${booked.message}`);

    const fill: TradeFill = { execId: `adopted:${tradeId}`, orderRef: orderRefOf(tradeId, 'entry', 1), leg: 'entry', side: 'BUY', shares: quantity, price, at: now };
    return this.d.scheduler.run(tradeId, async () => {
      await trades.append(tradeId, 'adopted', {
        spec: {
          symbol, right, expiry, strike, trigger: { price: reference, source: 'last' }, size: { by: 'contracts', contracts: quantity }, entry: { type: 'MKT' },
          stopLoss: { mode: 'offset', offset: stop.value.offset }, takeProfit: cmd.takeProfit, premarketPolicy: 'hold', fireImmediately: false,
        },
        optionConId: cmd.conId, underConId, strike, multiplier, marketRuleId, stopLevel: stop.value.level, fill, brokerPosition, avgCost,
      });
      // Held like any trade's option: exits are priced on it; released when the trade closes.
      quotes.watch(cmd.conId);
      this.d.protection.scheduleDeadline(tradeId, now);
      await this.d.protection.protect(tradeId);
      return ok(trades.get(tradeId)!);
    });
  }
}

/**
 * The adopted trade's id: `adopt-<conId>-<UTC day>-<n>`, n counting the adoptions of the contract
 * the working set holds (every trade finished today stays in it). Derived, not random: two
 * order-service instances adopting the same position at once name the same trade, whose first event
 * TRADES stores once (Nats-Msg-Id `<tradeId>:1`, then the expected subject sequence), and whose stop
 * trigger and risk booking are idempotent by the same id: one trade, one stop.
 */
function adoptedTradeId(conId: number, now: number, trades: readonly TradeView[]): TradeId {
  const day = new Date(now).toISOString().slice(0, 10).replace(/-/g, '');
  const prefix = `adopt-${conId}-${day}-`;
  const n = trades.filter((v) => v.tradeId.startsWith(prefix)).length + 1;
  return TradeId.parse(`${prefix}${n}`);
}
