import { z } from 'zod';
import { EventId, TriggerId } from '../core/ids';
import { EpochMs, PositivePrice } from '../core/common';
import { SessionSchema, enumOf } from '../core/enums';
import { FiringTick, TriggerOwner, TriggerStatus, TriggerView } from './trigger-spec';

const base = {
  eventId: EventId,
  triggerId: TriggerId,
  owner: TriggerOwner,
  at: EpochMs,
};

export const TriggerArmed = z.object({ type: z.literal('armed'), ...base, trigger: TriggerView });
export const TriggerModified = z.object({ type: z.literal('modified'), ...base, level: PositivePrice, trigger: TriggerView });
export const TriggerDisarmed = z.object({ type: z.literal('disarmed'), ...base, reason: z.string() });
export const TriggerExpired = z.object({ type: z.literal('expired'), ...base });
/** Fired exactly once per trigger (KV compare-and-set + Nats-Msg-Id = `fired:<triggerId>`). */
export const TriggerFired = z.object({
  type: z.literal('fired'),
  ...base,
  tick: FiringTick,
  level: PositivePrice,
  session: SessionSchema,
});
export type TriggerFired = z.infer<typeof TriggerFired>;
export const TriggerStatusChanged = z.object({
  type: z.literal('status-changed'),
  ...base,
  status: enumOf(TriggerStatus),
  reason: z.string().nullable(),
});

export const TriggerEvent = z.discriminatedUnion('type', [
  TriggerArmed,
  TriggerModified,
  TriggerDisarmed,
  TriggerExpired,
  TriggerFired,
  TriggerStatusChanged,
]);
export type TriggerEvent = z.infer<typeof TriggerEvent>;
