import type { z } from 'zod';
import type { RequestContract } from '@arctrigger/contracts';
import type { Role } from '../auth/role';

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE';

/**
 * One HTTP route as data: method, path, who may call it and the zod schemas of what goes in and
 * comes out. Controllers bind a handler to it with `@Route(def)`; the guard, the input parser, the
 * idempotency interceptor and the OpenAPI document all read the same definition.
 */
export interface ApiRoute<
  B extends z.ZodType | undefined = z.ZodType | undefined,
  Q extends z.ZodType | undefined = z.ZodType | undefined,
  P extends z.ZodType | undefined = z.ZodType | undefined,
  R extends z.ZodType = z.ZodType,
> {
  readonly operationId: string;
  readonly method: HttpMethod;
  /** OpenAPI-style path: `/v1/trades/{tradeId}`. */
  readonly path: string;
  /** Least role allowed; `null` = public (no token). */
  readonly role: Role | null;
  readonly tag: string;
  readonly summary: string;
  readonly body?: B;
  readonly query?: Q;
  readonly params?: P;
  readonly response: R;
  readonly successStatus: 200 | 201 | 204;
  /** Accepts `Idempotency-Key`: a repeat with the same key returns the first answer. */
  readonly idempotent: boolean;
  /** Media type of the success answer. */
  readonly produces: 'application/json' | 'text/event-stream' | 'text/html' | 'application/octet-stream';
  /**
   * The bus requests the route makes: each code they can be refused with is answered with the HTTP
   * status its contract declares, and documented under it in the OpenAPI document.
   */
  readonly calls: readonly RequestContract[];
}

type Def<B, Q, P, R> = Omit<ApiRoute<B & (z.ZodType | undefined), Q & (z.ZodType | undefined), P & (z.ZodType | undefined), R & z.ZodType>, 'successStatus' | 'idempotent' | 'produces' | 'calls'> &
  Partial<Pick<ApiRoute, 'successStatus' | 'idempotent' | 'produces' | 'calls'>>;

export function defineRoute<
  R extends z.ZodType,
  B extends z.ZodType | undefined = undefined,
  Q extends z.ZodType | undefined = undefined,
  P extends z.ZodType | undefined = undefined,
>(def: Def<B, Q, P, R>): ApiRoute<B, Q, P, R> {
  return Object.freeze({ successStatus: 200, idempotent: false, produces: 'application/json', calls: [], ...def });
}

type Out<S> = [NonNullable<S>] extends [never] ? undefined : NonNullable<S> extends z.ZodType ? z.output<NonNullable<S>> : undefined;

/** What a handler receives: body, query and path params, parsed by the route's schemas. */
export interface RouteInput<T extends ApiRoute> {
  body: Out<T['body']>;
  query: Out<T['query']>;
  params: Out<T['params']>;
}

/** Nest / express path of a route: `/v1/trades/{tradeId}` → `v1/trades/:tradeId`. */
export function expressPath(path: string): string {
  return path.replace(/^\//, '').replace(/\{([A-Za-z]+)\}/g, ':$1');
}
