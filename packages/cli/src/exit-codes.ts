/** Exit codes scripts can rely on. */
export const ExitCode = {
  OK: 0,
  /** Bad command line: unknown command, missing argument, bad flag. */
  USAGE: 1,
  /** The API refused the request (4xx other than auth): invalid input, not found, risk denied … */
  API_ERROR: 2,
  /** The console or a service is unavailable (5xx, or the console cannot be reached). */
  UNAVAILABLE: 3,
  /** No token, an unknown one, or a role too small (401 / 403). */
  AUTH: 4,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

export function exitCodeOfStatus(status: number): ExitCode {
  if (status < 400) return ExitCode.OK;
  if (status === 401 || status === 403) return ExitCode.AUTH;
  if (status >= 500) return ExitCode.UNAVAILABLE;
  return ExitCode.API_ERROR;
}

/** A command-line mistake: printed with the command's usage, exit 1. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
