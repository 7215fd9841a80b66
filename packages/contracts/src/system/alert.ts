import { z } from 'zod';
import { EpochMs } from '../core/common';
import { enumOf } from '../core/enums';

/** How urgently a person must look: `critical` means money is at risk now. */
export const AlertSeverity = { INFO: 'info', WARNING: 'warning', CRITICAL: 'critical' } as const;
export type AlertSeverity = (typeof AlertSeverity)[keyof typeof AlertSeverity];

/**
 * Stable alert codes. Each names one condition an operator acts on; `docs/operations.md` says
 * what each means and what to do.
 */
export const AlertCode = {
  /** A filled position still has no stop after the protection deadline. */
  PROTECTION_OVERDUE: 'PROTECTION_OVERDUE',
  /** A position is held with no live stop (found by the auditor). */
  UNPROTECTED_POSITION: 'UNPROTECTED_POSITION',
  /** A position or order at the broker that no trade explains. */
  EXTERNAL_POSITION: 'EXTERNAL_POSITION',
  /** An execution id seen before for another order: the broker or the simulator repeats ids. */
  DUPLICATE_EXECUTION_ID: 'DUPLICATE_EXECUTION_ID',
  /** An exit filled after its trade was closed: the position may now be short. */
  FILL_AFTER_CLOSE: 'FILL_AFTER_CLOSE',
  TWS_DISCONNECTED: 'TWS_DISCONNECTED',
  DATA_FARM_BROKEN: 'DATA_FARM_BROKEN',
  KILL_SWITCH_CHANGED: 'KILL_SWITCH_CHANGED',
  SERVICE_DOWN: 'SERVICE_DOWN',
  DEAD_LETTERS_GROWING: 'DEAD_LETTERS_GROWING',
  /** The invariant auditor found a violation (the facts name which, and the repair taken). */
  AUDIT_VIOLATION: 'AUDIT_VIOLATION',
  DAILY_LOSS_NEAR_LIMIT: 'DAILY_LOSS_NEAR_LIMIT',
  /** A trade's stored history does not match the contract: the trade is set aside until repaired. */
  TRADE_HISTORY_INVALID: 'TRADE_HISTORY_INVALID',
  /** A service crashed and was restarted by its supervisor, or gave up restarting. */
  SERVICE_RESTARTED: 'SERVICE_RESTARTED',
} as const;
export type AlertCode = (typeof AlertCode)[keyof typeof AlertCode];

/**
 * One alert: a condition a person must see. Published durably on `sys.alert.v1.<code>` (stream
 * ALERTS) with `Nats-Msg-Id` = `<dedupKey>:<window>`, so one condition raised by several
 * instances, or again within its window, is stored once. Shown on the console's event stream and
 * the CLI, delivered to the configured webhooks.
 */
export const Alert = z.object({
  alertId: z.string().min(1).max(300),
  code: z.string().regex(/^[A-Z][A-Z0-9_]*$/),
  severity: enumOf(AlertSeverity),
  /** The service (and instance) that raised it. */
  source: z.string().min(1).max(128),
  /** One sentence a trader or operator understands. */
  message: z.string().min(1).max(2_000),
  /** The facts: ids, quantities, levels, ages — whatever the code's runbook entry needs. */
  facts: z.record(z.string(), z.json()),
  /** Same condition, same key: delivered once per window. */
  dedupKey: z.string().min(1).max(256),
  /** `false` for the all-clear of a condition that was raised (e.g. a service UP again). */
  active: z.boolean(),
  at: EpochMs,
});
export type Alert = z.infer<typeof Alert>;
