import { z } from 'zod';
import { EpochMs, Price, Quantity, Symbol } from '../core/common';
import { ConId, TradeId } from '../core/ids';

/**
 * `risk.cmd.adopt-position.v1` (the order-service, adopting an external position): book the
 * adopted contracts on the new trade's position as held at `price` (the broker's average cost per
 * contract's share), so closing sells of that trade — its stop — are within its position. Not an
 * opening: no premium counts toward the day's caps. Idempotent by trade id.
 */
export const AdoptRiskPositionCommand = z.object({
  tradeId: TradeId,
  conId: ConId,
  underlying: Symbol,
  multiplier: z.number().int().positive(),
  quantity: Quantity,
  price: Price,
  at: EpochMs,
});
export type AdoptRiskPositionCommand = z.infer<typeof AdoptRiskPositionCommand>;

/** `booked: false`: the trade's position held the adoption already (asked again). */
export const RiskPositionAdopted = z.object({ tradeId: TradeId, quantity: z.number(), booked: z.boolean() });
export type RiskPositionAdopted = z.infer<typeof RiskPositionAdopted>;
