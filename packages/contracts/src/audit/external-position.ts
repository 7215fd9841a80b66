import { z } from 'zod';
import { codesOf, type ErrorTable } from '../core/error-codes';
import { ConId, TradeId } from '../core/ids';
import { EpochMs, PositivePrice } from '../core/common';

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

/** Adopt an external position: the order-service takes it over as a trade protected by a stop trigger on the underlying. */
export const AdoptExternalPositionCommand = z.object({
  conId: ConId,
  /** The trade id to give it (console: derived from the Idempotency-Key or generated). */
  tradeId: TradeId,
  /** The stop level on the underlying (below the price for a call, above for a put). */
  stopLevel: PositivePrice,
  /** Who adopted it (console token name), for the audit log. */
  by: z.string().min(1).max(128),
});
export type AdoptExternalPositionCommand = z.infer<typeof AdoptExternalPositionCommand>;

/** Stable error codes of the auditor's requests. */
export const AuditErrors = {
  NOT_EXTERNAL: { http: 404, meaning: 'No external position in this contract (the auditor has not seen one, or it is already adopted or gone).' },
  AUDITOR_UNAVAILABLE: { http: 503, meaning: 'The auditor could not complete the request (the bus or a service did not answer).', retryable: true },
} as const satisfies ErrorTable;
export const AuditErrorCode = codesOf(AuditErrors);
export type AuditErrorCode = (typeof AuditErrorCode)[keyof typeof AuditErrorCode];
