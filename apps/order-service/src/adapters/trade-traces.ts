import { context, propagation, trace, ROOT_CONTEXT, SpanKind, type Context } from '@opentelemetry/api';

const tracer = trace.getTracer('arctrigger.order-service');

/**
 * Keeps a trade's entry inside one trace from the trigger firing to the fill. The fired event
 * arrives with the trigger-service's trace context (the risk check and the placement follow it
 * naturally); the broker's executions come back from TWS callbacks with no context, so the fill is
 * processed in a `trade fill` span parented to the fired event's span, linked to the execution's
 * own delivery span. The firing's traceparent is stored with the trade's `fired` event, so after a
 * restart the entry trace is restored from it and a later fill still joins it.
 */
export class TradeTraces {
  private readonly entries = new Map<string, Context>();

  /**
   * Remembers the active context (the fired event's processing span) as the trade's entry trace;
   * returns its W3C traceparent, to be stored with `fired` (null when there is no trace).
   */
  rememberEntry(tradeId: string): string | null {
    const active = context.active();
    if (!trace.getSpanContext(active)) return null;
    this.entries.set(tradeId, active);
    const carrier: Record<string, string> = {};
    propagation.inject(active, carrier);
    return carrier.traceparent ?? null;
  }

  /** After a restart: the entry trace again, from the traceparent stored with `fired`. */
  restoreEntry(tradeId: string, traceparent: string): void {
    const restored = propagation.extract(ROOT_CONTEXT, { traceparent });
    if (trace.getSpanContext(restored)) this.entries.set(tradeId, restored);
  }

  forget(tradeId: string): void {
    this.entries.delete(tradeId);
  }

  /** Runs `task` in a span `name` of the trade's entry trace, or as it is when none is known. */
  async inEntryTrace<T>(tradeId: string, name: string, task: () => Promise<T>): Promise<T> {
    const parent = this.entries.get(tradeId);
    if (!parent) return task();
    const delivery = trace.getSpanContext(context.active());
    const span = tracer.startSpan(name, { kind: SpanKind.INTERNAL, links: delivery ? [{ context: delivery }] : [], attributes: { 'trade.id': tradeId } }, parent);
    try {
      return await context.with(trace.setSpan(parent, span), task);
    } finally {
      span.end();
    }
  }
}
