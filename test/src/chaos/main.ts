/**
 * `npm run chaos [-- --subset] [-- --only <regex>] [-- --fuzz <n>] [-- --no-faults]`: runs the
 * fault matrix (every row of fault-table.ts, or the representative subset), prints each row as it
 * finishes and then the table, then the fuzzer. Its last two lines are exactly
 * `chaos: <F> faults, <P> passed, <X> failed` and `fuzz: <N> payloads, <X> failures`.
 */
import { FaultRunner } from './fault-runner';
import { FAULT_TABLE } from './fault-table';
import { renderTable, summaryLine } from './results-table';
import { runFuzz } from './fuzz/fuzz-run';

interface Options {
  subset: boolean;
  only: RegExp | undefined;
  fuzzPerTarget: number;
  faults: boolean;
}

function parse(argv: string[]): Options {
  const o: Options = { subset: false, only: undefined, fuzzPerTarget: 10_000, faults: true };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--subset') o.subset = true;
    else if (a === '--only') o.only = new RegExp(argv[++i] ?? '');
    else if (a === '--fuzz') o.fuzzPerTarget = Number(argv[++i]);
    else if (a === '--no-faults') o.faults = false;
    else throw new Error(`unknown option ${a}: expected --subset, --only <regex>, --fuzz <payloads per target>, --no-faults`);
  }
  if (!Number.isInteger(o.fuzzPerTarget) || o.fuzzPerTarget < 0) throw new Error('--fuzz needs a whole number of payloads per target');
  return o;
}

async function main(): Promise<void> {
  const options = parse(process.argv.slice(2));
  const rows = FAULT_TABLE.filter((r) => (!options.subset || r.subset) && (!options.only || options.only.test(r.name)));
  const results = options.faults ? await new FaultRunner().run(rows) : [];
  const fuzz = await runFuzz(options.fuzzPerTarget);
  console.log('');
  console.log(renderTable(results));
  console.log('');
  console.log(fuzz.table);
  console.log('');
  console.log(summaryLine(results));
  console.log(fuzz.summary);
  process.exit(results.every((r) => r.ok) && fuzz.failures === 0 ? 0 : 1);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});
