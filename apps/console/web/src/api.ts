/** A field problem the console reported (`body.trigger.price`). */
export interface FieldIssue {
  path: string;
  message: string;
}

export type ApiResult<T> = { ok: true; status: number; body: T } | { ok: false; status: number; code: string; message: string; issues: FieldIssue[] };

/** A fresh idempotency key (crypto.randomUUID needs a secure context; a phone on the LAN may not have one). */
export function newKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `desk-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

/** The console's REST API with the session's token. Errors come back as values with the console's code. */
export class Api {
  constructor(readonly token: string) {}

  async call<T>(method: string, path: string, body?: unknown, idempotencyKey?: string): Promise<ApiResult<T>> {
    const headers: Record<string, string> = { authorization: `Bearer ${this.token}`, accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (idempotencyKey) headers['idempotency-key'] = idempotencyKey;
    let res: Response;
    try {
      res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    } catch (error) {
      return { ok: false, status: 0, code: 'UNREACHABLE', message: `the console cannot be reached (${(error as Error).message})`, issues: [] };
    }
    const text = await res.text();
    let parsed: unknown = null;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      parsed = { code: 'BAD_ANSWER', message: text.slice(0, 200) };
    }
    if (res.ok) return { ok: true, status: res.status, body: parsed as T };
    const e = (parsed ?? {}) as { code?: string; message?: string; issues?: FieldIssue[] };
    return { ok: false, status: res.status, code: e.code ?? `HTTP_${res.status}`, message: e.message ?? res.statusText, issues: e.issues ?? [] };
  }

  get<T>(path: string) {
    return this.call<T>('GET', path);
  }
}
