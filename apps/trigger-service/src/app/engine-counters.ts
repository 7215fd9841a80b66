/** Counters of the trigger engine that the health check, the metrics and the benchmark read. */
export interface EngineCounters {
  ticks: number;
  staleTicks: number;
  fired: number;
  lostRaces: number;
}
