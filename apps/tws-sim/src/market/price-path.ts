import type { StockSpec } from '../scenario/scenario-schema';
import type { SeededRandom } from './seeded-random';

const MS_PER_YEAR = 365 * 24 * 3600 * 1000;

/**
 * An underlying's price over time: scripted ticks when the scenario gives them (the latest tick at
 * or before `now` applies), otherwise a seeded geometric random walk. A price set by hand (control
 * API) replaces the current price and the walk continues from it.
 */
export class PricePath {
  private price: number;
  private lastAt: number | undefined;
  private readonly script: { at: number; price: number }[];
  private scriptIndex = 0;

  constructor(
    private readonly spec: StockSpec,
    private readonly random: SeededRandom,
    startedAt: number,
  ) {
    this.price = spec.price;
    this.script = (spec.script ?? [])
      .map((t) => ({ at: typeof t.at === 'number' ? startedAt + t.at : Date.parse(t.at), price: t.price }))
      .sort((a, b) => a.at - b.at);
  }

  get current(): number {
    return this.price;
  }

  get scripted(): boolean {
    return this.script.length > 0;
  }

  set(price: number, at: number): void {
    this.price = price;
    this.lastAt = at;
  }

  /** Moves the path to `now`; `moving` is false while the stock does not trade (closed session). */
  advance(now: number, moving: boolean): number {
    if (this.scripted) {
      while (this.scriptIndex < this.script.length && this.script[this.scriptIndex]!.at <= now) {
        this.price = this.script[this.scriptIndex]!.price;
        this.scriptIndex++;
      }
      this.lastAt = now;
      return this.price;
    }
    const last = this.lastAt ?? now;
    this.lastAt = now;
    if (!moving || now <= last) return this.price;
    const dt = (now - last) / MS_PER_YEAR;
    const sigma = this.spec.volatility;
    const shock = sigma * Math.sqrt(dt) * this.random.normal() - 0.5 * sigma * sigma * dt;
    this.price = Math.max(0.01, this.price * Math.exp(shock));
    return this.price;
  }
}
