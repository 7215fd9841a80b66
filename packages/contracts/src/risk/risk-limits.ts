import { z } from 'zod';
import { EpochMs, Symbol } from '../core/common';

/** Risk limits. `strict()`: an unknown key is refused, never ignored. */
export const RiskLimits = z
  .object({
    maxContractsPerOrder: z.number().int().positive(),
    maxNotionalPerOrder: z.number().positive(),
    maxNotionalPerUnderlying: z.number().positive(),
    maxNotionalPerDay: z.number().positive(),
    maxOpenPositions: z.number().int().positive(),
    maxOrdersPerMinute: z.number().int().positive(),
    dailyRealizedLossLimit: z.number().positive(),
    dailyTotalLossLimit: z.number().positive(),
    /** Limit price may exceed the ask by at most this percent. */
    maxLimitAboveAskPercent: z.number().nonnegative().max(100),
    allowOptionsOutsideRegularHours: z.boolean(),
    allowedUnderlyings: z.array(Symbol).nullable(),
  })
  .strict();
export type RiskLimits = z.infer<typeof RiskLimits>;

/** A partial change: only the keys given change; an unknown key or a bad value refuses the whole change. */
export const ChangeRiskLimitsCommand = z
  .object({
    changes: RiskLimits.partial().strict(),
    actor: z.string().min(1).max(64),
  })
  .strict();
export type ChangeRiskLimitsCommand = z.infer<typeof ChangeRiskLimitsCommand>;

export const RiskLimitsView = z.object({
  limits: RiskLimits,
  version: z.number().int().nonnegative(),
  changedAt: EpochMs,
  changedBy: z.string().optional(),
});
export type RiskLimitsView = z.infer<typeof RiskLimitsView>;

/** Audit record of one limits change (RISK_EVENTS stream, Nats-Msg-Id = `limits:<version>`). */
export const RiskLimitsChanged = z.object({
  version: z.number().int().positive(),
  previous: RiskLimits,
  current: RiskLimits,
  /** Only the keys that were given in the command. */
  changes: RiskLimits.partial(),
  actor: z.string(),
  at: EpochMs,
});
export type RiskLimitsChanged = z.infer<typeof RiskLimitsChanged>;
