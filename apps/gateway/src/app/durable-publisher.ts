import { Contracts, parseOrderRef, type BrokerOrderEvent, type BrokerPosition, type CommissionReport, type Execution } from '@arctrigger/contracts';
import type { Bus, Clock, Logger } from '@arctrigger/service-kit';
import type { BrokerEventSink } from '../orders/broker-event-sink';

/**
 * Publishes broker events to JetStream one after another (so an order's events keep their order),
 * each with its Nats-Msg-Id: execId for executions and commissions, a status-derived id for order
 * events. A failed publish is retried; JetStream de-duplication makes the retry harmless.
 */
export class DurablePublisher implements BrokerEventSink {
  private chain: Promise<void> = Promise.resolve();
  published = 0;

  constructor(
    private readonly bus: Bus,
    private readonly logger: Logger,
    private readonly clock: Clock,
  ) {}

  orderEvent(event: BrokerOrderEvent, msgId: string): void {
    const tradeId = parseOrderRef(event.orderRef)?.tradeId;
    if (tradeId) this.enqueue(() => this.bus.publishDurable(Contracts.BrokerOrderEvent, event, { params: { tradeId }, msgId }));
  }

  execution(execution: Execution): void {
    const tradeId = parseOrderRef(execution.orderRef)?.tradeId;
    if (tradeId) this.enqueue(() => this.bus.publishDurable(Contracts.Execution, execution, { params: { tradeId }, msgId: execution.execId }));
  }

  commission(report: CommissionReport): void {
    const tradeId = report.orderRef ? parseOrderRef(report.orderRef)?.tradeId : undefined;
    if (tradeId) this.enqueue(() => this.bus.publishDurable(Contracts.CommissionReport, report, { params: { tradeId }, msgId: `commission:${report.execId}` }));
  }

  position(position: BrokerPosition): void {
    this.bus.publish(Contracts.BrokerPosition, position);
  }

  /** Resolves when everything queued so far is stored. */
  flushed(): Promise<void> {
    return this.chain;
  }

  private enqueue(publish: () => Promise<unknown>): void {
    this.chain = this.chain.then(async () => {
      for (let attempt = 1; ; attempt++) {
        try {
          await publish();
          this.published++;
          return;
        } catch (error) {
          if (attempt >= 5) {
            this.logger.error({ err: error }, 'could not store a broker event in JetStream');
            return;
          }
          await new Promise<void>((r) => void this.clock.setTimer(200 * attempt, r));
        }
      }
    });
  }
}
