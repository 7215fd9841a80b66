import type { CasResult, KvRecord, TypedKv } from '@arctrigger/service-kit';
import type { OrderRef } from '@arctrigger/contracts';
import { isPrunable, type PlacementRecord, placementKey } from './placement-record';

/** Placements by orderRef in KV (compare-and-set), with a read-through copy for the hot checks. */
export class PlacementStore {
  constructor(private readonly kv: TypedKv<typeof PlacementRecord>) {}

  get(orderRef: OrderRef): Promise<KvRecord<PlacementRecord> | undefined> {
    return this.kv.get(placementKey(orderRef));
  }

  /** Creates the record only if no placement exists for its orderRef. */
  create(record: PlacementRecord): Promise<CasResult> {
    return this.kv.create(placementKey(record.orderRef), record);
  }

  /** Saves a newer state; a concurrent writer's change is re-read and overwritten with ours. */
  async save(record: PlacementRecord, revision: number): Promise<void> {
    const r = await this.kv.update(placementKey(record.orderRef), record, revision);
    if (!r.ok) await this.kv.put(placementKey(record.orderRef), record);
  }

  async remove(orderRef: OrderRef, _revision: number): Promise<void> {
    await this.kv.delete(placementKey(orderRef));
  }

  /** Every placement still waiting for its outcome (sending / unknown): reconciliation resolves them. */
  async unresolved(): Promise<Array<KvRecord<PlacementRecord>>> {
    const all = await this.kv.entries('placement.>');
    return all.filter((e) => e.value.state === 'sending' || e.value.state === 'unknown');
  }

  /** Deletes every record `isPrunable` before `cutoff`; returns their orderRefs. */
  async prune(cutoff: number): Promise<OrderRef[]> {
    const old = (await this.all()).filter((e) => isPrunable(e.value, cutoff));
    for (const e of old) await this.kv.delete(placementKey(e.value.orderRef));
    return old.map((e) => e.value.orderRef);
  }

  async all(): Promise<Array<KvRecord<PlacementRecord>>> {
    return this.kv.entries('placement.>');
  }
}
