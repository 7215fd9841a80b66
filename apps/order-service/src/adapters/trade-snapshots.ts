import { randomUUID } from 'node:crypto';
import {
  KvBuckets,
  TradeSnapshotChunk,
  TradeSnapshotHead,
  TradeSnapshotRecord,
  type TradeSnapshotEntry,
  type TradeSnapshotSetAside,
  type TradeSnapshotSlot,
} from '@arctrigger/contracts';
import { TypedKv, type Bus } from '@arctrigger/service-kit';

/** Chunks stay well under NATS's 1 MB message limit. */
const CHUNK_BYTES = 256 * 1024;
const HEAD = 'head';

export interface LoadedSnapshot {
  head: TradeSnapshotHead;
  entries: TradeSnapshotEntry[];
}

/**
 * The working set's snapshots in KV bucket `trade-snapshots` (contract TradeSnapshotHead /
 * TradeSnapshotChunk): the chunks of a new snapshot go to the slot the head does not name, then
 * the head is written — the previous snapshot stays whole until the new one is complete.
 */
export class TradeSnapshots {
  private constructor(private readonly kv: TypedKv<typeof TradeSnapshotRecord>) {}

  static async open(bus: Bus): Promise<TradeSnapshots> {
    return new TradeSnapshots(await TypedKv.open(bus.nc, KvBuckets.TRADE_SNAPSHOTS, TradeSnapshotRecord, { validateWrites: false }));
  }

  /** The latest complete snapshot, or undefined (none yet, or unreadable: the start replays everything). */
  async load(): Promise<LoadedSnapshot | undefined> {
    const stored = await this.kv.get(HEAD);
    const head = stored ? TradeSnapshotHead.safeParse(stored.value) : undefined;
    if (!head?.success) return undefined;
    const { slot, snapshotId, chunks } = head.data;
    const records = await Promise.all(Array.from({ length: chunks }, (_, i) => this.kv.get(`${slot}.${i}`)));
    const entries: TradeSnapshotEntry[] = [];
    for (const [i, record] of records.entries()) {
      const chunk = record ? TradeSnapshotChunk.safeParse(record.value) : undefined;
      if (!chunk?.success || chunk.data.snapshotId !== snapshotId || chunk.data.index !== i) return undefined;
      entries.push(...chunk.data.entries);
    }
    return { head: head.data, entries };
  }

  /** Writes a complete snapshot after `previous` (the slot it does not use); returns its head. */
  async write(previous: TradeSnapshotSlot | undefined, entries: TradeSnapshotEntry[], coveredSeq: number, setAside: TradeSnapshotSetAside[], takenAt: number): Promise<TradeSnapshotHead> {
    const slot: TradeSnapshotSlot = previous === 'a' ? 'b' : 'a';
    const snapshotId = randomUUID();
    const chunks: TradeSnapshotEntry[][] = [];
    let current: TradeSnapshotEntry[] = [];
    let bytes = 0;
    for (const entry of entries) {
      const size = JSON.stringify(entry).length;
      if (current.length > 0 && bytes + size > CHUNK_BYTES) {
        chunks.push(current);
        current = [];
        bytes = 0;
      }
      current.push(entry);
      bytes += size;
    }
    if (current.length > 0) chunks.push(current);
    await Promise.all(chunks.map((chunk, index) => this.kv.put(`${slot}.${index}`, { snapshotId, index, entries: chunk })));
    const head: TradeSnapshotHead = { version: 1, slot, snapshotId, chunks: chunks.length, coveredSeq, trades: entries.length, setAside, takenAt };
    await this.kv.put(HEAD, head);
    return head;
  }
}
