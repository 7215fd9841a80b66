import { Session } from '@arctrigger/contracts';
import type { MarketCalendar } from '@arctrigger/service-kit';
import type { Scenario } from '../scenario/scenario-schema';
import type { Instrument, InstrumentRegistry, StockInstrument } from './instruments';
import { PricePath } from './price-path';
import { sameTopOfBook, type Quote } from './quote';
import { optionQuote, stockQuote } from './quote-model';
import type { SeededRandom } from './seeded-random';

export type QuoteListener = (instrument: Instrument, quote: Quote) => void;

/** The instruments whose conId % `of` is `index`. */
export interface QuoteSlot {
  readonly index: number;
  readonly of: number;
}

const EVERY_INSTRUMENT: QuoteSlot = { index: 0, of: 1 };

/** Slots of at least 10 ms each, at most 25, that one tick interval is spread over in real time. */
export function quoteSlotsFor(tickIntervalMs: number): number {
  return Math.max(1, Math.min(25, Math.floor(tickIntervalMs / 10)));
}

/**
 * The simulated market: one price path per underlying, quotes for the instruments someone watches
 * (subscriptions and working orders), recomputed on every step. Underlyings trade from premarket
 * to the end of after-hours; options are quoted only in the regular session.
 */
export class Market {
  private readonly paths = new Map<number, PricePath>();
  private readonly closes = new Map<number, number>();
  private readonly watched = new Map<number, number>();
  private readonly quotes = new Map<number, Quote>();
  private readonly listeners: QuoteListener[] = [];

  constructor(
    readonly registry: InstrumentRegistry,
    private readonly scenario: Scenario,
    private readonly random: SeededRandom,
    readonly calendar: MarketCalendar,
    startedAt: number,
  ) {
    for (const stock of registry.stocks()) {
      this.paths.set(stock.conId, new PricePath(stock.spec, random, startedAt));
      this.closes.set(stock.conId, stock.spec.price);
    }
  }

  onQuote(listener: QuoteListener): void {
    this.listeners.push(listener);
  }

  session(now: number): Session {
    return this.calendar.sessionAt(now);
  }

  /** Whether the instrument is quoted (and can fill) in a session. */
  isQuoted(instrument: Instrument, session: Session): boolean {
    return instrument.secType === 'OPT' ? session === Session.REGULAR : session !== Session.CLOSED;
  }

  watch(conId: number): void {
    this.watched.set(conId, (this.watched.get(conId) ?? 0) + 1);
  }

  unwatch(conId: number): void {
    const n = (this.watched.get(conId) ?? 0) - 1;
    if (n <= 0) {
      this.watched.delete(conId);
      this.quotes.delete(conId);
    }
    else this.watched.set(conId, n);
  }

  underlyingPrice(stock: StockInstrument): number {
    return this.paths.get(stock.conId)!.current;
  }

  setPrice(stock: StockInstrument, price: number, now: number): void {
    this.paths.get(stock.conId)!.set(price, now);
    // A set price is a trade print of one stock: it and its options are quoted again (published
    // even when unchanged); the rest of the market moves on its own steps.
    const session = this.session(now);
    for (const instrument of [stock, ...this.registry.optionsOf(stock.conId)]) {
      if (this.watched.has(instrument.conId) && this.isQuoted(instrument, session)) this.publish(instrument, this.compute(instrument, now));
    }
  }

  /** The current quote, computed on demand; undefined when the instrument is not quoted now. */
  quote(instrument: Instrument, now: number): Quote | undefined {
    if (!this.isQuoted(instrument, this.session(now))) return undefined;
    return this.quotes.get(instrument.conId) ?? this.compute(instrument, now);
  }

  /** Previous close: the scenario price for stocks, the model price for options. */
  close(instrument: Instrument, now: number): number {
    if (instrument.secType === 'STK') return this.closes.get(instrument.conId) ?? instrument.spec.price;
    return this.compute(instrument, now).close;
  }

  /**
   * Moves every path to `now` and re-quotes the watched instruments of `slot` (all of them unless
   * told), publishing the quotes that changed. Real-time stepping spreads the instruments over
   * slots, as a real feed spreads its updates, instead of re-quoting the whole market in one burst.
   */
  step(now: number, slot: QuoteSlot = EVERY_INSTRUMENT): void {
    const session = this.session(now);
    for (const stock of this.registry.stocks()) this.paths.get(stock.conId)!.advance(now, session !== Session.CLOSED);
    for (const conId of this.watched.keys()) {
      if (conId % slot.of !== slot.index) continue;
      const instrument = this.registry.get(conId);
      if (!instrument || !this.isQuoted(instrument, session)) continue;
      const next = this.compute(instrument, now);
      if (!sameTopOfBook(this.quotes.get(conId), next)) this.publish(instrument, next);
    }
  }

  private publish(instrument: Instrument, quote: Quote): void {
    this.quotes.set(instrument.conId, quote);
    for (const l of this.listeners) l(instrument, quote);
  }

  private compute(instrument: Instrument, now: number): Quote {
    const sizes: [number, number] = [this.random.intBetween(1, 20), this.random.intBetween(1, 20)];
    if (instrument.secType === 'STK') {
      return stockQuote(instrument, this.underlyingPrice(instrument), this.close(instrument, now), sizes);
    }
    return optionQuote(instrument, this.underlyingPrice(instrument.underlying), now, this.scenario.riskFreeRate, sizes);
  }
}
