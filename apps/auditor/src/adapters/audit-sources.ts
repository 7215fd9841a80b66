import { Contracts, TradeState, type BrokerSnapshot, type TradeView, type TriggerView } from '@arctrigger/contracts';
import type { Bus } from '@arctrigger/service-kit';

/** Every state but the final ones: the trades that can hold contracts, orders or triggers. */
const LIVE_STATES = Object.values(TradeState).filter((s) => !['CLOSED', 'REJECTED', 'CANCELLED', 'FAILED'].includes(s));
/** The most trades one list answers (the contract's cap). */
const MAX_TRADES = 1_000;

export type Sourced<T> = { ok: true; value: T } | { ok: false; reason: string };

/** What a pass reads, over the bus: the trades (order-service), the triggers (trigger-service), the broker (gateway). */
export class AuditSources {
  constructor(private readonly bus: Bus) {}

  async trades(): Promise<Sourced<TradeView[]>> {
    const reply = await this.bus.request(Contracts.ListTrades, { states: LIVE_STATES, limit: MAX_TRADES });
    return reply.ok ? { ok: true, value: reply.value.trades } : { ok: false, reason: `${reply.code}: ${reply.message}` };
  }

  async triggers(): Promise<Sourced<TriggerView[]>> {
    const reply = await this.bus.request(Contracts.ListTriggers, { includeFinished: true });
    return reply.ok ? { ok: true, value: reply.value.triggers } : { ok: false, reason: `${reply.code}: ${reply.message}` };
  }

  async broker(): Promise<Sourced<BrokerSnapshot>> {
    const reply = await this.bus.request(Contracts.BrokerSnapshot, {});
    return reply.ok ? { ok: true, value: reply.value } : { ok: false, reason: `${reply.code}: ${reply.message}` };
  }
}
