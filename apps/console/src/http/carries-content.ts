import type { HttpRequest } from './http-types';

/** Whether a request carries a body at all (a length above zero, or a chunked one). */
export function carriesContent(req: HttpRequest): boolean {
  const length = Number(req.headers['content-length'] ?? 0);
  return length > 0 || req.headers['transfer-encoding'] !== undefined;
}

/** Whether the request says its body is JSON. */
export function declaresJson(req: HttpRequest): boolean {
  return /^application\/json\b/i.test(req.headers['content-type'] ?? '');
}
