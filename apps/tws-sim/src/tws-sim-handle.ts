import type { Clock } from '@arctrigger/service-kit';
import type { FaultInjector } from './faults/fault-injector';
import type { Execution, SimOrder } from './orders/sim-order';
import type { Position } from './orders/positions';
import type { Scenario, ScenarioInput } from './scenario/scenario-schema';
import type { SimContext } from './sim-context';

export interface TwsSimOptions {
  /** TWS API port; 0 picks a free one. */
  port?: number;
  /** HTTP control API port; 0 picks a free one; omitted: no control API. */
  controlPort?: number;
  host?: string;
  scenario: ScenarioInput | Scenario;
  seed?: number;
  /**
   * A Clock (ManualClock: time moves only through advanceClock, deterministic tests), or a start
   * instant that then runs at `speed`; omitted: wall-clock time.
   */
  clock?: Clock | string | number;
  speed?: number;
  /** Messages per second per client before error 100 (TWS: 50). */
  pacingLimit?: number;
  /**
   * The real time permanent and execution ids are drawn from, so they never repeat across runs
   * (default `Date.now`). A test that needs two runs to give the same ids fixes it.
   */
  wallClock?: () => number;
}

/** A running simulator. */
export interface TwsSim {
  readonly port: number;
  readonly controlPort: number | undefined;
  readonly clock: Clock;
  readonly scenario: Scenario;
  readonly faults: FaultInjector;
  /** Sets an underlying's price now and publishes the new quotes. */
  setPrice(symbol: string, price: number): void;
  /** Moves simulated time forward and steps the market (fills, expiries, ticks). */
  advanceClock(ms: number): void;
  /** Steps the market at the current time. */
  step(): void;
  orders(): SimOrder[];
  /** The orders of one OCA group (every client, finished ones included), in placement order. */
  ocaGroup(name: string): SimOrder[];
  executions(): readonly Execution[];
  positions(): Position[];
  /**
   * A trade done outside this API (TWS by hand, the phone, another account manager): the position
   * changes by `quantity` (signed; negative sells) at `price`, with no order or execution any API
   * client is told about — only reqPositions shows it. False for an unknown conId.
   */
  bookExternalTrade(conId: number, quantity: number, price: number): boolean;
  connectedClientIds(): number[];
  /** The simulator's internals, for benchmarks and white-box tests. */
  readonly context: SimContext;
  close(): Promise<void>;
}
