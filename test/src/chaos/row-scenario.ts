/**
 * Drives one row's book through its lifecycle with the fault struck at the row's point: arm, rally
 * through the call triggers, drop through the call stops and the put triggers, rise through the
 * put stops. Waits read the trades as the bus holds them (KV `trades`) and the simulator's orders.
 * Returns the time from the fault's clearing until the interrupted step completed (recovery).
 */
import { Kvm, type KV } from '@nats-io/kv';
import { KvBuckets, Streams, type TradeEvent, type TradeState, type TradeView } from '@arctrigger/contracts';
import { eventually } from '@arctrigger/testkit';
import type { TradeDriver } from '../support/trade-driver';
import { readStream } from './bus-records';
import type { FaultActions, ChaosWorld } from './faults';
import type { LifecyclePoint } from './fault-table';
import { DROP, FLAT, RALLY, RISE, type Book, type BookTrade } from './trade-book';

const REPRICE_POLICY_CANCEL = /^not filled after \d+ reprice step\(s\): cancelled by the entry's reprice policy$/;
const SETTLE_MS = Number(process.env.CHAOS_SETTLE_MS ?? 90_000);
const FINAL = new Set<TradeState>(['CLOSED', 'REJECTED', 'CANCELLED', 'FAILED']);

export class RowScenario {
  private kv: KV | undefined;
  /** The trades the order-service accepted (invariant 4: none of them may be lost). */
  readonly armed: string[] = [];
  /** LMT entries their own reprice policy cancelled (noted once each). */
  private readonly policyCancels = new Set<string>();

  constructor(
    private readonly world: ChaosWorld,
    private readonly driver: TradeDriver,
    readonly book: Book,
    /** Refusals that end a trade's lifecycle on purpose under this fault (see FaultRow.refusedOnPurpose). */
    private readonly refusedOnPurpose?: RegExp,
  ) {}

  /** Refused on purpose: out of the lifecycle, every later wait is satisfied for it. */
  private endedOnPurpose(v: TradeView): boolean {
    if (this.refusedOnPurpose !== undefined && v.state === 'REJECTED' && this.refusedOnPurpose.test(v.reason ?? '')) return true;
    // The rally and the drop move the underlying a dollar or two in one step. An LMT entry may be
    // priced on the option's quote from just before the step (the crossing tick can reach the
    // order-service before the option's next quote), so ask + 0.05 is below the market, its two
    // one-tick reprices do not catch up, and its own policy cancels it: the trade's choice, not a
    // fault's doing. Accepted (and noted) only with exactly that reason and nothing bought.
    if (v.state === 'CANCELLED' && v.filledQuantity === 0 && REPRICE_POLICY_CANCEL.test(v.reason ?? '')) {
      if (!this.policyCancels.has(v.tradeId)) {
        this.policyCancels.add(v.tradeId);
        this.world.note(`${v.tradeId}: ${v.reason}`);
      }
      return true;
    }
    return false;
  }

  private get sim() {
    return this.world.system.sim!;
  }

  private calls(): BookTrade[] {
    return this.book.trades.filter((t) => t.right === 'CALL');
  }

  private puts(): BookTrade[] {
    return this.book.trades.filter((t) => t.right === 'PUT');
  }

  async arm(): Promise<void> {
    const { expiry, strike } = await this.driver.optionNear(this.book.symbols[0]!, this.book.conIds[0]!, FLAT);
    for (const t of this.book.trades) {
      await this.driver.arm(t.arm(expiry, strike));
      this.armed.push(t.tradeId);
    }
  }

  /** Sets the price of the given underlyings (all three by default). */
  move(price: number, underlyings: number[] = [0, 1, 2]): void {
    for (const i of underlyings) this.sim.setPrice(this.book.symbols[i]!, price);
  }

  async view(tradeId: string): Promise<TradeView | undefined> {
    this.kv ??= await new Kvm(this.world.system.admin).open(KvBuckets.TRADES.name);
    const e = await this.kv.get(tradeId);
    return e && e.operation === 'PUT' && e.length > 0 ? e.json<TradeView>() : undefined;
  }

  /** Waits until every trade of `trades` satisfies `ok`; fails fast when one ends in a final state it did not want. */
  async until(trades: BookTrade[], ok: (v: TradeView) => boolean, what: string, timeoutMs = SETTLE_MS): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    const describe = (views: (TradeView | undefined)[]) => views.map((v, i) => `${trades[i]!.tradeId}=${v?.state ?? 'absent'}`).join(' ');
    for (;;) {
      // A read can fail while the bus itself is down (a fault): the next round asks again.
      const views = await Promise.all(trades.map((t) => this.view(t.tradeId))).catch(() => undefined);
      if (views) {
        if (views.every((v) => v !== undefined && (ok(v) || this.endedOnPurpose(v)))) return;
        const wrongEnd = views.find((v) => v && FINAL.has(v.state) && !ok(v) && !this.endedOnPurpose(v));
        if (wrongEnd) throw new Error(`${wrongEnd.tradeId} ended ${wrongEnd.state} (${wrongEnd.reason ?? 'no reason'}) instead of ${what}; states: ${describe(views)}; ${await this.history(wrongEnd.tradeId)}`);
        if (Date.now() > deadline) throw new Error(`not ${what} within ${timeoutMs} ms; states: ${describe(views)}`);
      } else if (Date.now() > deadline) throw new Error(`not ${what} within ${timeoutMs} ms: the bus did not answer`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** A trade's events and its orders at the simulator, for a failure's message: what to read first. */
  private async history(tradeId: string): Promise<string> {
    const events = await readStream<TradeEvent>(this.world.system.admin, Streams.TRADES.name).catch(() => []);
    const mine = events.filter((e) => e.tradeId === tradeId);
    const t0 = mine[0]?.at ?? 0;
    const orders = this.sim.orders().filter((o) => o.orderRef.startsWith(`${tradeId}.`));
    return `events: ${mine.map((e) => `${e.type}@+${e.at - t0}ms`).join(' → ')}; broker orders: ${orders.map((o) => `${o.orderRef} ${o.action} ${o.totalQuantity} ${o.orderType}${o.lmtPrice === undefined ? '' : ` ${o.lmtPrice}`} ${o.state} filled ${o.filled}`).join(', ') || 'none'}`;
  }

  private async inState(trades: BookTrade[], state: TradeState): Promise<void> {
    await this.until(trades, (v) => v.state === state, `in ${state}`);
  }

  /** The sell side of the book is done: every trade CLOSED. */
  private async finish(fromDrop: boolean): Promise<void> {
    if (fromDrop) {
      this.move(DROP);
      await this.inState(this.calls(), 'CLOSED');
    }
    await this.inState(this.puts(), 'PROTECTED');
    this.move(RISE);
    await this.inState(this.book.trades, 'CLOSED');
  }

  /** From calls protected after the rally: through the drop and the rise to every trade CLOSED. */
  finishFromRally(): Promise<void> {
    return this.finish(true);
  }

  /** Runs the whole lifecycle with `fault` struck at `point`; resolves with the recovery time in ms. */
  async run(point: LifecyclePoint, fault: FaultActions): Promise<number> {
    const w = this.world;
    let recovery = 0;
    const cleared = async (next: () => Promise<void>) => {
      await fault.clear(w);
      const at = Date.now();
      await next();
      recovery = Date.now() - at;
    };
    await fault.prepare?.(w);
    try {
      await this.arm();
      switch (point) {
        case 'armed':
          await fault.inject(w);
          await cleared(() => this.inState(this.book.trades, 'ARMED'));
          this.move(RALLY);
          await this.inState(this.calls(), 'PROTECTED');
          break;
        case 'crossing':
          await fault.inject(w);
          this.move(RALLY);
          await cleared(() => this.inState(this.calls(), 'PROTECTED'));
          break;
        case 'firing':
          this.move(RALLY);
          await fault.inject(w);
          await cleared(() => this.inState(this.calls(), 'PROTECTED'));
          break;
        case 'submitted-not-acked': {
          this.sim.faults.delayCallbacks(3_000);
          this.move(RALLY);
          const refs = this.calls().map((t) => `${t.tradeId}.entry.1`);
          await eventually(() => refs.every((r) => this.sim.orders().some((o) => o.orderRef === r)), { timeoutMs: SETTLE_MS, intervalMs: 50, what: 'entries at the broker' });
          await fault.inject(w);
          this.sim.faults.delayCallbacks(0);
          await cleared(() => this.inState(this.calls(), 'PROTECTED'));
          break;
        }
        case 'partially-filled': {
          const partial = this.calls().find((t) => t.tradeId.endsWith('b-call'))!;
          this.sim.faults.stallNextOrderAfter(1);
          this.move(RALLY, [partial.underlying]);
          await this.until([partial], (v) => v.filledQuantity >= 1, 'partially filled');
          await fault.inject(w);
          await cleared(async () => {
            this.move(RALLY, [0, 2]);
            await this.inState(this.calls(), 'PROTECTED');
          });
          break;
        }
        case 'filled-not-protected': {
          this.move(RALLY);
          await this.until(this.calls(), (v) => v.firedAt !== null, 'fired');
          const triggers = w.system.process('trigger-service');
          process.kill(triggers.pid, 'SIGSTOP');
          try {
            await this.until(this.calls(), (v) => v.filledQuantity > 0 && v.filledQuantity === v.entryQuantity, 'filled');
            await fault.inject(w);
          } finally {
            try {
              process.kill(triggers.pid, 'SIGCONT');
            } catch {
              // The fault killed it.
            }
          }
          await cleared(() => this.inState(this.calls(), 'PROTECTED'));
          break;
        }
        case 'exiting': {
          this.move(RALLY);
          await this.inState(this.calls(), 'PROTECTED');
          this.sim.faults.delayCallbacks(3_000);
          this.move(DROP);
          await this.until(this.calls(), (v) => v.state === 'EXITING' || v.state === 'CLOSED', 'exiting');
          await fault.inject(w);
          this.sim.faults.delayCallbacks(0);
          await cleared(() => this.inState(this.calls(), 'CLOSED'));
          await this.finish(false);
          return recovery;
        }
        case 'premarket-open':
        case 'sweep':
          throw new Error(`${point} rows run their own scenario`);
      }
      await this.finish(true);
      return recovery;
    } finally {
      this.sim.faults.delayCallbacks(0);
      await fault.cleanup?.(w);
    }
  }
}
