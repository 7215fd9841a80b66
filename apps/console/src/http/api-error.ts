import type { FieldIssue } from '@arctrigger/contracts';

/** The body of every error response: a stable code, a sentence, and field issues for 400. */
export interface ErrorBody {
  code: string;
  message: string;
  issues?: FieldIssue[];
}

/**
 * An expected failure of an HTTP call, turned into a response by the exception filter. Carries
 * no stack to the client; `retryAfterSeconds` becomes a Retry-After header.
 */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues?: FieldIssue[],
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }

  get body(): ErrorBody {
    return { code: this.code, message: this.message, ...(this.issues ? { issues: this.issues } : {}) };
  }
}
