/** Lowest permanent id the simulator gives (IB's are ten-digit numbers). */
const PERM_ID_FLOOR = 1_000_000_000;
/** Permanent ids stay 32-bit (the TWS API reads them as int): they cycle within this range. */
const PERM_ID_RANGE = 1_100_000_000;
/**
 * Permanent ids the wall clock moves past per second: one a millisecond. TWS paces a client at 50
 * messages a second, so a run's ids stay within a burst of the clock's, and a later run (whose ids
 * are the clock's from then on) never meets one an earlier run gave. The range lasts 1,100,000 s
 * (12.7 days): longer than anything that remembers a permId (the gateway's placement records are
 * kept 7 days).
 */
const PERM_IDS_PER_SECOND = 1_000;

/**
 * Permanent order ids and execution ids that are unique across simulator runs, as IB's are: a
 * restarted simulator must not hand out an execution id the gateway already stored for another
 * order (it would be dropped as a duplicate of a fill it is not). Both are drawn from the wall
 * clock, not from the seed or the simulated clock (a ManualClock, or the same offset at every
 * start, would repeat them). Runs started in the same millisecond share ids; a test that needs the
 * same ids twice fixes the wall clock.
 */
export class BrokerIds {
  private lastPermId = 0;
  private execSeq = 0;
  private readonly runStamp: string;

  constructor(private readonly wallClock: () => number) {
    this.runStamp = wallClock().toString(16).padStart(11, '0');
  }

  /** The next permanent id: above the previous one and never behind the wall clock's. */
  nextPermId(): number {
    const clockId = PERM_ID_FLOOR + (Math.floor((this.wallClock() * PERM_IDS_PER_SECOND) / 1000) % PERM_ID_RANGE);
    const next = Math.max(this.lastPermId + 1, clockId);
    // Past the top of the range (a run across the 127-day cycle) the clock's id starts it again.
    this.lastPermId = next < PERM_ID_FLOOR + PERM_ID_RANGE ? next : clockId;
    return this.lastPermId;
  }

  /** The next execution id: the run's stamp and the fill's number within the run (IB's shape, `xxxx.xxxx.01.01`). */
  nextExecId(): string {
    return `${this.runStamp}.${(++this.execSeq).toString(16).padStart(8, '0')}.01.01`;
  }
}
