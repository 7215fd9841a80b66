import type { PubAck } from '@nats-io/jetstream';
import { AlertCode, AlertSeverity, Contracts, parseOrderRef, type BrokerOrderEvent, type BrokerPosition, type CommissionReport, type Execution } from '@arctrigger/contracts';
import type { AlertPublisher, Bus, Clock, Logger } from '@arctrigger/service-kit';
import { isSameOwner, reusedIdMsgId, type FillOwner, type StoredExecutions } from '../executions/stored-executions';
import type { GatewayMetrics } from './gateway-metrics';
import type { BrokerEventSink } from '../orders/broker-event-sink';

/**
 * Publishes broker events to JetStream one after another (so an order's events keep their order),
 * each with its Nats-Msg-Id: execId for executions and commissions, a status-derived id for order
 * events. A failed publish is retried; JetStream de-duplication makes the retry harmless.
 *
 * A fill JetStream calls a duplicate is checked against the one stored under that id: the same
 * order's is a true repeat (dropped); another order's — an execution id the broker gave twice — is
 * stored under an id of its own order and raised as a DUPLICATE_EXECUTION_ID alert naming both
 * orders, never dropped in silence. This holds across gateway restarts: JetStream remembers the ids
 * for a day, the gateway's memory only for its life.
 */
export class DurablePublisher implements BrokerEventSink {
  private chain: Promise<void> = Promise.resolve();
  published = 0;

  constructor(
    private readonly bus: Bus,
    private readonly logger: Logger,
    private readonly clock: Clock,
    private readonly stored: StoredExecutions,
    private readonly alerts: AlertPublisher,
    private readonly metrics: GatewayMetrics,
  ) {}

  orderEvent(event: BrokerOrderEvent, msgId: string): void {
    const tradeId = parseOrderRef(event.orderRef)?.tradeId;
    this.metrics.orderEvent(event);
    if (tradeId) this.enqueue(() => this.bus.publishDurable(Contracts.BrokerOrderEvent, event, { params: { tradeId }, msgId }));
  }

  execution(execution: Execution): void {
    const tradeId = parseOrderRef(execution.orderRef)?.tradeId;
    if (!tradeId) return;
    const owner = { orderRef: execution.orderRef, permId: execution.permId };
    this.enqueue(async () => {
      const ack = await this.publishFill(execution.execId, owner, (msgId) => this.bus.publishDurable(Contracts.Execution, execution, { params: { tradeId }, msgId }), (first) => this.reusedExecutionId(execution, first));
      // Counted once stored: a fill TWS reports again (reconciliation after a reconnect) is no new execution.
      if (!ack.duplicate) this.metrics.execution();
    });
  }

  commission(report: CommissionReport): void {
    const tradeId = report.orderRef ? parseOrderRef(report.orderRef)?.tradeId : undefined;
    if (!tradeId || !report.orderRef) return;
    const owner = { orderRef: report.orderRef, permId: null };
    this.enqueue(() => this.publishFill(`commission:${report.execId}`, owner, (msgId) => this.bus.publishDurable(Contracts.CommissionReport, report, { params: { tradeId }, msgId })));
  }

  position(position: BrokerPosition): void {
    this.bus.publish(Contracts.BrokerPosition, position);
  }

  /** Resolves when everything queued so far is stored. */
  flushed(): Promise<void> {
    return this.chain;
  }

  /**
   * Stores a fill under `msgId`; when JetStream already holds another order's fill under it, stores
   * this one under its order's own id and, the first time, tells `onReused` whose the id was.
   */
  private async publishFill(msgId: string, owner: FillOwner, publish: (msgId: string) => Promise<PubAck>, onReused?: (first: FillOwner) => void): Promise<PubAck> {
    const ack = await publish(msgId);
    if (!ack.duplicate) return ack;
    const first = await this.stored.ownerAt(ack.stream, ack.seq);
    if (!first || isSameOwner(first, owner)) return ack;
    const own = await publish(reusedIdMsgId(msgId, owner.orderRef));
    if (!own.duplicate) onReused?.(first);
    return own;
  }

  private reusedExecutionId(execution: Execution, first: FillOwner): void {
    const facts = {
      execId: execution.execId,
      orderRef: execution.orderRef,
      permId: execution.permId,
      ibOrderId: execution.ibOrderId,
      conId: execution.conId,
      shares: execution.shares,
      price: execution.price,
      firstOrderRef: first.orderRef,
      firstPermId: first.permId,
    };
    this.logger.warn(facts, 'execution id already stored for another order: both fills kept, alert raised');
    void this.alerts.raise({
      code: AlertCode.DUPLICATE_EXECUTION_ID,
      severity: AlertSeverity.WARNING,
      message: `The broker reported execution ${execution.execId} for order ${execution.orderRef} (permId ${execution.permId}), an id it already gave a fill of order ${first.orderRef}${first.permId === null ? '' : ` (permId ${first.permId})`}. Both fills are kept; check the broker's executions.`,
      facts,
      dedupKey: `${AlertCode.DUPLICATE_EXECUTION_ID}:${execution.execId}:${execution.orderRef}`,
    });
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
