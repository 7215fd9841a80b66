/**
 * Runs fault rows: one world per kind of world the rows need, one row at a time, each with a book
 * of its own; after each row the five invariants are checked on the simulator's records and the
 * bus. A row fails on a violation it introduced (violations already there before it are not its
 * own), or when its book does not reach the end of its lifecycle.
 */
import type { TradeId } from '@arctrigger/contracts';
import { busSnapshot } from './bus-records';
import { PREMARKET_LEAD_MS, startWorld, type RunningWorld } from './chaos-world';
import type { FaultRow, World } from './fault-table';
import { faultActions, type FaultActions } from './faults';
import { checkInvariants, type InvariantId } from './invariants';
import { RowScenario } from './row-scenario';
import { bookOf, RALLY, underlyingOf, type Book, type BookTrade } from './trade-book';

export interface RowResult {
  row: FaultRow;
  ok: boolean;
  recoveryMs: number | undefined;
  durationMs: number;
  /** Broken invariants (by number) and other failures, with evidence. */
  failures: string[];
  notes: string[];
}

const SWEEP_UNDERLYINGS = 25;
/**
 * How long the invariants may take to hold once a row's lifecycle is done: a fill, commission or
 * fire a killed service held is delivered again after its durable's ack wait (5 s for the
 * order-service's trade work).
 */
const INVARIANT_SETTLE_MS = 10_000;
const SWEEP_TRIGGERS = [100.2, 100.4, 100.6, 100.8];

export class FaultRunner {
  /** Every trade any row armed, per world (invariant 4: none lost). */
  private readonly armed = new Map<World, string[]>();
  /** The first underlying after the rows' books (the sweep's 25). */
  private sweepBase = 0;

  constructor(private readonly log: (line: string) => void = console.log) {}

  async run(rows: readonly FaultRow[]): Promise<RowResult[]> {
    const results: RowResult[] = [];
    const worlds: World[] = ['single', 'premarket', 'cluster'];
    for (const kind of worlds) {
      const mine = rows.filter((r) => r.world === kind);
      if (mine.length === 0) continue;
      const underlyings = mine.length * 3 + (kind === 'cluster' ? SWEEP_UNDERLYINGS : 0);
      this.log(`[chaos] starting the ${kind} world (${underlyings} underlyings)…`);
      this.sweepBase = mine.length * 3;
      const world = await startWorld(kind, underlyings);
      try {
        for (const [i, row] of mine.entries()) {
          const result = await this.runRow(world, row, i);
          results.push(result);
          this.log(`[chaos] ${result.ok ? 'PASS' : 'FAIL'} ${row.name} (${result.durationMs} ms${result.recoveryMs === undefined ? '' : `, recovery ${result.recoveryMs} ms`})${result.failures.length ? `\n    ${result.failures.join('\n    ')}` : ''}${result.notes.length ? `\n    ${result.notes.join('\n    ')}` : ''}`);
        }
      } finally {
        await world.stop();
      }
    }
    return results;
  }

  private async runRow(world: RunningWorld, row: FaultRow, index: number): Promise<RowResult> {
    const started = Date.now();
    const failures: string[] = [];
    world.notes.length = 0;
    let before: Map<InvariantId, string[]>;
    try {
      const repaired = await world.repair();
      if (repaired.length) world.note(`restarted before the row: ${repaired.join(', ')}`);
      before = await this.violationsReadAgain(world);
    } catch (error) {
      // The world did not come back from the previous row (a bus that does not answer): this row
      // cannot be judged, and the rows after it still run.
      return { row, ok: false, recoveryMs: undefined, durationMs: Date.now() - started, failures: [`before the row: ${(error as Error).message}`], notes: [...world.notes] };
    }
    const fault = faultActions(row.fault);
    let recoveryMs: number | undefined;
    const prefix = `r${index}${row.world[0]}`;
    try {
      if (row.point === 'sweep') recoveryMs = await this.sweep(world, fault, prefix);
      else {
        const scenario = new RowScenario(world, world.driver, bookOf(index, prefix), row.refusedOnPurpose);
        try {
          recoveryMs = row.point === 'premarket-open' ? await this.premarketOpen(world, scenario, fault) : await scenario.run(row.point, fault);
        } finally {
          this.remember(world.kind, scenario.armed);
        }
      }
    } catch (error) {
      failures.push(`lifecycle: ${(error as Error).message}`);
    }
    const settleStarted = Date.now();
    let introduced: string[];
    // Let the system settle: what a killed instance held comes back within its ack wait, so a
    // violation still there after INVARIANT_SETTLE_MS is the row's.
    for (;;) {
      const after = await this.violations(world).catch((error: unknown) => new Map([[0 as InvariantId, [`could not read the bus: ${String(error)}`]]]));
      introduced = [...after].flatMap(([id, list]) => list.filter((v) => !before.get(id)?.includes(v)).map((v) => `invariant ${id}: ${v}`));
      if (introduced.length === 0 || Date.now() - settleStarted >= INVARIANT_SETTLE_MS) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    if (introduced.length === 0 && Date.now() - settleStarted > 1_000) world.note(`invariants held after ${Date.now() - settleStarted} ms of settling`);
    failures.push(...introduced);
    return { row, ok: failures.length === 0, recoveryMs: failures.length ? undefined : recoveryMs, durationMs: Date.now() - started, failures, notes: [...world.notes] };
  }

  private remember(world: World, ids: string[]): void {
    this.armed.set(world, [...(this.armed.get(world) ?? []), ...ids]);
  }

  /** The violations before a row: a read of the bus that did not end (see bus-records) is made again, twice at most. */
  private async violationsReadAgain(world: RunningWorld): Promise<Map<InvariantId, string[]>> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.violations(world);
      } catch (error) {
        if (attempt >= 3) throw error;
        world.note(`read the bus again before the row: ${(error as Error).message}`);
      }
    }
  }

  private async violations(world: RunningWorld): Promise<Map<InvariantId, string[]>> {
    const snapshot = await busSnapshot(world.system.admin);
    const results = checkInvariants(world.system.sim!, snapshot, this.armed.get(world.kind) ?? []);
    return new Map(results.map((r) => [r.id, r.violations]));
  }

  /**
   * 09:30 passes during the fault: the calls hit in premarket are held for the open (policy
   * `hold`); the service is down across the open and must fire them once when it is back.
   */
  private async premarketOpen(world: RunningWorld, scenario: RowScenario, fault: FaultActions): Promise<number> {
    const calls = scenario.book.trades.filter((t) => t.right === 'CALL');
    if (world.system.now() > world.openAt - 20_000) throw new Error(`the premarket world started too late (${PREMARKET_LEAD_MS} ms before the open is not enough on this machine)`);
    await scenario.arm();
    scenario.move(RALLY);
    await scenario.until(calls, (v) => v.premarket !== null, 'held for the open');
    await fault.inject(world);
    await new Promise((r) => setTimeout(r, Math.max(0, world.openAt + 1_000 - world.system.now())));
    world.note(`cleared at ${new Date(world.system.now()).toISOString()} (open ${new Date(world.openAt).toISOString()})`);
    await fault.clear(world);
    const at = Date.now();
    await scenario.until(calls, (v) => v.state === 'PROTECTED', 'in PROTECTED');
    const recovery = Date.now() - at;
    await scenario.finishFromRally();
    return recovery;
  }

  /** 100 calls on 25 underlyings rally at once; the fault strikes once the first has fired. */
  private async sweep(world: RunningWorld, fault: FaultActions, prefix: string): Promise<number> {
    const base = this.sweepBase;
    const trades: BookTrade[] = [];
    for (let u = 0; u < SWEEP_UNDERLYINGS; u++) {
      for (const [k, price] of SWEEP_TRIGGERS.entries()) {
        trades.push({
          tradeId: `${prefix}-${u}-${k}` as TradeId, underlying: u, right: 'CALL',
          arm: (expiry, strike) => ({ tradeId: `${prefix}-${u}-${k}` as TradeId, symbol: underlyingOf(base + u).symbol, right: 'CALL', expiry, strike, trigger: { price, source: 'last' }, size: { by: 'contracts', contracts: 1 }, entry: { type: 'MKT' }, stopLoss: { mode: 'offset', offset: 2 } }),
        });
      }
    }
    const symbols = Array.from({ length: SWEEP_UNDERLYINGS }, (_, u) => underlyingOf(base + u).symbol);
    const book: Book = { symbols, conIds: symbols.map((_, u) => underlyingOf(base + u).conId), trades };
    const scenario = new RowScenario(world, world.driver, book);
    await fault.prepare?.(world);
    try {
      await scenario.arm();
    } finally {
      this.remember(world.kind, scenario.armed);
    }
    const at = Date.now();
    scenario.move(RALLY, symbols.map((_, u) => u));
    await scenario.until(trades.slice(0, 1), (v) => v.firedAt !== null, 'fired');
    await fault.inject(world);
    await fault.clear(world);
    const cleared = Date.now();
    await scenario.until(trades, (v) => v.state === 'PROTECTED', 'in PROTECTED', 180_000);
    world.note(`sweep: ${trades.length} trades fired once, filled and protected ${Date.now() - at} ms after the rally`);
    return Date.now() - cleared;
  }
}
