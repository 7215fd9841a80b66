import { NodeSDK } from '@opentelemetry/sdk-node';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { BatchSpanProcessor, SimpleSpanProcessor, type SpanExporter, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } from '@opentelemetry/semantic-conventions';

export interface TracingOptions {
  service: string;
  version: string;
  instanceId: string;
  /** OTLP/HTTP endpoint (e.g. http://localhost:4318); spans are exported there when set. */
  otlpEndpoint?: string;
  /** Extra exporter, e.g. an InMemorySpanExporter in tests (exported synchronously). */
  exporter?: SpanExporter;
}

export interface Tracing {
  shutdown(): Promise<void>;
}

/**
 * Starts the OpenTelemetry NodeSDK: W3C trace context, async-hooks context manager, and an OTLP
 * exporter when an endpoint is configured. Without an exporter spans are still created, so trace
 * ids propagate across services and appear in logs.
 */
export function startTracing(options: TracingOptions): Tracing {
  const spanProcessors: SpanProcessor[] = [];
  if (options.otlpEndpoint) {
    const url = `${options.otlpEndpoint.replace(/\/$/, '')}/v1/traces`;
    spanProcessors.push(new BatchSpanProcessor(new OTLPTraceExporter({ url }), { scheduledDelayMillis: 500 }));
  }
  if (options.exporter) spanProcessors.push(new SimpleSpanProcessor(options.exporter));
  const sdk = new NodeSDK({
    resource: resourceFromAttributes({
      [ATTR_SERVICE_NAME]: options.service,
      [ATTR_SERVICE_VERSION]: options.version,
      'service.instance.id': options.instanceId,
    }),
    spanProcessors,
    instrumentations: [],
    metricReaders: [],
    logRecordProcessors: [],
  });
  sdk.start();
  return { shutdown: () => sdk.shutdown() };
}
