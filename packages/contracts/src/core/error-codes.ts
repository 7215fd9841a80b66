/**
 * Error codes as data: every code a request can be answered with is declared with the request in
 * the catalogue, with what it means over HTTP — the console answers with that status and documents
 * it in the OpenAPI document; nothing guesses from the code's spelling.
 */
export const HttpStatus = {
  BAD_REQUEST: 400,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  UNPROCESSABLE: 422,
  INTERNAL: 500,
  BAD_GATEWAY: 502,
  UNAVAILABLE: 503,
  GATEWAY_TIMEOUT: 504,
} as const;
export type HttpStatus = (typeof HttpStatus)[keyof typeof HttpStatus];

/** One code: its HTTP meaning, whether asking again later can succeed, and a sentence for the docs. */
export interface ErrorCodeSpec {
  readonly http: HttpStatus;
  readonly meaning: string;
  readonly retryable?: boolean;
}

/** A table of error codes (code → spec). */
export type ErrorTable = Readonly<Record<string, ErrorCodeSpec>>;

/** The codes of a table as an `as const`-like object (`TradeErrorCode.TRADE_NOT_FOUND` = 'TRADE_NOT_FOUND'). */
export function codesOf<T extends ErrorTable>(table: T): { readonly [K in keyof T & string]: K } {
  return Object.freeze(Object.fromEntries(Object.keys(table).map((k) => [k, k]))) as { readonly [K in keyof T & string]: K };
}

/** Tables merged (a request that passes on the answers of another service lists its codes too). */
export function errorsOf<T extends ErrorTable[]>(...tables: T): UnionToIntersection<T[number]> {
  return Object.freeze(Object.assign({}, ...tables)) as UnionToIntersection<T[number]>;
}

/** Some codes of a table (a command that can answer only these). */
export function pick<T extends ErrorTable, K extends keyof T & string>(table: T, ...codes: K[]): Pick<T, K> {
  return Object.freeze(Object.fromEntries(codes.map((c) => [c, table[c]]))) as Pick<T, K>;
}

type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;

/** The codes the bus itself answers any request with: part of every request's error table. */
export const BusErrors = {
  INVALID_REQUEST: { http: HttpStatus.BAD_REQUEST, meaning: 'The request does not match its contract; `issues` name each field.' },
  INVALID_REPLY: { http: HttpStatus.BAD_GATEWAY, meaning: "The service's answer does not match its contract (a bug in the service)." },
  TIMEOUT: { http: HttpStatus.UNAVAILABLE, meaning: 'The service did not answer in time; whether it acted is unknown.', retryable: true },
  NO_RESPONDERS: { http: HttpStatus.UNAVAILABLE, meaning: 'No instance of the service is running.', retryable: true },
  HANDLER_FAILED: { http: HttpStatus.UNAVAILABLE, meaning: 'The service failed while handling the request (logged there).', retryable: true },
} as const satisfies ErrorTable;
