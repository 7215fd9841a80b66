import type { Clock } from '@arctrigger/service-kit';
import type { Reply } from '@arctrigger/contracts';

interface Entry<T> {
  readonly value: Reply<T>;
  readonly expiresAt: number;
}

/**
 * Look-up answers cached for a TTL; concurrent identical look-ups share one TWS request. Only
 * successes and definite "not found" answers are cached: a timeout is asked again next time.
 */
export class LookupCache {
  private readonly done = new Map<string, Entry<unknown>>();
  private readonly inFlight = new Map<string, Promise<Reply<unknown>>>();
  private loads = 0;

  constructor(
    private readonly clock: Clock,
    private readonly ttlMs: number,
    private readonly cacheableFailures: ReadonlySet<string> = new Set(),
  ) {}

  async get<T>(key: string, load: () => Promise<Reply<T>>): Promise<Reply<T>> {
    const cached = this.done.get(key);
    if (cached && cached.expiresAt > this.clock.now()) return cached.value as Reply<T>;
    const pending = this.inFlight.get(key);
    if (pending) return pending as Promise<Reply<T>>;
    this.loads++;
    const started = load().then(
      (value) => {
        if (value.ok || this.cacheableFailures.has(value.code)) {
          this.done.set(key, { value, expiresAt: this.clock.now() + this.ttlMs });
        }
        return value;
      },
    );
    this.inFlight.set(key, started);
    try {
      return await started;
    } finally {
      this.inFlight.delete(key);
    }
  }

  /** Stores an answer learnt another way (a qualification answers the look-up by its conId too). */
  prime<T>(key: string, value: Reply<T>): void {
    this.done.set(key, { value, expiresAt: this.clock.now() + this.ttlMs });
  }

  /** How many times a loader actually ran (tests and metrics). */
  get loadCount(): number {
    return this.loads;
  }

  clear(): void {
    this.done.clear();
  }
}
