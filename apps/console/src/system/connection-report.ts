import { z } from 'zod';
import { CONNECTION_STATE_MISSED_ANNOUNCEMENTS, ConnectionState, ConnectionStatus } from '@arctrigger/contracts';

/** What the console says of the gateway's connection: what the gateway announced, or `unknown`. */
export const ConnectionReportStatus = { ...ConnectionStatus, UNKNOWN: 'unknown' } as const;
export type ConnectionReportStatus = (typeof ConnectionReportStatus)[keyof typeof ConnectionReportStatus];

/** How often gateways older than `announceIntervalMs` re-announced their state. */
const LEGACY_ANNOUNCE_INTERVAL_MS = 5_000;

/**
 * The gateway's last announced connection state with its age. When no announcement came for
 * CONNECTION_STATE_MISSED_ANNOUNCEMENTS intervals (a killed gateway says nothing), `status` is
 * `unknown`, firing is not allowed, and `lastStatus` keeps what the gateway said last.
 */
export const ConnectionReport = ConnectionState.extend({
  status: z.enum(Object.values(ConnectionReportStatus) as [ConnectionReportStatus, ...ConnectionReportStatus[]]),
  /** Milliseconds since the console last heard the gateway announce its state. */
  ageMs: z.number().int().nonnegative(),
  /** With `unknown`: the status the gateway announced last. */
  lastStatus: z.enum(Object.values(ConnectionStatus) as [ConnectionStatus, ...ConnectionStatus[]]).optional(),
});
export type ConnectionReport = z.infer<typeof ConnectionReport>;

/** How long after an announcement the console stops believing it. */
export function staleAfterMs(state: ConnectionState): number {
  return CONNECTION_STATE_MISSED_ANNOUNCEMENTS * (state.announceIntervalMs ?? LEGACY_ANNOUNCE_INTERVAL_MS);
}

/** The report for `state`, heard at `heardAt`, as of `now` (the console's clock for both: no skew between hosts). */
export function reportConnection(state: ConnectionState, heardAt: number, now: number): ConnectionReport {
  const ageMs = Math.max(0, now - heardAt);
  if (ageMs <= staleAfterMs(state)) return { ...state, ageMs };
  return {
    ...state,
    status: ConnectionReportStatus.UNKNOWN,
    lastStatus: state.status,
    firingAllowed: false,
    reason: `no word from the gateway for ${(ageMs / 1000).toFixed(1)} s; it last said ${state.status} (${state.reason})`,
    ageMs,
  };
}
