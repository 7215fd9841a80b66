import { Injectable } from '@nestjs/common';
import { Kvm, type KV } from '@nats-io/kv';
import { KvBuckets, TradingStateRecord } from '@arctrigger/contracts';
import { Bus } from '@arctrigger/service-kit';

/**
 * Reads the trading state from the risk-service's `trading-state` KV bucket (key `current`). The
 * console only reads it: NATS lets the risk-service alone write that bucket.
 */
@Injectable()
export class TradingStateReader {
  private kv?: KV;

  constructor(private readonly bus: Bus) {}

  async current(): Promise<TradingStateRecord | null> {
    try {
      this.kv ??= await new Kvm(this.bus.nc).open(KvBuckets.TRADING_STATE.name);
      const entry = await this.kv.get('current');
      if (!entry || entry.operation !== 'PUT') return null;
      const parsed = TradingStateRecord.safeParse(entry.json());
      return parsed.success ? parsed.data : null;
    } catch (error) {
      // The bucket does not exist until the risk-service has started once.
      if (/stream not found|bucket not found|no stream/i.test(String(error))) return null;
      throw error;
    }
  }
}
