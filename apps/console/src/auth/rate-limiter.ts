/** Outcome of taking one request from a token's allowance. */
export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

interface Bucket {
  tokens: number;
  refilledAt: number;
}

/**
 * Token bucket per API token: `perMinute` requests a minute with a burst of the same size. The
 * allowance is per console instance (it is a guard against runaway scripts, not an accounting).
 */
export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly perMs: number;

  constructor(private readonly perMinute: number) {
    this.perMs = perMinute / 60_000;
  }

  take(key: string, now: number): RateDecision {
    const bucket = this.buckets.get(key) ?? { tokens: this.perMinute, refilledAt: now };
    bucket.tokens = Math.min(this.perMinute, bucket.tokens + (now - bucket.refilledAt) * this.perMs);
    bucket.refilledAt = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true };
    }
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / this.perMs / 1000)) };
  }
}
