/** The matrix's table: one line per row with its result, recovery time and what broke. */
import type { RowResult } from './fault-runner';

export function renderTable(results: readonly RowResult[]): string {
  const width = Math.max(10, ...results.map((r) => r.row.name.length));
  const lines = [`${'fault'.padEnd(width)}  result  recovery    invariants 1-5`, `${'-'.repeat(width)}  ------  ----------  --------------`];
  for (const r of results) {
    const broken = new Set(r.failures.map((f) => /^invariant (\d)/.exec(f)?.[1]).filter(Boolean));
    const marks = [1, 2, 3, 4, 5].map((i) => (broken.has(String(i)) ? '✗' : r.failures.some((f) => f.startsWith('lifecycle')) ? '?' : '✓')).join(' ');
    const recovery = r.recoveryMs === undefined ? '-' : `${(r.recoveryMs / 1000).toFixed(2)} s`;
    lines.push(`${r.row.name.padEnd(width)}  ${r.ok ? 'pass  ' : 'FAIL  '}  ${recovery.padEnd(10)}  ${marks}`);
  }
  return lines.join('\n');
}

export function summaryLine(results: readonly RowResult[]): string {
  const passed = results.filter((r) => r.ok).length;
  return `chaos: ${results.length} faults, ${passed} passed, ${results.length - passed} failed`;
}
