/** Renders rows as an aligned text table with a header line. */
export function table(columns: readonly string[], rows: ReadonlyArray<ReadonlyArray<unknown>>): string {
  const cells = [columns.map(String), ...rows.map((r) => r.map(cell))];
  const widths = columns.map((_c, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  return cells.map((r) => r.map((c, i) => (c ?? '').padEnd(widths[i] ?? 0)).join('  ').trimEnd()).join('\n');
}

/** Renders an object as `key  value` lines (nested values as compact JSON). */
export function keyValues(value: Record<string, unknown>): string {
  const width = Math.max(...Object.keys(value).map((k) => k.length));
  return Object.entries(value)
    .map(([k, v]) => `${k.padEnd(width)}  ${cell(v)}`)
    .join('\n');
}

function cell(value: unknown): string {
  if (value === null || value === undefined) return '-';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}
