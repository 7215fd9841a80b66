import { easternParts, easternToEpoch, type MarketCalendar } from '@arctrigger/service-kit';
import type { InstrumentRegistry, OptionInstrument, StockInstrument } from './instruments';
import { MarketRuleId } from './market-rules';

/**
 * Generates an underlying's option chain as of a date: weekly expiries (every Friday, Thursday when
 * Friday is a holiday) and monthly ones (third Friday); strikes per price band, narrower and finer
 * for weeklies than for monthlies, so strikes differ by expiry as on a real chain. ConIds are a
 * hash of the contract, so the same scenario always yields the same ids.
 */
export function addOptionChain(registry: InstrumentRegistry, stock: StockInstrument, asOf: number, calendar: MarketCalendar): void {
  const { weeklyExpiries, monthlyExpiries, tickRule } = stock.spec.options;
  const marketRule = tickRule === 'penny' ? MarketRuleId.OPTION_PENNY : MarketRuleId.OPTION_NICKEL;
  const expiries = expiryDates(asOf, weeklyExpiries, monthlyExpiries, calendar);
  for (const { date, monthly } of expiries) {
    const [y, m, d] = date.split('-').map(Number) as [number, number, number];
    const expiry = date.replaceAll('-', '');
    const expiresAt = easternToEpoch(y, m, d, 16, 0);
    for (const strike of strikesFor(stock.spec.price, monthly)) {
      for (const right of ['C', 'P'] as const) {
        registry.addOption(makeOption(registry, stock, expiry, expiresAt, strike, right, marketRule));
      }
    }
  }
}

function makeOption(
  registry: InstrumentRegistry,
  stock: StockInstrument,
  expiry: string,
  expiresAt: number,
  strike: number,
  right: 'C' | 'P',
  marketRule: MarketRuleId,
): OptionInstrument {
  let conId = 100_000_000 + (fnv1a(`${stock.conId}|${expiry}|${strike}|${right}`) % 800_000_000);
  while (registry.hasConId(conId)) conId++;
  const occStrike = String(Math.round(strike * 1000)).padStart(8, '0');
  return {
    secType: 'OPT',
    conId,
    symbol: stock.symbol,
    localSymbol: `${stock.symbol.padEnd(6)}${expiry.slice(2)}${right}${occStrike}`,
    tradingClass: stock.symbol,
    underlying: stock,
    expiry,
    expiresAt,
    strike,
    right,
    multiplier: 100,
    marketRule,
  };
}

interface Expiry {
  date: string;
  monthly: boolean;
}

function expiryDates(asOf: number, weeklies: number, monthlies: number, calendar: MarketCalendar): Expiry[] {
  const today = easternParts(asOf);
  const start = Date.UTC(today.year, today.month - 1, today.day);
  const result = new Map<string, Expiry>();
  const fridays: string[] = [];
  for (let day = 0; fridays.length < 60 && day < 400; day++) {
    const t = new Date(start + day * 86_400_000);
    if (t.getUTCDay() === 5) fridays.push(t.toISOString().slice(0, 10));
  }
  const tradable = (friday: string) => (calendar.isTradingDay(friday) ? friday : shiftDays(friday, -1));
  for (const friday of fridays.slice(0, weeklies)) result.set(tradable(friday), { date: tradable(friday), monthly: false });
  let months = 0;
  for (const friday of fridays) {
    if (months >= monthlies) break;
    const dom = Number(friday.slice(8, 10));
    if (dom >= 15 && dom <= 21) {
      result.set(tradable(friday), { date: tradable(friday), monthly: true });
      months++;
    }
  }
  return [...result.values()].sort((a, b) => a.date.localeCompare(b.date));
}

function shiftDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** Strike increment by price band, as listed exchanges do. */
export function strikeIncrement(price: number): number {
  if (price < 5) return 0.5;
  if (price < 25) return 1;
  if (price < 200) return 2.5;
  if (price < 500) return 5;
  return 10;
}

export function strikesFor(spot: number, monthly: boolean): number[] {
  const step = strikeIncrement(spot);
  const strikes = new Set<number>();
  const inner = monthly ? 0.1 : 0.12;
  const outer = monthly ? 0.3 : 0.12;
  const centre = Math.round(spot / step) * step;
  for (let k = centre - spot * outer; k <= centre + spot * outer; k += step) {
    const strike = Math.round(Math.round(k / step) * step * 100) / 100;
    const distance = Math.abs(strike - spot) / spot;
    if (strike <= 0) continue;
    // Monthlies list every strike near the money and every second one further out.
    if (distance > inner && Math.round(strike / step) % 2 !== 0) continue;
    strikes.add(strike);
  }
  return [...strikes].sort((a, b) => a - b);
}

function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}
