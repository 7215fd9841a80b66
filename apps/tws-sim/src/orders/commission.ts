import type { Instrument } from '../market/instruments';

/**
 * IBKR Pro fixed pricing: options $0.65 per contract, stocks $0.005 per share, $1 minimum per order
 * (stocks capped at 1% of trade value). Charged per execution as the increase of the order's total.
 */
export function orderCommission(instrument: Instrument, quantity: number, value: number): number {
  if (quantity <= 0) return 0;
  if (instrument.secType === 'OPT') return round(Math.max(1, 0.65 * quantity));
  return round(Math.min(Math.max(1, 0.005 * quantity), Math.max(0.01 * value, 1)));
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
