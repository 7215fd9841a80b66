import { createNoopMeter, type Attributes, type Histogram, type Meter } from '@opentelemetry/api';
import { latencyHistogram } from '@arctrigger/service-kit';
import type { EngineCounters } from './engine-counters';

const HOP_TICK_TO_FIRED: Attributes = { hop: 'tick_received_to_trigger_fired' };

/**
 * The trigger-service's instruments. The hot path's counters are the engine's own fields, read
 * when scraped; only a fire (rare) records into a histogram: tick received at the gateway →
 * trigger fired (its `trg.firing` notice out), recorded once its compare-and-set has won and its
 * event is stored, so a fire that lost is neither counted nor timed.
 */
export class TriggerMetrics {
  /** Arm commands answered `ok`. */
  armed = 0;
  private readonly tradePath: Histogram;

  constructor(private readonly meter: Meter = createNoopMeter()) {
    this.tradePath = latencyHistogram(meter, 'arctrigger.trade_path.duration', 'Trade path latency per hop.');
    meter.createObservableCounter('arctrigger.triggers.armed', { unit: '{trigger}', description: 'Triggers armed (commands answered ok).' }).addCallback((r) => r.observe(this.armed));
  }

  /** Reads the engine's counters and its index when scraped. */
  observe(counters: EngineCounters, activeTriggers: () => number): void {
    const m = this.meter;
    m.createObservableCounter('arctrigger.ticks.received', { unit: '{tick}', description: 'Ticks evaluated by this instance.' }).addCallback((r) => r.observe(counters.ticks));
    m.createObservableCounter('arctrigger.ticks.stale', { unit: '{tick}', description: 'Ticks too old (or with the feed broken) to fire anything.' }).addCallback((r) => r.observe(counters.staleTicks));
    m.createObservableCounter('arctrigger.triggers.fired', { unit: '{trigger}', description: 'Triggers fired (compare-and-set won).' }).addCallback((r) => r.observe(counters.fired));
    m.createObservableGauge('arctrigger.triggers.active', { unit: '{trigger}', description: 'Armed triggers this instance evaluates.' }).addCallback((r) => r.observe(activeTriggers()));
  }

  fired(tickReceivedAt: number, now: number): void {
    this.tradePath.record(Math.max(0, now - tickReceivedAt) / 1000, HOP_TICK_TO_FIRED);
  }
}
