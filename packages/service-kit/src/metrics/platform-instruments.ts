import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Histogram, Meter } from '@opentelemetry/api';
import type { BusStats, SubjectCounters } from '../bus/bus-stats';

/** Histogram buckets (seconds) for latencies from sub-millisecond hops to multi-second waits. */
export const LATENCY_BUCKETS_S = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/** A latency histogram (unit seconds) with ArcTrigger's buckets. */
export function latencyHistogram(meter: Meter, name: string, description: string): Histogram {
  return meter.createHistogram(name, { unit: 's', description, advice: { explicitBucketBoundaries: LATENCY_BUCKETS_S } });
}

/** How often the event-loop delay is sampled (see PlatformInstruments.loopDelay). */
const LOOP_DELAY_RESOLUTION_MS = 100;

const BUS_COUNTERS: ReadonlyArray<[keyof SubjectCounters, string, string]> = [
  ['published', 'arctrigger.bus.messages.published', 'Messages published (and requests sent) per subject pattern.'],
  ['received', 'arctrigger.bus.messages.received', 'Messages received per subject pattern.'],
  ['invalid', 'arctrigger.bus.messages.invalid', 'Messages that did not match their contract.'],
  ['deadLettered', 'arctrigger.bus.dead_letters', 'Messages parked on the dead-letter subject, per subject pattern.'],
  ['handlerErrors', 'arctrigger.bus.handler.errors', 'Handler failures per subject pattern.'],
  ['redelivered', 'arctrigger.jetstream.redeliveries', 'JetStream deliveries after the first, per subject pattern.'],
];

/**
 * What every service exports without declaring it: bus request latency per contract, the bus's
 * counters per subject (dead letters, redeliveries, …), NATS reconnects, consumer pending per
 * durable and event-loop delay. The counters are the bus's own (`BusStats`), read when scraped:
 * nothing is added to the hot path.
 */
export class PlatformInstruments {
  readonly requestDuration: Histogram;
  private reconnects = 0;
  /**
   * Sampled every 100 ms: a libuv timer of its own wakes the process at each sample, and at 10 ms
   * those hundred wake-ups a second were a third of an idle trigger-service's CPU (and of every
   * instance's fixed cost when scaled out). A stall still shows whole: the sample it holds back
   * reports its length.
   */
  private readonly loopDelay = monitorEventLoopDelay({ resolution: LOOP_DELAY_RESOLUTION_MS });

  constructor(private readonly meter: Meter) {
    this.requestDuration = latencyHistogram(meter, 'arctrigger.bus.request.duration', 'Bus request round trip per contract.');
    this.loopDelay.enable();
    meter
      .createObservableGauge('nodejs.eventloop.delay.p99', { unit: 's', description: 'Event-loop delay, 99th percentile since the last scrape.' })
      .addCallback((result) => {
        if (this.loopDelay.count > 0) result.observe(this.loopDelay.percentile(99) / 1e9);
        this.loopDelay.reset();
      });
    meter
      .createObservableGauge('nodejs.eventloop.delay.max', { unit: 's', description: 'Event-loop delay, maximum since the last scrape.' })
      .addCallback((result) => result.observe(this.loopDelay.count > 0 ? this.loopDelay.max / 1e9 : 0));
    meter
      .createObservableCounter('arctrigger.nats.reconnects', { description: 'Reconnects to NATS since the service started.' })
      .addCallback((result) => result.observe(this.reconnects));
  }

  /** Exports the bus's counters and its durable consumers' pending counts. */
  observeBus(stats: BusStats): void {
    for (const [field, name, description] of BUS_COUNTERS) {
      this.meter.createObservableCounter(name, { description, unit: '{message}' }).addCallback((result) => {
        for (const [subject, counters] of stats.entries()) result.observe(counters[field], { subject });
      });
    }
    this.meter
      .createObservableGauge('arctrigger.jetstream.consumer.pending', { unit: '{message}', description: 'Messages waiting in a durable consumer, as of its last delivery.' })
      .addCallback((result) => {
        for (const [durable, c] of stats.consumerPending) result.observe(c.pending, { durable, stream: c.stream });
      });
  }

  /** Counts NATS reconnects (the connection's status stream). */
  observeNats(nc: NatsConnection): void {
    void (async () => {
      for await (const status of nc.status()) if (status.type === 'reconnect') this.reconnects++;
    })();
  }

  stop(): void {
    this.loopDelay.disable();
  }
}
