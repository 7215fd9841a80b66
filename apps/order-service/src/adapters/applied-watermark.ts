/**
 * The highest TRADES stream sequence at or below which every message is applied in memory — what
 * a snapshot taken now covers. Appends of different trades run concurrently and their acks may
 * come back out of order, so the highest acked sequence is not enough: an append in flight was
 * stored after every sequence applied when it started, so the watermark stays at the lowest such
 * floor until it is applied. An append that failed may still have been stored: it holds the
 * watermark where it was until the next start (whose tail replays it).
 */
export class AppliedWatermark {
  private highest = 0;
  private readonly inFlight = new Map<number, number>();
  private nextToken = 0;
  /** Floors of appends that failed: their event may be stored but not applied. */
  private readonly pinned: number[] = [];

  /** A sequence applied (replayed or acked and applied). */
  applied(streamSeq: number): void {
    if (streamSeq > this.highest) this.highest = streamSeq;
  }

  /** An append starts publishing; returns its token for `settled`. */
  begin(): number {
    const token = this.nextToken++;
    this.inFlight.set(token, this.highest);
    return token;
  }

  /** The append was acked and applied (`applied` called first) or failed (`stored` unknown). */
  settled(token: number, outcome: 'applied' | 'failed'): void {
    const floor = this.inFlight.get(token);
    this.inFlight.delete(token);
    if (outcome === 'failed' && floor !== undefined) this.pinned.push(floor);
  }

  /** Every TRADES message at or below this sequence is applied. */
  covered(): number {
    let covered = this.highest;
    for (const floor of this.inFlight.values()) covered = Math.min(covered, floor);
    for (const floor of this.pinned) covered = Math.min(covered, floor);
    return covered;
  }
}
