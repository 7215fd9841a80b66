import { isTransientJetStreamError } from './transient-errors';

/** How long a JetStream read or write keeps retrying through transient failures (see stored-publish.ts). */
export const TRANSIENT_RETRY_MS = 60_000;
const FIRST_BACKOFF_MS = 100;
const MAX_BACKOFF_MS = 2_000;

/**
 * Runs `call` until it succeeds, retrying transient JetStream failures (a leader being elected)
 * with a growing pause for up to `retryForMs`; `onRetry` hears of each failure retried (the call
 * may have taken effect). Other failures, and a transient one past the deadline, are thrown.
 */
export async function retryTransient<T>(call: () => Promise<T>, onRetry?: (error: unknown, attempt: number) => void, retryForMs = TRANSIENT_RETRY_MS): Promise<T> {
  const deadline = Date.now() + retryForMs;
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if (!isTransientJetStreamError(error) || Date.now() >= deadline) throw error;
      onRetry?.(error, attempt);
      await new Promise((r) => setTimeout(r, Math.min(MAX_BACKOFF_MS, FIRST_BACKOFF_MS * 2 ** (attempt - 1), Math.max(0, deadline - Date.now()))));
    }
  }
}
