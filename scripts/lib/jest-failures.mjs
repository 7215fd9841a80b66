// The failed tests in a captured turbo + jest output, each with the start of its report (the
// assertion and where it failed). `npm test` prints them again just before its summary line, so
// that the end of a long CI log — often all that is kept — names what failed and why.

const TURBO_PREFIX = /^@[\w-]+\/[\w-]+:test: /;
/** Jest's heading of one failed test ("● describe › name"); its console output has "● Console". */
const FAILED_TEST = /^\s*● (?!Console\b)\S/;
/** Where a failure's report ends: the next heading, a suite line or jest's summary. */
const REPORT_END = /^\s*(● |PASS |FAIL |Test Suites:|Tests:)/;

/**
 * Every failed test's heading with up to `lines` lines of its report, prefixed by its workspace.
 * @param {string} output
 * @param {{ lines?: number, max?: number }} [limits]
 * @returns {string[]}
 */
export function jestFailures(output, { lines = 30, max = 10 } = {}) {
  const failures = [];
  let current = null;
  for (const raw of output.split('\n')) {
    const prefix = raw.match(TURBO_PREFIX)?.[0] ?? '';
    const workspace = prefix.replace(/:test: $/, '');
    const line = raw.slice(prefix.length);
    if (FAILED_TEST.test(line)) {
      current = { workspace, lines: [line.trim()] };
      failures.push(current);
      continue;
    }
    if (!current) continue;
    if (workspace !== current.workspace || REPORT_END.test(line) || current.lines.length > lines) {
      current = null;
      continue;
    }
    if (line.trim() !== '') current.lines.push(line);
  }
  // Jest repeats every failure under "Summary of all failing tests": each is reported once.
  const reports = new Map();
  for (const f of failures) {
    const heading = `${f.workspace} ${f.lines[0]}`;
    if (!reports.has(heading)) reports.set(heading, [heading, ...f.lines.slice(1)].join('\n'));
  }
  return [...reports.values()].slice(0, max);
}
