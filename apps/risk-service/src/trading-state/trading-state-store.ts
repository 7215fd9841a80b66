import { KvBuckets, TradingState, type TradingStateRecord } from '@arctrigger/contracts';
import type { Clock, TypedKv, RunningKvWatch } from '@arctrigger/service-kit';

/** The KV key the gateway reads before every opening order. */
export const TRADING_STATE_KEY = 'current';

/**
 * Trading state in KV (`trading-state/current`). The risk-service is its only writer; reads are
 * served from memory, kept current by a KV watch so a change made by another instance is seen too.
 */
export class TradingStateStore {
  private record: TradingStateRecord;
  private watching: RunningKvWatch | undefined;

  constructor(
    private readonly kv: TypedKv<typeof TradingStateRecord>,
    private readonly clock: Clock,
  ) {
    this.record = { state: TradingState.ACTIVE, reason: 'initial', changedBy: 'risk-service', at: 0 };
  }

  get bucket(): string {
    return KvBuckets.TRADING_STATE.name;
  }

  current(): TradingStateRecord {
    return this.record;
  }

  /** Reads the state, creating ACTIVE when the bucket is empty, and starts watching for changes. */
  async load(): Promise<void> {
    const existing = await this.kv.get(TRADING_STATE_KEY);
    if (existing) {
      this.record = existing.value;
    } else {
      const initial: TradingStateRecord = { state: TradingState.ACTIVE, reason: 'initial state', changedBy: 'risk-service', at: this.clock.now() };
      await this.kv.create(TRADING_STATE_KEY, initial);
      this.record = (await this.kv.get(TRADING_STATE_KEY))?.value ?? initial;
    }
    this.watching = await this.kv.watch(({ value }) => value && (this.record = value), { key: TRADING_STATE_KEY, from: 'updates' });
  }

  async write(record: TradingStateRecord): Promise<void> {
    await this.kv.put(TRADING_STATE_KEY, record);
    this.record = record;
  }

  stop(): void {
    this.watching?.stop();
  }
}
