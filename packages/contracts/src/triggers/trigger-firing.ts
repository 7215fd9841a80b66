import { z } from 'zod';
import { TriggerId } from '../core/ids';
import { EpochMs, PositivePrice } from '../core/common';
import { SessionSchema } from '../core/enums';
import { FiringTick, TriggerOwner } from './trigger-spec';

/**
 * A trigger is being fired: sent (core NATS, never stored) as the fire's compare-and-set leaves,
 * before its outcome is known. Advisory only: a consumer may get ready (price, size, risk-check)
 * but acts on the `fired` event alone; a notice with no `fired` behind it means the fire lost
 * (the trigger was disarmed or changed first).
 */
export const TriggerFiring = z.object({
  triggerId: TriggerId,
  owner: TriggerOwner,
  at: EpochMs,
  tick: FiringTick,
  level: PositivePrice,
  session: SessionSchema,
});
export type TriggerFiring = z.infer<typeof TriggerFiring>;
