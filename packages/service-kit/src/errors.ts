import type { FieldIssue } from '@arctrigger/contracts';

/** A configuration value is missing or invalid; the service stops at start with this message. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(
    message: string,
    readonly issues: readonly FieldIssue[],
  ) {
    super(message);
  }
}

/** A service tried to send a payload its contract does not allow: a bug in the sender. */
export class ContractViolationError extends Error {
  override readonly name = 'ContractViolationError';
  constructor(
    readonly subject: string,
    readonly issues: readonly FieldIssue[],
  ) {
    super(`payload for ${subject} violates its contract: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`);
  }
}

/** No contract in the catalogue matches a pattern a handler asked for. */
export class UnknownContractError extends Error {
  override readonly name = 'UnknownContractError';
  constructor(readonly pattern: string) {
    super(`no contract in the catalogue for pattern ${pattern}`);
  }
}
