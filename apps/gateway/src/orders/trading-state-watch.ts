import { TradingStateRecord } from '@arctrigger/contracts';
import type { Logger, TypedKv } from '@arctrigger/service-kit';
import type { TradingStateRead } from './kill-switch';

const KEY = 'current';

/**
 * The gateway's in-memory copy of KV `trading-state/current`, kept by a KV watch so the kill-switch
 * re-check before an opening order costs no KV round trip. Fails closed: until the watch has
 * delivered the key's state, and after the watch ends or fails, the read is an error (opening
 * orders are refused).
 */
export class TradingStateWatch {
  private state: TradingStateRead = { error: 'the trading-state watch has not delivered yet' };
  private revision = 0;
  private stopWatch: (() => void) | undefined;
  private stopped = false;

  private constructor(
    private readonly kv: TypedKv<typeof TradingStateRecord>,
    private readonly logger: Logger,
  ) {}

  /** Starts the watch; resolves once the current state (or its absence) is known. */
  static async start(kv: TypedKv<typeof TradingStateRecord>, logger: Logger): Promise<TradingStateWatch> {
    const watch = new TradingStateWatch(kv, logger);
    await watch.begin();
    return watch;
  }

  /** The latest trading state; synchronous, from memory. */
  read(): TradingStateRead {
    return this.state;
  }

  stop(): void {
    this.stopped = true;
    this.stopWatch?.();
  }

  private async begin(): Promise<void> {
    const watcher = await this.kv.kv.watch({ key: KEY });
    this.stopWatch = () => watcher.stop();
    // The watch only speaks when the key has a value; the read below settles "never set" (ACTIVE).
    // Whichever is newer wins: a write between the two is delivered by the watch.
    try {
      const initial = await this.kv.get(KEY);
      if (initial) this.apply({ found: true, record: initial.value }, initial.revision);
      else if (this.revision === 0) this.state = { found: false };
    } catch (error) {
      watcher.stop();
      throw error;
    }
    void (async () => {
      try {
        for await (const e of watcher) {
          if (e.operation === 'PUT' && e.length > 0) {
            const parsed = TradingStateRecord.safeParse(e.json());
            this.apply(parsed.success ? { found: true, record: parsed.data } : { error: 'the trading-state record is corrupt' }, e.revision);
          } else {
            this.apply({ found: false }, e.revision);
          }
        }
        if (!this.stopped) this.broken('the trading-state watch ended');
      } catch (error) {
        this.broken(`the trading-state watch failed: ${(error as Error).message}`);
      }
    })();
  }

  private apply(read: TradingStateRead, revision: number): void {
    if (revision < this.revision) return;
    this.revision = revision;
    this.state = read;
  }

  private broken(reason: string): void {
    this.state = { error: reason };
    this.revision = Number.MAX_SAFE_INTEGER;
    this.logger.error({ reason }, 'kill-switch copy lost: opening orders are refused');
  }
}
