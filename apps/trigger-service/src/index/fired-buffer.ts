import type { TriggerId } from '@arctrigger/contracts';
import type { SourceCode } from './indexed-trigger';
import type { TriggerSlots } from './trigger-slots';

/**
 * Reusable output list for the hot path: written by the index, read by the caller, never
 * reallocated (its arrays only grow). A fired trigger leaves the index at once, so what the caller
 * needs of it — id, source, level, the price it fired at — is copied here, in parallel arrays.
 */
export class FiredBuffer {
  readonly ids: TriggerId[] = [];
  /** The slot each entry occupied in the index (the index frees it when the trigger leaves). */
  readonly slotNumbers: number[] = [];
  readonly sources: SourceCode[] = [];
  readonly levels: number[] = [];
  /** The price each fired trigger fired at. */
  readonly prices: number[] = [];
  count = 0;

  push(slots: TriggerSlots, slot: number, price: number): void {
    const i = this.count++;
    this.ids[i] = slots.id[slot] as TriggerId;
    this.slotNumbers[i] = slot;
    this.sources[i] = slots.source(slot);
    this.levels[i] = slots.level[slot] as number;
    this.prices[i] = price;
  }

  clear(): void {
    this.count = 0;
  }
}
