/**
 * `npm test` names what failed at the end of its output (scripts/lib/jest-failures.mjs): the end of
 * a long CI log is often all that is kept.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from '@arctrigger/testkit';

/** jestFailures(output) run as the script runs it: an ES module in a node process of its own. */
function jestFailures(output: string): string[] {
  const module = join(repoRoot(), 'scripts', 'lib', 'jest-failures.mjs');
  const program = `import(${JSON.stringify(module)}).then((m) => process.stdout.write(JSON.stringify(m.jestFailures(process.env.OUTPUT))))`;
  return JSON.parse(execFileSync(process.execPath, ['-e', program], { env: { ...process.env, OUTPUT: output } }).toString()) as string[];
}

const LANE = [
  '@arctrigger/a:test: PASS test/x.spec.ts',
  '@arctrigger/a:test:   ● Console',
  '@arctrigger/a:test:     console.log',
  '@arctrigger/a:test:       sweep: 200 trades',
  '@arctrigger/a:test: FAIL test/y.spec.ts (5 s)',
  '@arctrigger/a:test:   ● processes › fires once',
  '@arctrigger/a:test: ',
  '@arctrigger/a:test:     expect(received).toBeLessThan(expected)',
  '@arctrigger/a:test:       at Object.<anonymous> (test/y.spec.ts:10:5)',
  '@arctrigger/a:test: PASS test/z.spec.ts',
  '@arctrigger/a:test: Summary of all failing tests',
  '@arctrigger/a:test:   ● processes › fires once',
  '@arctrigger/a:test:     expect(received).toBeLessThan(expected)',
  '@arctrigger/a:test: Tests:       1 failed, 2 passed, 3 total',
  '@arctrigger/b:test:   ● b › times out',
  '@arctrigger/b:test:     thrown: Exceeded timeout',
  '@arctrigger/c:test: PASS test/q.spec.ts',
  '@arctrigger/c:test:     not part of b\'s report',
].join('\n');

describe('npm test failure digest', () => {
  it('names each failed test once with its workspace and the start of its report, and leaves console output out', () => {
    expect(jestFailures(LANE)).toEqual([
      ['@arctrigger/a ● processes › fires once', '    expect(received).toBeLessThan(expected)', '      at Object.<anonymous> (test/y.spec.ts:10:5)'].join('\n'),
      ['@arctrigger/b ● b › times out', '    thrown: Exceeded timeout'].join('\n'),
    ]);
  });

  it('finds nothing in a run where every test passed', () => {
    expect(jestFailures(LANE.split('\n').filter((l) => !/● (processes|b)|FAIL/.test(l)).join('\n'))).toEqual([]);
  });
});
