import { z } from 'zod';
import { PositivePrice } from '../core/common';
import { ConId } from '../core/ids';
import { Actor } from './trade-actor';
import { AutoTakeProfit, OffsetStopLoss } from './trade-commands';

/**
 * The stop an adopted position gets, on the underlying like every trade's: `offset` from the
 * underlying's price at adoption (below it for a call, above for a put — the arm request's offset
 * stop, with that price as the trade's reference), or an absolute `price` level.
 */
export const AdoptStopLoss = z.discriminatedUnion('mode', [
  OffsetStopLoss,
  z.object({ mode: z.literal('price'), price: PositivePrice }),
]);
export type AdoptStopLoss = z.infer<typeof AdoptStopLoss>;

/** What an admin gives to adopt an external position (the HTTP body): its stop, and optionally the automatic take-profit. */
export const AdoptPositionCommand = z.object({
  stopLoss: AdoptStopLoss,
  takeProfit: AutoTakeProfit.default({}),
});
export type AdoptPositionCommand = z.infer<typeof AdoptPositionCommand>;

/**
 * `trade.cmd.adopt.v1`: adopt the external position in contract `conId` — the broker's long
 * position less what ArcTrigger's trades hold — as a new trade owned by `by` (an admin), holding it
 * at the broker's average cost, protected by its stop like any trade after its entry filled.
 */
export const AdoptPositionRequest = AdoptPositionCommand.extend({ conId: ConId, by: Actor });
export type AdoptPositionRequest = z.infer<typeof AdoptPositionRequest>;
