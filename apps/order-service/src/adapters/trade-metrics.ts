import { createNoopMeter, type Attributes, type Counter, type Histogram, type Meter } from '@opentelemetry/api';
import { TradeEventType as E, TradeState, type TradeEvent, type TradeView } from '@arctrigger/contracts';
import { latencyHistogram } from '@arctrigger/service-kit';

/** The hops of the trade path the order-service sees, between two of a trade's events. */
const HOP = {
  FIRED_TO_SUBMITTED: { hop: 'trigger_fired_to_order_submitted' },
  SUBMITTED_TO_FIRST_FILL: { hop: 'order_submitted_to_first_fill' },
  FIRST_FILL_TO_STOP_ARMED: { hop: 'first_fill_to_stop_armed' },
  FIRED_TO_STOP_ARMED: { hop: 'end_to_end_trigger_fired_to_stop_armed' },
} as const satisfies Record<string, Attributes>;

interface PathTimes {
  firedAt?: number;
  submittedAt?: number;
  firstFillAt?: number;
}

const FINAL: ReadonlySet<string> = new Set([TradeState.CLOSED, TradeState.REJECTED, TradeState.CANCELLED, TradeState.FAILED]);

/**
 * The order-service's instruments, fed by every trade event it appends: transitions (by type and
 * target state), trades per state, and the trade path's hops from the events' own times —
 * trigger fired → order submitted → first fill → stop armed, and fired → stop armed end to end.
 */
export class TradeMetrics {
  private readonly transitions: Counter;
  private readonly tradePath: Histogram;
  private readonly paths = new Map<string, PathTimes>();

  constructor(private readonly meter: Meter = createNoopMeter()) {
    this.transitions = meter.createCounter('arctrigger.trades.transitions', { unit: '{transition}', description: 'Trade state transitions, by event type and target state.' });
    this.tradePath = latencyHistogram(meter, 'arctrigger.trade_path.duration', 'Trade path latency per hop.');
  }

  /** Trades per state, counted when scraped. */
  observe(trades: () => Iterable<TradeView>): void {
    this.meter.createObservableGauge('arctrigger.trades.active', { unit: '{trade}', description: 'Trades per state (final states included since the service started).' }).addCallback((r) => {
      const counts = new Map<string, number>();
      for (const t of trades()) counts.set(t.state, (counts.get(t.state) ?? 0) + 1);
      for (const state of Object.values(TradeState)) r.observe(counts.get(state) ?? 0, { state });
    });
  }

  appended(event: TradeEvent): void {
    this.transitions.add(1, { type: event.type, to: event.to });
    const path = this.paths.get(event.tradeId) ?? {};
    switch (event.type) {
      case E.FIRED:
        path.firedAt = event.at;
        break;
      case E.SUBMITTING:
        path.submittedAt = event.at;
        if (path.firedAt !== undefined) this.hop(HOP.FIRED_TO_SUBMITTED, path.firedAt, event.at);
        break;
      case E.PARTIALLY_FILLED:
      case E.FILLED:
        if (path.firstFillAt === undefined && path.submittedAt !== undefined) this.hop(HOP.SUBMITTED_TO_FIRST_FILL, path.submittedAt, event.at);
        path.firstFillAt ??= event.at;
        break;
      case E.PROTECTED:
        if (path.firstFillAt !== undefined) this.hop(HOP.FIRST_FILL_TO_STOP_ARMED, path.firstFillAt, event.at);
        if (path.firedAt !== undefined) this.hop(HOP.FIRED_TO_STOP_ARMED, path.firedAt, event.at);
        // Measured once per entry: later `protected` events (a moved stop) are no new path.
        this.paths.delete(event.tradeId);
        return;
    }
    if (FINAL.has(event.to)) this.paths.delete(event.tradeId);
    else this.paths.set(event.tradeId, path);
  }

  private hop(attributes: Attributes, from: number, to: number): void {
    this.tradePath.record(Math.max(0, to - from) / 1000, attributes);
  }
}
