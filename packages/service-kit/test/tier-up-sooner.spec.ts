import { setFlagsFromString } from 'node:v8';
import { runInThisContext } from 'node:vm';
import { READY_INTERRUPT_BUDGET, tierUpSooner } from '../src/runtime/tier-up-sooner';

/** Node 20's V8 default, restored after the test so that no other test runs with the low budget. */
const DEFAULT_INTERRUPT_BUDGET = 67_584;
/** V8's %GetOptimizationStatus bits: TurboFan code, or marked for (concurrent) optimisation, or being optimised. */
const TIER_UP_REQUESTED = 64 | 256 | 512 | 1024;

/** Calls a new copy of one function until V8 asks for its optimisation; how many calls that took. */
function callsUntilTierUp(): number {
  setFlagsFromString('--allow-natives-syntax');
  // A fresh function each time (its own feedback and budget); the status read needs natives syntax, enabled above.
  const work = runInThisContext('(function (a) { let s = 0; for (let i = 0; i < 8; i++) s += a[i % a.length] * i; return s; })') as (a: number[]) => number;
  const status = runInThisContext('(function (f) { return %GetOptimizationStatus(f); })') as (f: unknown) => number;
  const input = [1, 2, 3];
  for (let calls = 1; calls <= 100_000; calls++) {
    work(input);
    if (status(work) & TIER_UP_REQUESTED) return calls;
  }
  return Infinity;
}

describe('tierUpSooner', () => {
  afterEach(() => setFlagsFromString(`--interrupt-budget=${DEFAULT_INTERRUPT_BUDGET} --no-allow-natives-syntax`));

  it('makes V8 ask for a function\'s optimisation after fewer calls than its default', () => {
    expect(READY_INTERRUPT_BUDGET).toBeLessThan(DEFAULT_INTERRUPT_BUDGET);
    const atDefault = callsUntilTierUp();
    tierUpSooner();
    const sooner = callsUntilTierUp();
    expect(atDefault).toBeLessThan(Infinity);
    expect(sooner).toBeLessThan(atDefault / 2);
  });
});
