import type { Clock, KvRecord, TypedKv } from '@arctrigger/service-kit';
import { KvContentionError } from '../kv/kv-contention-error';
import { emptyBook, pruneBook, type RiskBookRecord } from './risk-book';
import { SerialQueue } from './serial-queue';

const BOOK_KEY = 'book';
const MAX_CAS_ATTEMPTS = 20;
const MAX_BATCH = 256;

interface PendingDecision {
  decide: (book: RiskBookRecord, now: number) => BookDecision<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/** What a mutation decides: the next book (undefined = no change) and the answer for the caller. */
export interface BookDecision<R> {
  readonly book: RiskBookRecord | undefined;
  readonly result: R;
}

/**
 * The risk book in KV. Every change is serialized in this process and written with
 * compare-and-set; when another instance wrote first, the book is re-read and the decision taken
 * again on fresh data. Decisions see the book already pruned of expired entries.
 */
export class BookStore {
  private cached: KvRecord<RiskBookRecord> | undefined;
  private readonly queue = new SerialQueue();
  private readonly pending: PendingDecision[] = [];

  constructor(
    private readonly kv: TypedKv<typeof RiskBookRecord>,
    private readonly clock: Clock,
  ) {}

  async load(): Promise<void> {
    this.cached = await this.kv.get(BOOK_KEY);
    if (this.cached) return;
    // Another instance may create it at the same moment; either way, read what won.
    await this.kv.create(BOOK_KEY, emptyBook());
    this.cached = await this.kv.get(BOOK_KEY);
  }

  /** The book as last read or written, pruned to now (for queries; never stale by more than a write). */
  current(): RiskBookRecord {
    return pruneBook(this.cached?.value ?? emptyBook(), this.clock.now());
  }

  /**
   * Decides on the book and writes the result. Decisions that queue up while a write is in flight
   * are taken together, one after another on the evolving book, and written in one
   * compare-and-set (group commit): each still sees every earlier decision, and the book costs one
   * KV write per batch instead of one per check.
   */
  mutate<R>(decide: (book: RiskBookRecord, now: number) => BookDecision<R>): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.pending.push({ decide, resolve: resolve as (value: unknown) => void, reject });
      if (this.pending.length === 1) void this.queue.run(() => this.commitPending());
    });
  }

  private async commitPending(): Promise<void> {
    const batch = this.pending.splice(0, MAX_BATCH);
    if (this.pending.length > 0) void this.queue.run(() => this.commitPending());
    try {
      for (let attempt = 1; attempt <= MAX_CAS_ATTEMPTS; attempt++) {
        if (!this.cached) await this.load();
        const now = this.clock.now();
        let book = this.current();
        let changed = false;
        const results: unknown[] = [];
        for (const item of batch) {
          const decision = item.decide(book, now);
          if (decision.book) {
            book = decision.book;
            changed = true;
          }
          results.push(decision.result);
        }
        if (changed) {
          const written = await this.kv.update(BOOK_KEY, book, this.cached!.revision);
          if (!written.ok) {
            this.cached = await this.kv.get(BOOK_KEY);
            continue;
          }
          this.cached = { value: book, revision: written.revision };
        }
        batch.forEach((item, i) => item.resolve(results[i]));
        return;
      }
      throw new KvContentionError('risk book', MAX_CAS_ATTEMPTS);
    } catch (error) {
      for (const item of batch) item.reject(error);
    }
  }
}
