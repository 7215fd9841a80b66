import type { MarketRule } from '@arctrigger/contracts';

/** Prices are handled in ten-thousandths of a dollar to keep tick arithmetic exact. */
const SCALE = 10_000;

export const RoundToward = { UP: 'up', DOWN: 'down' } as const;
export type RoundToward = (typeof RoundToward)[keyof typeof RoundToward];

/** The price increment that applies at `price` under `rule` (bands by lowEdge, ascending). */
export function incrementAt(rule: MarketRule, price: number): number {
  const bands = [...rule.increments].sort((a, b) => a.lowEdge - b.lowEdge);
  let inc = bands[0]!.increment;
  for (const band of bands) if (price >= band.lowEdge - 1e-9) inc = band.increment;
  return inc;
}

/**
 * Rounds `price` to a valid tick of the contract's market rule, toward the marketable side: a
 * buy rounds up (never below the ask), a sell rounds down. Crossing into a band with a coarser
 * increment is re-rounded in that band.
 */
export function roundToTick(rule: MarketRule, price: number, toward: RoundToward): number {
  let scaled = Math.round(price * SCALE);
  for (let i = 0; i < 4; i++) {
    const inc = Math.round(incrementAt(rule, scaled / SCALE) * SCALE);
    const rest = scaled % inc;
    if (rest === 0) break;
    scaled = toward === RoundToward.UP ? scaled - rest + inc : scaled - rest;
  }
  return scaled / SCALE;
}

/** The valid price `steps` ticks away from a valid `price` (positive = up). */
export function stepTicks(rule: MarketRule, price: number, steps: number): number {
  let scaled = Math.round(price * SCALE);
  const dir = Math.sign(steps);
  for (let i = 0; i < Math.abs(steps); i++) {
    const probe = dir > 0 ? scaled : scaled - 1;
    const inc = Math.round(incrementAt(rule, probe / SCALE) * SCALE);
    scaled += dir * inc;
  }
  return roundToTick(rule, scaled / SCALE, dir >= 0 ? RoundToward.UP : RoundToward.DOWN);
}
