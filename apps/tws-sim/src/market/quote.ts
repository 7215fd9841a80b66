import type { OptionModel } from './black-scholes';

/** The simulated top of book of one instrument. */
export interface Quote {
  bid: number;
  ask: number;
  bidSize: number;
  askSize: number;
  last: number;
  lastSize: number;
  volume: number;
  close: number;
  /** Options only: the model values behind the quote. */
  model?: OptionModel & { impliedVol: number; underlyingPrice: number };
}

export function sameTopOfBook(a: Quote | undefined, b: Quote): boolean {
  return a !== undefined && a.bid === b.bid && a.ask === b.ask && a.last === b.last && a.bidSize === b.bidSize && a.askSize === b.askSize;
}
