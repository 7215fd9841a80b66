/** One goal of `npm run bench`: a measurement, its goal, and whether the goal is an upper or a lower bound. */
export interface BenchGoal {
  name: string;
  measured: number;
  goal: number;
  /** `at-most`: met when measured ≤ goal (times, bytes, ratios); `at-least`: met when measured ≥ goal (rates). */
  bound: 'at-most' | 'at-least';
  /** Unit printed after both numbers ('' for none). */
  unit?: string;
  digits?: number;
}

const fmt = (n: number, digits: number) => (Number.isFinite(n) ? n.toLocaleString('en-US', { maximumFractionDigits: digits }) : String(n));

/** The line every bench goal prints: `target <name>: <measured> (goal <goal>) met|MISSED`. */
export function benchTarget(g: BenchGoal): string {
  const digits = g.digits ?? 2;
  const unit = g.unit ? ` ${g.unit}` : '';
  const met = g.bound === 'at-most' ? g.measured <= g.goal : g.measured >= g.goal;
  const sign = g.bound === 'at-most' ? '≤' : '≥';
  return `target ${g.name}: ${fmt(g.measured, digits)}${unit} (goal ${sign} ${fmt(g.goal, digits)}${unit}) ${met ? 'met' : 'MISSED'}`;
}
