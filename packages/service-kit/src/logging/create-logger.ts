import pino, { type Logger } from 'pino';
import { trace } from '@opentelemetry/api';

export interface LoggerOptions {
  service: string;
  instanceId: string;
  level: string;
  /** Where to write; defaults to stdout. */
  destination?: pino.DestinationStream;
}

/** A pino logger whose every line carries the active span's trace_id / span_id. */
export function createLogger(options: LoggerOptions): Logger {
  return pino(
    {
      level: options.level,
      base: { service: options.service, instance: options.instanceId },
      timestamp: pino.stdTimeFunctions.isoTime,
      mixin() {
        const span = trace.getActiveSpan();
        if (!span) return {};
        const ctx = span.spanContext();
        return { trace_id: ctx.traceId, span_id: ctx.spanId };
      },
    },
    options.destination ?? pino.destination({ sync: false }),
  );
}

export type { Logger };
