/** Percentiles of a set of latency samples (nanoseconds in, microseconds out). */
export interface LatencySummary {
  count: number;
  p50us: number;
  p99us: number;
  meanUs: number;
}

export function summarize(samplesNs: Float64Array | number[]): LatencySummary {
  const sorted = Float64Array.from(samplesNs).sort();
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  let sum = 0;
  for (const v of sorted) sum += v;
  return { count: sorted.length, p50us: at(0.5) / 1000, p99us: at(0.99) / 1000, meanUs: sum / sorted.length / 1000 };
}
