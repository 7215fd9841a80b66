/** @arctrigger/cli — the `arctrigger` command line over the console's REST API. */
export { run, helpText, COMMANDS, type CliIo } from './run';
export { ExitCode } from './exit-codes';
