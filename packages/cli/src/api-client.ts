import { randomUUID } from 'node:crypto';
import { exitCodeOfStatus, ExitCode } from './exit-codes';

export interface ApiAnswer {
  status: number;
  body: unknown;
  exitCode: ExitCode;
}

/** Calls the console's REST API with the configured token. Network failures are status 0 (exit 3). */
export class ApiClient {
  constructor(
    readonly baseUrl: string,
    private readonly token: string | undefined,
  ) {}

  async call(method: string, path: string, body?: unknown, options: { idempotent?: boolean; idempotencyKey?: string } = {}): Promise<ApiAnswer> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (options.idempotent) headers['idempotency-key'] = options.idempotencyKey ?? `cli-${randomUUID()}`;
    try {
      const res = await fetch(new URL(path, this.baseUrl), { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
      const text = await res.text();
      let parsed: unknown = text;
      try {
        parsed = text.length > 0 ? JSON.parse(text) : null;
      } catch {
        // not JSON: keep the text
      }
      return { status: res.status, body: parsed, exitCode: exitCodeOfStatus(res.status) };
    } catch (error) {
      return { status: 0, body: { code: 'UNREACHABLE', message: `cannot reach ${this.baseUrl}: ${(error as Error).message}` }, exitCode: ExitCode.UNAVAILABLE };
    }
  }

  /** Opens the event stream; resolves with the response for the caller to read. */
  stream(path: string, lastEventId: string | undefined, signal: AbortSignal): Promise<Response> {
    const headers: Record<string, string> = {};
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    if (lastEventId) headers['last-event-id'] = lastEventId;
    return fetch(new URL(path, this.baseUrl), { headers, signal });
  }
}
