import type { StockSpec } from '../scenario/scenario-schema';
import type { MarketRuleId } from './market-rules';

export const SecType = { STK: 'STK', OPT: 'OPT' } as const;
export type SecType = (typeof SecType)[keyof typeof SecType];

export interface StockInstrument {
  secType: 'STK';
  conId: number;
  symbol: string;
  localSymbol: string;
  tradingClass: string;
  primaryExchange: string;
  longName: string;
  industry: string;
  multiplier: 1;
  marketRule: MarketRuleId;
  spec: StockSpec;
}

export interface OptionInstrument {
  secType: 'OPT';
  conId: number;
  symbol: string;
  localSymbol: string;
  tradingClass: string;
  underlying: StockInstrument;
  /** YYYYMMDD */
  expiry: string;
  /** Epoch ms of the expiry day's 16:00 US/Eastern. */
  expiresAt: number;
  strike: number;
  right: 'C' | 'P';
  multiplier: 100;
  marketRule: MarketRuleId;
}

export type Instrument = StockInstrument | OptionInstrument;

/** The contract fields a request names, as read from the wire. */
export interface ContractQuery {
  conId: number;
  symbol: string;
  secType: string;
  lastTradeDateOrContractMonth: string;
  strike: number;
  right: string;
  multiplier: string;
  exchange: string;
  primaryExch: string;
  currency: string;
  localSymbol: string;
  tradingClass: string;
}

/** All simulated instruments, indexed by conId and by description. */
export class InstrumentRegistry {
  private readonly byConId = new Map<number, Instrument>();
  private readonly stocksBySymbol = new Map<string, StockInstrument>();
  private readonly optionsByUnderlying = new Map<number, OptionInstrument[]>();

  addStock(stock: StockInstrument): void {
    this.byConId.set(stock.conId, stock);
    this.stocksBySymbol.set(stock.symbol, stock);
    this.optionsByUnderlying.set(stock.conId, []);
  }

  addOption(option: OptionInstrument): void {
    this.byConId.set(option.conId, option);
    this.optionsByUnderlying.get(option.underlying.conId)?.push(option);
  }

  hasConId(conId: number): boolean {
    return this.byConId.has(conId);
  }

  get(conId: number): Instrument | undefined {
    return this.byConId.get(conId);
  }

  stock(symbol: string): StockInstrument | undefined {
    return this.stocksBySymbol.get(symbol.toUpperCase());
  }

  stocks(): StockInstrument[] {
    return [...this.stocksBySymbol.values()];
  }

  optionsOf(underlyingConId: number): readonly OptionInstrument[] {
    return this.optionsByUnderlying.get(underlyingConId) ?? [];
  }

  /** Every instrument a (possibly partial) contract description matches. */
  find(q: ContractQuery): Instrument[] {
    const secType = q.secType.toUpperCase();
    if (q.currency && q.currency.toUpperCase() !== 'USD') return [];
    if (q.conId > 0) {
      const hit = this.byConId.get(q.conId);
      return hit && (!secType || hit.secType === secType) ? [hit] : [];
    }
    if (secType === SecType.STK) {
      const stock = this.stock(q.symbol || q.localSymbol);
      return stock ? [stock] : [];
    }
    if (secType !== SecType.OPT) return [];
    if (q.localSymbol) {
      const wanted = q.localSymbol.replace(/\s+/g, ' ').trim();
      const under = this.stock(q.localSymbol.slice(0, 6).trim());
      return (under ? this.optionsOf(under.conId) : []).filter((o) => o.localSymbol.replace(/\s+/g, ' ').trim() === wanted);
    }
    const under = this.stock(q.symbol);
    if (!under) return [];
    const right = normaliseRight(q.right);
    return this.optionsOf(under.conId).filter(
      (o) =>
        (!q.lastTradeDateOrContractMonth || o.expiry.startsWith(q.lastTradeDateOrContractMonth)) &&
        (!q.strike || Math.abs(o.strike - q.strike) < 1e-6) &&
        (!right || o.right === right) &&
        (!q.tradingClass || o.tradingClass === q.tradingClass) &&
        (!q.multiplier || Number(q.multiplier) === o.multiplier),
    );
  }
}

function normaliseRight(right: string): 'C' | 'P' | undefined {
  const r = right.toUpperCase();
  if (r === 'C' || r === 'CALL') return 'C';
  if (r === 'P' || r === 'PUT') return 'P';
  return undefined;
}

export function stockFromSpec(spec: StockSpec, marketRule: MarketRuleId): StockInstrument {
  return {
    secType: 'STK',
    conId: spec.conId,
    symbol: spec.symbol,
    localSymbol: spec.symbol,
    tradingClass: spec.primaryExchange === 'NASDAQ' ? 'NMS' : spec.symbol,
    primaryExchange: spec.primaryExchange,
    longName: spec.longName ?? `${spec.symbol} INC`,
    industry: spec.industry ?? 'Technology',
    multiplier: 1,
    marketRule,
    spec,
  };
}
