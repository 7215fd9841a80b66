import type { ParseArgsConfig } from 'node:util';
import type { ApiAnswer, ApiClient } from './api-client';
import type { ExitCode } from './exit-codes';

/** What a command can use: the API client, the output, and whether to print raw JSON. */
export interface CommandContext {
  client: ApiClient;
  json: boolean;
  out: (text: string) => void;
  err: (text: string) => void;
  /** Stops long-running commands (watch). */
  signal: AbortSignal;
  /** The environment (ARCTRIGGER_SIM_URL …). */
  env: NodeJS.ProcessEnv;
}

export type CommandOptions = NonNullable<ParseArgsConfig['options']>;
export type Values = Record<string, string | boolean | string[] | boolean[] | undefined>;

/** One `arctrigger <name>` command. `run` returns an API answer to print, or an exit code. */
export interface Command {
  name: string;
  summary: string;
  usage: string;
  examples: string[];
  options?: CommandOptions;
  run(ctx: CommandContext, args: string[], values: Values): Promise<ApiAnswer | ExitCode>;
  /** Human rendering of a successful answer (default: key / value lines or JSON). */
  render?(body: unknown): string;
}
