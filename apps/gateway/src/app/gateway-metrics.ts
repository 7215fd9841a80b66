import { createNoopMeter, type Attributes, type Counter, type Histogram, type Meter } from '@opentelemetry/api';
import { BrokerOrderStatus, type BrokerOrderEvent } from '@arctrigger/contracts';
import { latencyHistogram } from '@arctrigger/service-kit';

/** What the gateway's observable instruments read when scraped. */
export interface GatewayGauges {
  twsConnected(): boolean;
  marketDataLines(): number;
  pacingDelays(): number;
}

const ACKNOWLEDGED: ReadonlySet<string> = new Set([BrokerOrderStatus.PRE_SUBMITTED, BrokerOrderStatus.SUBMITTED, BrokerOrderStatus.FILLED]);
const HOP_BROKER_ACK: Attributes = { hop: 'order_submitted_to_broker_ack' };

/**
 * The gateway's instruments: ticks out, broker orders placed / acknowledged / rejected (by IB code),
 * executions, TWS connection state and reconnects, market-data lines and pacing delays, and the
 * trade path's hop from an order written to TWS to the broker's first acknowledgement. Counters
 * on the tick path are plain fields read when scraped.
 */
export class GatewayMetrics {
  /** Ticks published on the bus (read when scraped: no instrument call per tick). */
  ticksOut = 0;
  private sessions = 0;
  private readonly ordersPlaced: Counter;
  private readonly ordersAcknowledged: Counter;
  private readonly ordersRejected: Counter;
  private readonly executions: Counter;
  private readonly tradePath: Histogram;
  /** When each order was written to TWS (performance.now()), until the broker acknowledges it. */
  private readonly placedAt = new Map<string, number>();

  constructor(private readonly meter: Meter = createNoopMeter()) {
    this.ordersPlaced = meter.createCounter('arctrigger.broker.orders.placed', { unit: '{order}', description: 'Orders written to TWS (placements and modifications).' });
    this.ordersAcknowledged = meter.createCounter('arctrigger.broker.orders.acknowledged', { unit: '{order}', description: 'Orders the broker acknowledged (first live status).' });
    this.ordersRejected = meter.createCounter('arctrigger.broker.orders.rejected', { unit: '{order}', description: 'Orders or modifications the broker refused, by IB error code.' });
    // Exported at 0 from the start (without a code), so rates and alert rules see it before the first rejection.
    this.ordersRejected.add(0);
    this.executions = meter.createCounter('arctrigger.broker.executions', { unit: '{execution}', description: 'Executions (fills) reported by the broker.' });
    this.tradePath = latencyHistogram(meter, 'arctrigger.trade_path.duration', 'Trade path latency per hop.');
    meter.createObservableCounter('arctrigger.ticks.published', { unit: '{tick}', description: 'Market ticks published on the bus.' }).addCallback((r) => r.observe(this.ticksOut));
    meter.createObservableCounter('arctrigger.tws.reconnects', { unit: '{reconnect}', description: 'TWS sessions after the first.' }).addCallback((r) => r.observe(Math.max(0, this.sessions - 1)));
  }

  /** Gauges read from the running gateway. */
  observe(gauges: GatewayGauges): void {
    this.meter.createObservableGauge('arctrigger.tws.connected', { description: '1 while a TWS session is ready, else 0.' }).addCallback((r) => r.observe(gauges.twsConnected() ? 1 : 0));
    this.meter.createObservableGauge('arctrigger.market_data.lines', { unit: '{line}', description: 'Market-data lines in use at TWS.' }).addCallback((r) => r.observe(gauges.marketDataLines()));
    this.meter.createObservableCounter('arctrigger.tws.pacing.delays', { unit: '{message}', description: 'Messages to TWS that waited for the pacer.' }).addCallback((r) => r.observe(gauges.pacingDelays()));
  }

  sessionReady(): void {
    this.sessions++;
  }

  orderPlaced(orderRef: string): void {
    this.ordersPlaced.add(1);
    this.placedAt.set(orderRef, performance.now());
  }

  orderEvent(event: BrokerOrderEvent): void {
    if (event.type === 'rejected') {
      this.placedAt.delete(event.orderRef);
      this.ordersRejected.add(1, { code: String(event.code) });
      return;
    }
    if (event.type !== 'status' || event.reconciled || !ACKNOWLEDGED.has(event.status)) return;
    const placedAt = this.placedAt.get(event.orderRef);
    if (placedAt === undefined) return;
    this.placedAt.delete(event.orderRef);
    this.ordersAcknowledged.add(1);
    this.tradePath.record((performance.now() - placedAt) / 1000, HOP_BROKER_ACK);
  }

  execution(): void {
    this.executions.add(1);
  }
}
