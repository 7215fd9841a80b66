import { AsyncLocalStorage } from 'node:async_hooks';
import type { Actor } from '@arctrigger/contracts';

/** The actors the order-service records when no person asked: whose message caused the change. */
export const Actors = {
  ORDER_SERVICE: { kind: 'service', id: 'order-service' },
  TRIGGER_SERVICE: { kind: 'service', id: 'trigger-service' },
  GATEWAY: { kind: 'service', id: 'gateway' },
  RISK_SERVICE: { kind: 'service', id: 'risk-service' },
  CONSOLE: { kind: 'service', id: 'console' },
  AUDITOR: { kind: 'auditor', id: 'auditor' },
} as const satisfies Record<string, Actor>;

const acting = new AsyncLocalStorage<Actor>();

/**
 * Runs `task` on behalf of `actor`: every trade event it appends — in the trade's queue, after any
 * await — records that actor. Timers run as the order-service (ClockTradeScheduler), whoever set them.
 */
export function actingAs<T>(actor: Actor, task: () => T): T {
  return acting.run(actor, task);
}

/** Who the current work is done for (the order-service itself outside any actor's work). */
export function currentActor(): Actor {
  return acting.getStore() ?? Actors.ORDER_SERVICE;
}
