import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * API token format: `atk_<id>_<secret>` — the id (12 hex) finds the stored record, the secret
 * (64 hex) is checked against its SHA-256 hash. Only the hash is ever stored.
 */
const format = /^atk_([0-9a-f]{12})_([0-9a-f]{64})$/;

export interface IssuedToken {
  tokenId: string;
  token: string;
  secretHash: string;
}

export function issueToken(): IssuedToken {
  const tokenId = randomBytes(6).toString('hex');
  const secret = randomBytes(32).toString('hex');
  return { tokenId, token: `atk_${tokenId}_${secret}`, secretHash: hashSecret(secret) };
}

export function parseToken(token: string): { tokenId: string; secret: string } | undefined {
  const m = format.exec(token);
  return m ? { tokenId: m[1] as string, secret: m[2] as string } : undefined;
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** Constant-time comparison of a presented secret with a stored hash. */
export function secretMatches(secret: string, storedHash: string): boolean {
  const a = Buffer.from(hashSecret(secret), 'hex');
  const b = Buffer.from(storedHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}
