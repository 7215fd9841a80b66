/** Faults that change how the simulator talks to clients (order and session faults live in the engine / server). */
export interface FaultState {
  /** Market data paused by hand: no ticks until resumed. */
  marketDataPaused: boolean;
  /** Market data farm broken (2103 sent, 2104 when restored): no ticks meanwhile. */
  farmBroken: boolean;
  /** Connectivity to IB lost (1100 sent): no ticks, no fills reported until restored. */
  connectivityLost: boolean;
  /** Order callbacks are delivered this many (simulated) ms late. */
  callbackDelayMs: number;
  /** The next fill's execDetails is sent twice. */
  duplicateNextExecution: boolean;
  /** The next order's callbacks are held back until its first execDetails has been sent. */
  execBeforeOpenOrder: boolean;
  /** Pacing limit (messages per second per client) lowered by a fault; undefined: the configured one. */
  pacingLimit: number | undefined;
}

export function noFaults(): FaultState {
  return {
    marketDataPaused: false,
    farmBroken: false,
    connectivityLost: false,
    callbackDelayMs: 0,
    duplicateNextExecution: false,
    execBeforeOpenOrder: false,
    pacingLimit: undefined,
  };
}

export function marketDataSuspended(f: FaultState): boolean {
  return f.marketDataPaused || f.farmBroken || f.connectivityLost;
}
