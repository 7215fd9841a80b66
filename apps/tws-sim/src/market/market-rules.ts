/** A price band's minimum increment: from `lowEdge` upwards, prices move in `increment`. */
export interface PriceIncrement {
  lowEdge: number;
  increment: number;
}

/** Market rule ids as TWS reports them in contract details (`marketRuleIds`). */
export const MarketRuleId = {
  STOCK: 26,
  OPTION_PENNY: 32,
  OPTION_NICKEL: 110,
} as const;
export type MarketRuleId = (typeof MarketRuleId)[keyof typeof MarketRuleId];

export const MARKET_RULES: Record<MarketRuleId, readonly PriceIncrement[]> = {
  [MarketRuleId.STOCK]: [{ lowEdge: 0, increment: 0.01 }],
  [MarketRuleId.OPTION_PENNY]: [
    { lowEdge: 0, increment: 0.01 },
    { lowEdge: 3, increment: 0.05 },
  ],
  [MarketRuleId.OPTION_NICKEL]: [
    { lowEdge: 0, increment: 0.05 },
    { lowEdge: 3, increment: 0.1 },
  ],
};

export function isMarketRuleId(id: number): id is MarketRuleId {
  return id in MARKET_RULES;
}

/** The increment that applies at a price. */
export function tickAt(rule: MarketRuleId, price: number): number {
  const bands = MARKET_RULES[rule];
  let tick = bands[0]!.increment;
  for (const band of bands) if (price >= band.lowEdge) tick = band.increment;
  return tick;
}

/** Whether a price is a whole number of ticks (with float tolerance). */
export function conformsToTick(rule: MarketRuleId, price: number): boolean {
  const tick = tickAt(rule, price);
  const steps = price / tick;
  return Math.abs(steps - Math.round(steps)) < 1e-6;
}

export function roundDown(rule: MarketRuleId, price: number): number {
  const tick = tickAt(rule, price);
  return round2(Math.floor(price / tick + 1e-9) * tick);
}

export function roundUp(rule: MarketRuleId, price: number): number {
  const tick = tickAt(rule, price);
  return round2(Math.ceil(price / tick - 1e-9) * tick);
}

function round2(value: number): number {
  return Math.round(value * 10000) / 10000;
}
