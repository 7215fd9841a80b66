import { z } from 'zod';
import { TriggerId } from '../core/ids';
import { EpochMs, PositivePrice } from '../core/common';
import { SessionSchema } from '../core/enums';
import { FiringTick, TriggerOwner } from './trigger-spec';

/**
 * A trigger is being fired: sent (core NATS, never stored) as the fire's compare-and-set leaves,
 * before its outcome is known, and only for a trigger armed at `level`. The owner may act on it:
 * the compare-and-set can only lose to another fire of the same trigger or to a change made
 * before it (disarmed, level modified, expired), which an owner that serialises its own changes
 * and checks `triggerId` and `level` sees first. A notice may be lost (core NATS) or repeated
 * (another instance): the `fired` event still follows every fire that won, and the owner takes
 * whichever copy arrives first. The order-service acts on it for entries, stops and take-profits.
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
