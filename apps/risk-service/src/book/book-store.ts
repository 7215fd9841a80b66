import type { Clock, KvRecord, TypedKv } from '@arctrigger/service-kit';
import { emptyBook, pruneBook, rollBook, type RiskBookRecord } from './risk-book';
import { SerialQueue } from './serial-queue';

const BOOK_KEY = 'book';
const MAX_CAS_ATTEMPTS = 20;

/** Another writer kept winning the compare-and-set: a bug or a pathological load. */
export class BookContentionError extends Error {
  override readonly name = 'BookContentionError';
  constructor(attempts: number) {
    super(`risk book: compare-and-set lost ${attempts} times in a row`);
  }
}

/** What a mutation decides: the next book (undefined = no change) and the answer for the caller. */
export interface BookDecision<R> {
  readonly book: RiskBookRecord | undefined;
  readonly result: R;
}

/**
 * The risk book in KV. Every change is serialized in this process and written with
 * compare-and-set; when another instance wrote first, the book is re-read and the decision taken
 * again on fresh data. Decisions see the book already rolled to today and pruned of expired entries.
 */
export class BookStore {
  private cached: KvRecord<RiskBookRecord> | undefined;
  private readonly queue = new SerialQueue();

  constructor(
    private readonly kv: TypedKv<typeof RiskBookRecord>,
    private readonly clock: Clock,
    private readonly dayAt: (epochMs: number) => string,
  ) {}

  async load(): Promise<void> {
    this.cached = await this.kv.get(BOOK_KEY);
    if (this.cached) return;
    // Another instance may create it at the same moment; either way, read what won.
    await this.kv.create(BOOK_KEY, emptyBook(this.dayAt(this.clock.now())));
    this.cached = await this.kv.get(BOOK_KEY);
  }

  /** The book as last read or written, rolled and pruned to now (for queries; never stale by more than a write). */
  current(): RiskBookRecord {
    const now = this.clock.now();
    return pruneBook(rollBook(this.cached?.value ?? emptyBook(this.dayAt(now)), this.dayAt(now)), now);
  }

  mutate<R>(decide: (book: RiskBookRecord, now: number) => BookDecision<R>): Promise<R> {
    return this.queue.run(async () => {
      for (let attempt = 1; attempt <= MAX_CAS_ATTEMPTS; attempt++) {
        if (!this.cached) await this.load();
        const now = this.clock.now();
        const base = this.current();
        const { book, result } = decide(base, now);
        if (!book) return result;
        const written = await this.kv.update(BOOK_KEY, book, this.cached!.revision);
        if (written.ok) {
          this.cached = { value: book, revision: written.revision };
          return result;
        }
        this.cached = await this.kv.get(BOOK_KEY);
      }
      throw new BookContentionError(MAX_CAS_ATTEMPTS);
    });
  }
}
