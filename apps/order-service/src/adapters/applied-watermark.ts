/**
 * The highest TRADES stream sequence at or below which every message is reflected in memory —
 * what a snapshot taken now covers. It advances only over sequences this instance has seen:
 * everything read in order from the stream at start, then its own appends as they are acked and
 * applied. Appends of different trades run concurrently and their acks may come back out of order;
 * an append that failed may still have been stored; another instance may have appended (a rolling
 * upgrade): each leaves a gap the watermark does not pass, so the next start's tail replays from
 * there (events are idempotent by seq: nothing is applied twice).
 */
export class AppliedWatermark {
  private through = 0;
  /** Sequences applied above `through` (their predecessors are not all seen yet). */
  private readonly above = new Set<number>();

  /** Every message up to `streamSeq` is reflected (a snapshot loaded, the stream read in order). */
  readThrough(streamSeq: number): void {
    if (streamSeq <= this.through) return;
    this.through = streamSeq;
    for (const s of this.above) if (s <= streamSeq) this.above.delete(s);
    this.advance();
  }

  /** One message applied: this instance's append, acked. */
  applied(streamSeq: number): void {
    if (streamSeq <= this.through) return;
    this.above.add(streamSeq);
    this.advance();
  }

  /** Every TRADES message at or below this sequence is reflected. */
  covered(): number {
    return this.through;
  }

  private advance(): void {
    while (this.above.delete(this.through + 1)) this.through++;
  }
}
