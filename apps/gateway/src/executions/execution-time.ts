import { easternToEpoch } from '@arctrigger/service-kit';

const pattern = /^(\d{4})(\d{2})(\d{2})[\s-]+(\d{2}):(\d{2}):(\d{2})(?:\s+(\S+))?$/;

/**
 * Execution time as TWS writes it: "20261124 10:31:05 US/Eastern", "20261124-15:31:05" (UTC) or
 * epoch seconds. Falls back to `receivedAt` for a format it does not know.
 */
export function executionTime(text: string | undefined, receivedAt: number): number {
  if (!text) return receivedAt;
  const trimmed = text.trim();
  if (/^\d{9,10}$/.test(trimmed)) return Number(trimmed) * 1000;
  const m = pattern.exec(trimmed);
  if (!m) return receivedAt;
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const zone = m[7];
  if (zone === 'US/Eastern' || zone === 'America/New_York' || zone === 'EST' || zone === 'EDT') return easternToEpoch(y, mo, d, h, mi) + s * 1000;
  return Date.UTC(y, mo - 1, d, h, mi, s);
}
