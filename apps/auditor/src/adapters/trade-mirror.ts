import { KvBuckets, TradeView } from '@arctrigger/contracts';
import { TypedKv, type Bus, type RunningKvWatch } from '@arctrigger/service-kit';

const FINAL = new Set<string>(['CLOSED', 'REJECTED', 'CANCELLED', 'FAILED']);

/**
 * The trades that are not finished, mirrored from the order-service's projection (KV `trades`)
 * through a watch: a pass reads memory, not a list request whose answer for a thousand trades
 * would outgrow a NATS message. The projection trails the TRADES stream by a moment; the checks'
 * deadlines and two-pass confirmation absorb that.
 */
export class TradeMirror {
  private readonly live = new Map<string, TradeView>();
  private watch: RunningKvWatch | undefined;

  private constructor(private readonly kv: TypedKv<typeof TradeView>) {}

  static async open(bus: Bus): Promise<TradeMirror> {
    const mirror = new TradeMirror(await TypedKv.open(bus.nc, KvBuckets.TRADES, TradeView));
    mirror.watch = await mirror.kv.watch(
      ({ key, value }) => {
        if (!value || FINAL.has(value.state)) mirror.live.delete(key);
        else mirror.live.set(key, value);
      },
      { onInvalid: (key, error) => bus.logger.warn({ key, err: error }, 'trade projection not readable: left out of the audit') },
    );
    await mirror.watch.loaded;
    return mirror;
  }

  trades(): TradeView[] {
    return [...this.live.values()];
  }

  stop(): void {
    this.watch?.stop();
  }
}
