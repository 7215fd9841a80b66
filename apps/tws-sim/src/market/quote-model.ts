import { blackScholes } from './black-scholes';
import type { OptionInstrument, StockInstrument } from './instruments';
import { roundDown, roundUp, tickAt } from './market-rules';
import type { Quote } from './quote';

const MS_PER_YEAR = 365 * 24 * 3600 * 1000;

/** A stock's quote around its mid: spread from the scenario, at least one tick wide, on valid ticks. */
export function stockQuote(stock: StockInstrument, mid: number, close: number, sizes: [number, number]): Quote {
  const tick = tickAt(stock.marketRule, mid);
  const half = Math.max(tick / 2, (mid * stock.spec.spreadBps) / 2 / 10_000);
  const bid = roundDown(stock.marketRule, mid - half);
  let ask = roundUp(stock.marketRule, mid + half);
  if (ask <= bid) ask = roundUp(stock.marketRule, bid + tick);
  const last = Math.round(mid * 100) / 100;
  return { bid, ask, bidSize: sizes[0] * 100, askSize: sizes[1] * 100, last, lastSize: 100, volume: 0, close };
}

/** An option's quote from Black–Scholes on the underlying mid; spread widens with premium. */
export function optionQuote(option: OptionInstrument, underlyingMid: number, now: number, rate: number, sizes: [number, number]): Quote {
  const volatility = option.underlying.spec.volatility;
  const years = Math.max(0, option.expiresAt - now) / MS_PER_YEAR;
  const model = blackScholes({ spot: underlyingMid, strike: option.strike, years, volatility, rate, right: option.right });
  const theo = model.price;
  const tick = tickAt(option.marketRule, theo);
  const half = Math.max(tick, theo * 0.015);
  const bid = Math.max(0, roundDown(option.marketRule, theo - half));
  let ask = roundUp(option.marketRule, theo + half);
  if (ask <= bid) ask = roundUp(option.marketRule, bid + tick);
  const last = Math.max(tick, roundDown(option.marketRule, theo));
  return {
    bid,
    ask,
    bidSize: sizes[0],
    askSize: sizes[1],
    last,
    lastSize: 1,
    volume: 0,
    close: last,
    model: { ...model, impliedVol: volatility, underlyingPrice: underlyingMid },
  };
}
