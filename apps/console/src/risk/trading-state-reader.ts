import { Injectable } from '@nestjs/common';
import { KvBuckets, TradingStateRecord } from '@arctrigger/contracts';
import { Bus, TypedKv } from '@arctrigger/service-kit';

/**
 * Reads the trading state from the risk-service's `trading-state` KV bucket (key `current`). The
 * console only reads it: NATS lets the risk-service alone write that bucket.
 */
@Injectable()
export class TradingStateReader {
  private kv?: TypedKv<typeof TradingStateRecord>;

  constructor(private readonly bus: Bus) {}

  /** The current state, or null before the risk-service has written one. */
  async current(): Promise<TradingStateRecord | null> {
    this.kv ??= await TypedKv.open(this.bus.nc, KvBuckets.TRADING_STATE, TradingStateRecord);
    return (await this.kv.get('current'))?.value ?? null;
  }
}
