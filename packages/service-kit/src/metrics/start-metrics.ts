import type { IncomingMessage, ServerResponse } from 'node:http';
import { createNoopMeter, type Meter } from '@opentelemetry/api';
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { MeterProvider, PeriodicExportingMetricReader, type MetricReader } from '@opentelemetry/sdk-metrics';
import { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } from '@opentelemetry/semantic-conventions';

export interface MetricsOptions {
  service: string;
  version: string;
  instanceId: string;
  /** OTLP/HTTP endpoint (e.g. http://localhost:4318); metrics are pushed there every `otlpIntervalMs` when set. */
  otlpEndpoint?: string;
  otlpIntervalMs?: number;
  /** Whether anything reads the metrics (a Prometheus port or OTLP); without a reader instruments are no-ops. */
  enabled: boolean;
}

/** A service's metrics: the meter its instruments are made from and the Prometheus scrape handler. */
export interface ServiceMetrics {
  readonly meter: Meter;
  /** Answers a Prometheus scrape (text exposition format) with the current value of every instrument. */
  scrape(request: IncomingMessage, response: ServerResponse): void;
  shutdown(): Promise<void>;
}

/** The instrumentation scope every ArcTrigger instrument belongs to. */
export const METER_NAME = 'arctrigger';

/**
 * Starts OpenTelemetry metrics for one service: a MeterProvider read by a Prometheus exporter
 * (served by the service's operations server, not a server of its own) and, when an OTLP endpoint
 * is configured, pushed there too. With neither, every instrument is a no-op. Instruments cost one add/record on the hot path; observable
 * ones are read only when scraped.
 */
export function startMetrics(options: MetricsOptions): ServiceMetrics {
  if (!options.enabled && !options.otlpEndpoint) {
    return {
      meter: createNoopMeter(),
      scrape: (_request, response) => void response.writeHead(404).end('metrics are off\n'),
      shutdown: async () => undefined,
    };
  }
  const prometheus = new PrometheusExporter({ preventServerStart: true });
  const readers: MetricReader[] = [prometheus];
  if (options.otlpEndpoint) {
    const url = `${options.otlpEndpoint.replace(/\/$/, '')}/v1/metrics`;
    readers.push(new PeriodicExportingMetricReader({ exporter: new OTLPMetricExporter({ url }), exportIntervalMillis: options.otlpIntervalMs ?? 10_000 }));
  }
  const provider = new MeterProvider({
    resource: resourceFromAttributes({
      [ATTR_SERVICE_NAME]: options.service,
      [ATTR_SERVICE_VERSION]: options.version,
      'service.instance.id': options.instanceId,
    }),
    readers,
  });
  return {
    meter: provider.getMeter(METER_NAME, options.version),
    scrape: (request, response) => prometheus.getMetricsRequestHandler(request, response),
    shutdown: () => provider.shutdown(),
  };
}
