import { z } from 'zod';
import { codesOf, type ErrorTable } from '../core/error-codes';
import { ConId, TradeId } from '../core/ids';
import { EpochMs } from '../core/common';

/**
 * A position at the broker that ArcTrigger did not open: bought by hand in TWS, by another client,
 * or left over. Shown and alerted, never traded automatically — until an admin adopts it, when it
 * becomes a trade with a stop like any other.
 */
export const ExternalPosition = z.object({
  conId: ConId,
  account: z.string(),
  /** The broker's position less what ArcTrigger's trades hold (signed: negative is short). */
  quantity: z.number().finite(),
  /** The broker's whole position in the contract. */
  brokerPosition: z.number().finite(),
  /** What ArcTrigger's trades hold in it. */
  heldByTrades: z.number().finite(),
  avgCost: z.number().finite(),
  firstSeenAt: EpochMs,
  lastSeenAt: EpochMs,
  /** The trade it became when adopted, or null. */
  adoptedAs: TradeId.nullable(),
});
export type ExternalPosition = z.infer<typeof ExternalPosition>;

export const ExternalPositionList = z.object({ positions: z.array(ExternalPosition) });
export type ExternalPositionList = z.infer<typeof ExternalPositionList>;

export const ListExternalPositionsQuery = z.object({}).strict();

/** Stable error codes of the auditor's requests. */
export const AuditErrors = {
  AUDITOR_UNAVAILABLE: { http: 503, meaning: 'The auditor could not complete the request (the bus or a service did not answer).', retryable: true },
} as const satisfies ErrorTable;
export const AuditErrorCode = codesOf(AuditErrors);
export type AuditErrorCode = (typeof AuditErrorCode)[keyof typeof AuditErrorCode];
