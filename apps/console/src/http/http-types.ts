import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Principal } from '../auth/principal';

/** The parts of an express request the console reads (express 5 ships no types of its own). */
export interface HttpRequest extends IncomingMessage {
  body?: unknown;
  query: Record<string, unknown>;
  params: Record<string, string>;
  path: string;
  ip?: string;
  /** Set by the auth guard. */
  principal?: Principal;
}

export interface HttpResponse extends ServerResponse {
  status(code: number): HttpResponse;
  json(body: unknown): HttpResponse;
  send(body: unknown): HttpResponse;
  type(contentType: string): HttpResponse;
}
