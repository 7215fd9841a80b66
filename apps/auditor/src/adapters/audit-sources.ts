import { Contracts, type BrokerSnapshot, type TradeView, type TriggerView } from '@arctrigger/contracts';
import type { Bus } from '@arctrigger/service-kit';
import type { TradeMirror } from './trade-mirror';

export type Sourced<T> = { ok: true; value: T } | { ok: false; reason: string };

/**
 * What a pass reads: the unfinished trades (the order-service's projection, mirrored), the live stop
 * triggers (trigger-service) and the broker's view (gateway).
 */
export class AuditSources {
  constructor(
    private readonly bus: Bus,
    private readonly mirror: TradeMirror,
  ) {}

  trades(): Promise<Sourced<TradeView[]>> {
    return Promise.resolve({ ok: true, value: this.mirror.trades() });
  }

  /** The stop triggers still armed (a stop that is not listed is not live). */
  async triggers(): Promise<Sourced<TriggerView[]>> {
    const reply = await this.bus.request(Contracts.ListTriggers, { purpose: 'stop', includeFinished: false });
    return reply.ok ? { ok: true, value: reply.value.triggers } : { ok: false, reason: `${reply.code}: ${reply.message}` };
  }

  async broker(): Promise<Sourced<BrokerSnapshot>> {
    const reply = await this.bus.request(Contracts.BrokerSnapshot, {});
    return reply.ok ? { ok: true, value: reply.value } : { ok: false, reason: `${reply.code}: ${reply.message}` };
  }
}
