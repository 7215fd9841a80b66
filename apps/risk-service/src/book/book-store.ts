import type { RiskDecided } from '@arctrigger/contracts';
import type { Bus, Clock, TypedKv } from '@arctrigger/service-kit';
import type { DecisionLog } from './decision-log';
import { emptyBook, pruneBook, withDecision, type RiskBookRecord } from './risk-book';

const BOOK_KEY = 'book';
const RETRY_WRITE_MS = 500;

/** What a decision on the book decides: the next book (undefined = no change) and the answer for the caller. */
export interface BookDecision<R> {
  readonly book: RiskBookRecord | undefined;
  readonly result: R;
}

interface FlushWaiter {
  generation: number;
  /** true once written; false when this instance was fenced first (the change may be lost). */
  resolve: (written: boolean) => void;
}

/**
 * The risk book, decided on in memory by the one instance holding the decider lease, and written
 * behind to KV `risk/book` (a snapshot with the RISK_DECISIONS sequence it covers). No storage write
 * stands between a decision and the order: a decision is published to RISK_DECISIONS before the
 * answer, and after a crash the book is rebuilt from the snapshot plus the decisions after it.
 * A release written behind and lost in a crash only keeps a reservation until it expires (errs
 * toward denying). The snapshot is written by compare-and-set: a conflict means another instance
 * took the lease and wrote first — this one is fenced and must stop deciding.
 */
export class BookStore {
  private book: RiskBookRecord = emptyBook();
  private revision: number | undefined;
  private coveredSeq = 0;
  private generation = 0;
  private writtenGeneration = 0;
  private writing: Promise<void> | undefined;
  private readonly waiters: FlushWaiter[] = [];
  private fenced = false;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly kv: TypedKv<typeof RiskBookRecord>,
    private readonly clock: Clock,
    private readonly log: DecisionLog,
    private readonly logger: Bus['logger'],
    /** Another instance wrote the book: this one lost the lease. */
    private readonly onFenced: () => void,
    /** Changes are gathered this long before the snapshot is written (0 = at once, one write in flight). */
    private readonly writeIntervalMs = 0,
  ) {}

  /**
   * Takes the book over (at start or on winning the lease): its snapshot, then every decision
   * logged after it. `replayed` sees each decision read (the positions learn its contract).
   */
  async load(replayed: (decided: RiskDecided) => void = () => undefined): Promise<{ decisions: number }> {
    await this.writing;
    let record = await this.kv.get(BOOK_KEY);
    if (!record) {
      // Another instance may create it at the same moment; either way, read what won.
      await this.kv.create(BOOK_KEY, emptyBook());
      record = await this.kv.get(BOOK_KEY);
    }
    this.book = record?.value ?? emptyBook();
    this.revision = record?.revision;
    this.coveredSeq = this.book.coveredSeq;
    this.fenced = false;
    this.writtenGeneration = this.generation;
    let decisions = 0;
    const last = await this.log.replayAfter(this.coveredSeq, (decided) => {
      decisions++;
      replayed(decided);
      this.book = withDecision(this.book, decided) ?? this.book;
    });
    if (last > this.coveredSeq) {
      this.coveredSeq = last;
      this.changed();
      if (!(await this.flush())) throw new Error('risk book taken over by another instance while loading');
    }
    return { decisions };
  }

  /** The book as decided so far, pruned to now. */
  current(): RiskBookRecord {
    return pruneBook(this.book, this.clock.now());
  }

  /**
   * Decides on the book in memory (no I/O) and applies the result at once; the snapshot follows
   * behind. Every decision sees every earlier one: they run one at a time on the event loop.
   */
  decide<R>(now: number, decision: (book: RiskBookRecord, now: number) => BookDecision<R>): R {
    const taken = decision(pruneBook(this.book, now), now);
    if (taken.book) {
      this.book = taken.book;
      this.changed();
    }
    return taken.result;
  }

  /** Writes now and resolves true once every change decided so far is in the KV snapshot; false when this instance was fenced first. */
  flush(): Promise<boolean> {
    if (this.fenced) return Promise.resolve(false);
    if (this.writtenGeneration >= this.generation) return Promise.resolve(true);
    const written = new Promise<boolean>((resolve) => this.waiters.push({ generation: this.generation, resolve }));
    this.write(true);
    return written;
  }

  private changed(): void {
    this.generation++;
    this.write(this.writeIntervalMs === 0);
  }

  private write(now: boolean): void {
    if (this.writing) return; // the write in flight loops until the snapshot holds every change
    if (now) {
      clearTimeout(this.timer);
      this.timer = undefined;
      this.writing = this.writeBehind().finally(() => (this.writing = undefined));
      return;
    }
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      this.write(true);
    }, this.writeIntervalMs);
    this.timer.unref?.();
  }

  /** Writes the latest book until the snapshot holds every change (one write in flight; changes meanwhile coalesce). */
  private async writeBehind(): Promise<void> {
    while (this.writtenGeneration < this.generation && !this.fenced) {
      const generation = this.generation;
      const book = this.current();
      // Captured with the book, in the same turn: the decisions this snapshot holds are exactly those published so far.
      const covered = this.log.coveredSoFar();
      try {
        const coveredSeq = Math.max(this.coveredSeq, await covered);
        const written = this.revision === undefined
          ? await this.kv.create(BOOK_KEY, { ...book, coveredSeq })
          : await this.kv.update(BOOK_KEY, { ...book, coveredSeq }, this.revision);
        if (!written.ok) {
          this.fenced = true;
          this.logger.warn('risk book written by another instance: this one stops deciding');
          for (const waiter of this.waiters.splice(0)) waiter.resolve(false);
          this.onFenced();
          return;
        }
        this.revision = written.revision;
        this.coveredSeq = coveredSeq;
        this.writtenGeneration = generation;
        for (let i = this.waiters.length - 1; i >= 0; i--) {
          if (this.waiters[i]!.generation <= generation) this.waiters.splice(i, 1)[0]!.resolve(true);
        }
      } catch (error) {
        // NATS away: decisions go on in memory (and in the decision log); the snapshot is tried again.
        this.logger.warn({ err: error }, 'risk book snapshot not written; trying again');
        await new Promise((resolve) => setTimeout(resolve, RETRY_WRITE_MS));
      }
    }
  }
}
