import { z } from 'zod';
import { codesOf, type ErrorTable } from '../core/error-codes';
import { ConId, TradeId, TriggerId } from '../core/ids';
import { EpochMs, PositivePrice } from '../core/common';
import { DirectionSchema, PriceSourceSchema, SessionSchema, enumOf } from '../core/enums';

export const TriggerPurpose = { ENTRY: 'entry', STOP: 'stop', TAKE_PROFIT: 'take-profit' } as const;
export type TriggerPurpose = (typeof TriggerPurpose)[keyof typeof TriggerPurpose];

/** `regular`: evaluate regular-hours ticks only; `extended`: premarket and after-hours too. */
export const SessionScope = { REGULAR: 'regular', EXTENDED: 'extended' } as const;
export type SessionScope = (typeof SessionScope)[keyof typeof SessionScope];

/** What to do when the condition already holds at arming time. */
export const IfMetOnArm = { FIRE: 'fire', REJECT: 'reject' } as const;
export type IfMetOnArm = (typeof IfMetOnArm)[keyof typeof IfMetOnArm];

export const TriggerOwner = z.object({ tradeId: TradeId, purpose: enumOf(TriggerPurpose) });
export type TriggerOwner = z.infer<typeof TriggerOwner>;

/** Require the condition to persist before firing: N consecutive ticks, or T ms. */
export const Confirmation = z
  .object({ ticks: z.number().int().min(1).max(100).optional(), ms: z.number().int().min(1).max(600_000).optional() })
  .refine((c) => (c.ticks === undefined) !== (c.ms === undefined), { message: 'give exactly one of ticks or ms' });

export const ArmTriggerCommand = z.object({
  triggerId: TriggerId,
  owner: TriggerOwner,
  conId: ConId,
  priceSource: PriceSourceSchema,
  direction: DirectionSchema,
  level: PositivePrice,
  sessionScope: enumOf(SessionScope),
  confirmation: Confirmation.optional(),
  expiresAt: EpochMs.optional(),
  ifMetOnArm: enumOf(IfMetOnArm),
});
export type ArmTriggerCommand = z.infer<typeof ArmTriggerCommand>;

export const ModifyTriggerCommand = z
  .object({
    triggerId: TriggerId,
    level: PositivePrice.optional(),
    expiresAt: EpochMs.nullable().optional(),
  })
  .refine((c) => c.level !== undefined || c.expiresAt !== undefined, { message: 'nothing to modify' });
export type ModifyTriggerCommand = z.infer<typeof ModifyTriggerCommand>;

export const DisarmTriggerCommand = z.object({ triggerId: TriggerId, reason: z.string().max(200).optional() });
export type DisarmTriggerCommand = z.infer<typeof DisarmTriggerCommand>;

export const ListTriggersQuery = z.object({
  tradeId: TradeId.optional(),
  conId: ConId.optional(),
  purpose: enumOf(TriggerPurpose).optional(),
  includeFinished: z.boolean().default(false),
});
export type ListTriggersQuery = z.infer<typeof ListTriggersQuery>;

export const TriggerStatus = {
  ARMED: 'armed',
  /** Armed, but the feed is stale: will evaluate on the next fresh tick. */
  WAITING_FRESH_DATA: 'waiting-fresh-data',
  FIRED: 'fired',
  DISARMED: 'disarmed',
  EXPIRED: 'expired',
} as const;
export type TriggerStatus = (typeof TriggerStatus)[keyof typeof TriggerStatus];

/** The tick that fired a trigger, carried on the fired event. */
export const FiringTick = z.object({
  conId: ConId,
  price: PositivePrice,
  source: PriceSourceSchema,
  seq: z.number().int().nonnegative(),
  exchangeTime: EpochMs.nullable(),
  receivedAt: EpochMs,
});
export type FiringTick = z.infer<typeof FiringTick>;

export const TriggerView = ArmTriggerCommand.omit({ ifMetOnArm: true }).extend({
  status: enumOf(TriggerStatus),
  statusReason: z.string().nullable(),
  lastPrice: z.number().nullable(),
  armedAt: EpochMs,
  updatedAt: EpochMs,
  revision: z.number().int().nonnegative(),
  firedBy: FiringTick.nullable(),
  firedSession: SessionSchema.nullable(),
});
export type TriggerView = z.infer<typeof TriggerView>;

export const TriggerList = z.object({ triggers: z.array(TriggerView) });

/** Stable error codes of the trigger commands (besides the bus's own INVALID_REQUEST, TIMEOUT …). */
export const TriggerErrors = {
  ALREADY_MET: { http: 422, meaning: 'The condition already holds at arm / modify time and the command said `ifMetOnArm: reject`.' },
  TRIGGER_EXISTS: { http: 409, meaning: 'A trigger with this id exists with a different specification.' },
  NOT_FOUND: { http: 404, meaning: 'No trigger with this id.' },
  NOT_ARMED: { http: 409, meaning: 'The trigger is fired, disarmed or expired: it can no longer change.' },
  EXPIRES_IN_PAST: { http: 422, meaning: '`expiresAt` is not in the future.' },
  CONFLICT: { http: 409, meaning: 'Too many concurrent writers; retry.', retryable: true },
} as const satisfies ErrorTable;
export const TriggerErrorCode = codesOf(TriggerErrors);
export type TriggerErrorCode = (typeof TriggerErrorCode)[keyof typeof TriggerErrorCode];
