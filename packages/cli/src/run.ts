import { parseArgs } from 'node:util';
import { ApiClient } from './api-client';
import type { Command, CommandContext } from './command';
import { deskCommands } from './commands/desk-commands';
import { emergencyCommands } from './commands/emergency-commands';
import { opsCommands } from './commands/ops-commands';
import { simCommands } from './commands/sim-commands';
import { tokenCommands } from './commands/token-commands';
import { tradeCommands } from './commands/trade-commands';
import { watchlistCommand } from './commands/watchlist-command';
import { ExitCode, UsageError } from './exit-codes';
import { keyValues } from './table';

export const COMMANDS: readonly Command[] = [...tradeCommands, watchlistCommand, ...deskCommands, ...emergencyCommands, ...opsCommands, ...tokenCommands, ...simCommands];

export interface CliIo {
  out: (text: string) => void;
  err: (text: string) => void;
  signal?: AbortSignal;
}

const GLOBAL_OPTIONS = {
  url: { type: 'string' },
  token: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

export function helpText(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'arctrigger — trigger-trading for US equity options, from the terminal (over the console REST API)',
    '',
    'Usage: arctrigger <command> [arguments] [--json] [--url URL] [--token TOKEN]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Configuration: ARCTRIGGER_URL (default http://127.0.0.1:8080) and ARCTRIGGER_TOKEN, or --url / --token;',
    '  ARCTRIGGER_SIM_URL (default http://127.0.0.1:7498) for `sim`.',
    'Output: readable tables; --json prints the API answer as JSON for scripts.',
    'Exit codes: 0 ok, 1 usage, 2 API refused (4xx), 3 unavailable (5xx or unreachable), 4 auth (401/403).',
    '',
    'Examples:',
    '  arctrigger status',
    '  arctrigger arm AAPL CALL next ATM --trigger +0.10 --budget 2000 --limit-offset 0.05 --stop-offset 1',
    '  arctrigger arm AAPL CALL 20300118 200 --trigger 190.50 --contracts 2 --stop-offset 1',
    '  arctrigger watchlist add AAPL --expiry next --strikes ATM+-2',
    '  arctrigger watch',
    '  arctrigger list --state ARMED,OPEN --json',
    '',
    'arctrigger <command> --help shows a command with examples.',
  ].join('\n');
}

function commandHelp(c: Command): string {
  return [`${c.summary}`, '', `Usage: ${c.usage}`, '', 'Examples:', ...c.examples.map((e) => `  ${e}`)].join('\n');
}

/** Runs one command line; resolves with the exit code. */
export async function run(argv: string[], env: NodeJS.ProcessEnv, io: CliIo): Promise<ExitCode> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.out(helpText());
    return name ? ExitCode.OK : ExitCode.USAGE;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.err(`unknown command: ${name}\n\n${helpText()}`);
    return ExitCode.USAGE;
  }
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: rest, options: { ...GLOBAL_OPTIONS, ...command.options }, allowPositionals: true, strict: true });
  } catch (error) {
    io.err(`${(error as Error).message}\n\n${commandHelp(command)}`);
    return ExitCode.USAGE;
  }
  const values = parsed.values as Record<string, string | boolean | undefined>;
  if (values.help) {
    io.out(commandHelp(command));
    return ExitCode.OK;
  }
  const token = (values.token as string | undefined) ?? env.ARCTRIGGER_TOKEN;
  const url = (values.url as string | undefined) ?? env.ARCTRIGGER_URL ?? 'http://127.0.0.1:8080';
  const ctx: CommandContext = { client: new ApiClient(url, token), json: values.json === true, out: io.out, err: io.err, signal: io.signal ?? new AbortController().signal, env };
  try {
    const answer = await command.run(ctx, parsed.positionals, values);
    if (typeof answer === 'number') return answer;
    if (answer.exitCode !== ExitCode.OK) {
      const body = answer.body as { code?: string; message?: string; issues?: Array<{ path: string; message: string }> };
      if (ctx.json) io.err(JSON.stringify({ status: answer.status, ...body }));
      else io.err([`error ${answer.status} ${body.code ?? ''}: ${body.message ?? JSON.stringify(body)}`, ...(body.issues ?? []).map((i) => `  ${i.path}: ${i.message}`)].join('\n'));
      return answer.exitCode;
    }
    io.out(ctx.json ? JSON.stringify(answer.body, null, 2) : (command.render ?? defaultRender)(answer.body));
    return ExitCode.OK;
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`${error.message}\n\n${commandHelp(command)}`);
      return ExitCode.USAGE;
    }
    throw error;
  }
}

function defaultRender(body: unknown): string {
  return body && typeof body === 'object' ? keyValues(body as Record<string, unknown>) : String(body);
}
