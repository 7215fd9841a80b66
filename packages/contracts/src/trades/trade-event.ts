import { z } from 'zod';
import { EventId, TradeId } from '../core/ids';
import { EpochMs } from '../core/common';
import { TradeStateSchema } from './trade-state';

/**
 * One transition of a trade: appended to the TRADES stream with `Nats-Msg-Id` = `<tradeId>:<seq>`.
 * The stream is the audit log; a trade's history is its list of events. `detail` carries the
 * event-specific facts (fill price, broker reason, trigger tick, order sent …): the trade's state
 * is rebuilt from these facts alone, so every event is self-contained.
 */
export const TradeEvent = z.object({
  eventId: EventId,
  tradeId: TradeId,
  seq: z.number().int().positive(),
  type: z.string().regex(/^[a-z][a-z0-9-]*$/),
  from: TradeStateSchema.nullable(),
  to: TradeStateSchema,
  at: EpochMs,
  causationId: z.string().nullable(),
  detail: z.record(z.string(), z.json()),
});
export type TradeEvent = z.infer<typeof TradeEvent>;
