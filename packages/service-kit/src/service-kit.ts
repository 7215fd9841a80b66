import { hostname } from 'node:os';
import type { z } from 'zod';
import { ServiceName, streamsOwnedBy, streamsReadBy, Streams, type StreamSpec } from '@arctrigger/contracts';
import type { Logger } from 'pino';
import { loadConfig, type BaseServiceConfig } from './config/load-config';
import { createLogger } from './logging/create-logger';
import { startTracing, type Tracing } from './tracing/start-tracing';
import { connectNats } from './bus/connect-nats';
import { Bus } from './bus/bus';
import { ensureStreams, ensureStreamsExist } from './jetstream/ensure-streams';
import { clockFromConfig, type Clock } from './clock/clock';
import { MarketCalendar } from './clock/market-calendar';
import { HealthReporter } from './health/health-reporter';
import { startMetrics, type ServiceMetrics } from './metrics/start-metrics';
import { PlatformInstruments } from './metrics/platform-instruments';
import { OperationsServer } from './metrics/operations-server';

/** Everything a running service gets from the platform. */
export interface ServiceKit<C extends BaseServiceConfig = BaseServiceConfig> {
  readonly service: string;
  readonly instanceId: string;
  readonly version: string;
  readonly config: C;
  readonly logger: Logger;
  readonly bus: Bus;
  readonly clock: Clock;
  readonly calendar: MarketCalendar;
  readonly health: HealthReporter;
  readonly tracing: Tracing;
  /** OpenTelemetry metrics: each service makes its own instruments from `metrics.meter`. */
  readonly metrics: ServiceMetrics;
  /** `/metrics`, `/healthz`, `/readyz` on METRICS_PORT (undefined when the port is not configured). */
  readonly operations: OperationsServer | undefined;
  /** Stops heartbeats, drains NATS, flushes spans. */
  close(): Promise<void>;
}

export interface ServiceKitOptions<S extends z.ZodObject> {
  service: string;
  version?: string;
  configSchema: S;
  env?: NodeJS.ProcessEnv;
  /**
   * Streams this service creates or updates; by default, for a catalogue service, those it
   * publishes to (and those it only reads are created if missing), else every catalogue stream.
   */
  streams?: readonly StreamSpec[];
}

/**
 * Starts the platform for one service: configuration (fails fast, naming the variable), logger,
 * tracing, NATS connection, JetStream streams, health reporter and heartbeats.
 */
export async function createServiceKit<S extends z.ZodObject>(
  options: ServiceKitOptions<S>,
): Promise<ServiceKit<z.infer<S> & BaseServiceConfig>> {
  const config = loadConfig(options.configSchema, options.env) as z.infer<S> & BaseServiceConfig;
  const instanceId = config.SERVICE_INSTANCE_ID ?? `${options.service}-${hostname().replace(/[^A-Za-z0-9_-]/g, '')}-${process.pid}`;
  const version = options.version ?? '0.1.0';
  const logger = createLogger({
    service: options.service,
    instanceId,
    level: config.ARCTRIGGER_DEBUG ? 'debug' : config.LOG_LEVEL,
  });
  const tracing = startTracing({
    service: options.service,
    version,
    instanceId,
    otlpEndpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT,
  });
  const metrics = startMetrics({ service: options.service, version, instanceId, otlpEndpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT, enabled: config.METRICS_PORT !== undefined });
  const platform = new PlatformInstruments(metrics.meter);
  const nc = await connectNats({
    url: config.NATS_URL,
    user: config.NATS_USER,
    password: config.NATS_PASSWORD,
    name: instanceId,
    logger,
  });
  const bus = new Bus(nc, { service: options.service, instanceId, logger, requestDuration: platform.requestDuration });
  platform.observeBus(bus.stats);
  platform.observeNats(nc);
  const catalogued = (Object.values(ServiceName) as string[]).includes(options.service) ? (options.service as ServiceName) : undefined;
  if (options.streams) await ensureStreams(nc, options.streams);
  else if (catalogued) {
    await ensureStreams(nc, streamsOwnedBy(catalogued));
    await ensureStreamsExist(nc, streamsReadBy(catalogued));
  } else await ensureStreams(nc, Object.values(Streams));
  const clock = clockFromConfig(config.ARCTRIGGER_CLOCK_START, config.ARCTRIGGER_CLOCK_OFFSET_MS);
  const health = new HealthReporter(bus, clock, {
    service: options.service,
    instanceId,
    version,
    heartbeatIntervalMs: config.HEARTBEAT_INTERVAL_MS,
  });
  health.addCheck({ name: 'nats', check: () => ({ ok: !nc.isClosed(), detail: nc.getServer() }) });
  const operations = config.METRICS_PORT === undefined ? undefined : await OperationsServer.start(config.METRICS_PORT, metrics, health);

  let closed: Promise<void> | undefined;
  return {
    service: options.service,
    instanceId,
    version,
    config,
    logger,
    bus,
    clock,
    calendar: new MarketCalendar(),
    health,
    tracing,
    metrics,
    operations,
    close() {
      closed ??= (async () => {
        health.stop();
        await operations?.close();
        await bus.drain();
        await tracing.shutdown();
        platform.stop();
        await metrics.shutdown();
        logger.flush();
      })();
      return closed;
    },
  };
}
