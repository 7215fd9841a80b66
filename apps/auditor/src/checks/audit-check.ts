import type { BrokerSnapshot, RepairKind, TradeView, TriggerView, ViolationCode } from '@arctrigger/contracts';

/** The bounds the checks hold the system to (configuration). */
export interface AuditBounds {
  readonly protectionDeadlineMs: number;
  readonly submitBoundMs: number;
  readonly exitBoundMs: number;
}

/**
 * What one audit pass looks at: the trades that are not finished (order-service), every trigger the
 * trigger-service holds for them, and the broker's open orders and positions — null when the
 * gateway could not be asked (then the checks that need the broker say nothing).
 */
export interface AuditInputs {
  readonly now: number;
  readonly trades: readonly TradeView[];
  readonly triggers: readonly TriggerView[];
  readonly broker: BrokerSnapshot | null;
  readonly bounds: AuditBounds;
}

/** One invariant found broken in one pass. `key` is stable for the condition across passes and restarts. */
export interface Finding {
  readonly key: string;
  readonly code: ViolationCode;
  readonly message: string;
  readonly facts: Record<string, string | number | boolean | null>;
  readonly repair: RepairKind;
  /** Passes in a row that must see it before it is acted on (2: fills in flight settle first). */
  readonly confirmPasses: 1 | 2;
}

/** One invariant: pure, same inputs → same findings. */
export interface AuditCheck {
  readonly name: string;
  evaluate(inputs: AuditInputs): Finding[];
}
