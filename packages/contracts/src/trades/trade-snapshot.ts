import { z } from 'zod';
import { TradeView } from './trade-view';

/**
 * The order-service's working set as of one TRADES stream sequence (KV bucket `trade-snapshots`,
 * version 1): every trade not yet finished before the current trading day, with the TRADES sequence
 * of its last event, and the trades set aside because their history does not match the contract.
 * A start loads the snapshot and replays only the TRADES messages after `coveredSeq` (the tail).
 *
 * The views travel in chunks (NATS's message limit): key `<slot>.<index>`, slots `a` and `b`
 * alternating, and the head (key `head`) written last names the slot and its chunk count — a crash
 * while writing a snapshot leaves the previous one whole.
 */
export const TradeSnapshotEntry = z.object({
  view: TradeView,
  /** The TRADES stream sequence of the trade's last event (its next append expects it). */
  streamSeq: z.number().int().positive(),
});
export type TradeSnapshotEntry = z.infer<typeof TradeSnapshotEntry>;

export const TradeSnapshotSetAside = z.object({
  tradeId: z.string(),
  eventId: z.string(),
  eventType: z.string(),
  streamSeq: z.number().int().nonnegative(),
  problems: z.string(),
});
export type TradeSnapshotSetAside = z.infer<typeof TradeSnapshotSetAside>;

export const TradeSnapshotSlot = z.enum(['a', 'b']);
export type TradeSnapshotSlot = z.infer<typeof TradeSnapshotSlot>;

export const TradeSnapshotHead = z.object({
  version: z.literal(1),
  slot: TradeSnapshotSlot,
  /** Identifies the snapshot its chunks belong to (a chunk of another snapshot is never read as this one's). */
  snapshotId: z.string(),
  chunks: z.number().int().nonnegative(),
  /** Every TRADES message at or below this sequence is reflected in the snapshot. */
  coveredSeq: z.number().int().nonnegative(),
  trades: z.number().int().nonnegative(),
  setAside: z.array(TradeSnapshotSetAside),
  takenAt: z.number().int(),
});
export type TradeSnapshotHead = z.infer<typeof TradeSnapshotHead>;

export const TradeSnapshotChunk = z.object({
  snapshotId: z.string(),
  index: z.number().int().nonnegative(),
  entries: z.array(TradeSnapshotEntry),
});
export type TradeSnapshotChunk = z.infer<typeof TradeSnapshotChunk>;

/** What the `trade-snapshots` bucket holds under a key: the head or one chunk. */
export const TradeSnapshotRecord = z.union([TradeSnapshotHead, TradeSnapshotChunk]);
export type TradeSnapshotRecord = z.infer<typeof TradeSnapshotRecord>;
