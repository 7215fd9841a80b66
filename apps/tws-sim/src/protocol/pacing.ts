/** TWS's request pacing: at most `max` messages in any one-second window per client (error 100). */
export class PacingLimiter {
  private readonly stamps: number[] = [];

  constructor(
    /** The limit right now (a fault can lower it while clients are connected). */
    private readonly max: () => number,
    private readonly now: () => number,
  ) {}

  /** Records a message; returns how many arrived in the window if that is above the limit. */
  admit(): { ok: true } | { ok: false; received: number } {
    const t = this.now();
    while (this.stamps.length > 0 && this.stamps[0]! <= t - 1000) this.stamps.shift();
    if (this.stamps.length >= this.max()) return { ok: false, received: this.stamps.length + 1 };
    this.stamps.push(t);
    return { ok: true };
  }
}
