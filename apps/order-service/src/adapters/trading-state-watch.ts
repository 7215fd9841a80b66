import { KvBuckets, TradingStateRecord } from '@arctrigger/contracts';
import { TypedKv, type Bus, type RunningKvWatch } from '@arctrigger/service-kit';
import type { TradingStatePort } from '../ports/trading-state.port';

const KEY = 'current';

/**
 * Follows the risk-service's trading state (KV `trading-state`, key `current`; the order-service
 * only reads it): the current value first, then every change, each handed to `onChange`.
 */
export class TradingStateWatch implements TradingStatePort {
  private record: TradingStateRecord | null = null;
  private running?: RunningKvWatch;

  current(): TradingStateRecord | null {
    return this.record;
  }

  async start(bus: Bus, onChange: (record: TradingStateRecord) => void): Promise<void> {
    const kv = await TypedKv.open(bus.nc, KvBuckets.TRADING_STATE, TradingStateRecord);
    this.running = await kv.watch(
      (change) => {
        if (!change.value) return; // deleted: the gateway fails closed; nothing to re-arm or suspend on
        this.record = change.value;
        onChange(change.value);
      },
      { key: KEY, onInvalid: (_key, error) => bus.logger.error({ err: error }, 'trading state unreadable; trades left as they are') },
    );
  }

  stop(): void {
    this.running?.stop();
  }
}
