/** Black–Scholes price and greeks of a European option (no dividends). */
export interface OptionModel {
  price: number;
  delta: number;
  gamma: number;
  vega: number;
  /** Per calendar day. */
  theta: number;
}

export interface OptionModelInput {
  spot: number;
  strike: number;
  years: number;
  volatility: number;
  rate: number;
  right: 'C' | 'P';
}

export function blackScholes(input: OptionModelInput): OptionModel {
  const { spot, strike, volatility: v, rate: r, right } = input;
  const t = Math.max(input.years, 1 / (365 * 24 * 60));
  const sqrtT = Math.sqrt(t);
  const d1 = (Math.log(spot / strike) + (r + (v * v) / 2) * t) / (v * sqrtT);
  const d2 = d1 - v * sqrtT;
  const discount = Math.exp(-r * t);
  const pdf = normalPdf(d1);
  const gamma = pdf / (spot * v * sqrtT);
  const vega = (spot * pdf * sqrtT) / 100;
  if (right === 'C') {
    const price = spot * normalCdf(d1) - strike * discount * normalCdf(d2);
    const theta = (-(spot * pdf * v) / (2 * sqrtT) - r * strike * discount * normalCdf(d2)) / 365;
    return { price: Math.max(price, 0), delta: normalCdf(d1), gamma, vega, theta };
  }
  const price = strike * discount * normalCdf(-d2) - spot * normalCdf(-d1);
  const theta = (-(spot * pdf * v) / (2 * sqrtT) + r * strike * discount * normalCdf(-d2)) / 365;
  return { price: Math.max(price, 0), delta: normalCdf(d1) - 1, gamma, vega, theta };
}

function normalPdf(x: number): number {
  return Math.exp(-(x * x) / 2) / Math.sqrt(2 * Math.PI);
}

/** Abramowitz–Stegun 26.2.17, |error| < 7.5e-8. */
export function normalCdf(x: number): number {
  const k = 1 / (1 + 0.2316419 * Math.abs(x));
  const poly = k * (0.31938153 + k * (-0.356563782 + k * (1.781477937 + k * (-1.821255978 + k * 1.330274429))));
  const upper = normalPdf(x) * poly;
  return x >= 0 ? 1 - upper : upper;
}
