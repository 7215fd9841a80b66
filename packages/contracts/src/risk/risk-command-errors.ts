import { codesOf, type ErrorTable } from '../core/error-codes';

/** Codes the risk-service answers its commands with (limits, trading state). */
export const RiskCommandErrors = {
  NO_CHANGES: { http: 400, meaning: 'The command changes nothing.' },
  INVALID_LIMITS: { http: 400, meaning: 'The limits after the change would not be valid.' },
  CONFLICT: { http: 409, meaning: 'Someone else changed the record at the same time; try again.', retryable: true },
  NO_TRANSITION: { http: 409, meaning: 'The trading state cannot move that way from where it is.' },
} as const satisfies ErrorTable;
export const RiskCommandErrorCode = codesOf(RiskCommandErrors);
