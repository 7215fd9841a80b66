import { context, propagation, ROOT_CONTEXT, trace, type Context, type TextMapGetter } from '@opentelemetry/api';
import { headers as natsHeaders, type MsgHdrs } from '@nats-io/transport-node';

const getter: TextMapGetter<MsgHdrs | undefined> = {
  keys: (carrier) => (carrier ? carrier.keys() : []),
  get: (carrier, key) => {
    if (!carrier) return undefined;
    const value = carrier.get(key);
    return value === '' ? undefined : value;
  },
};

/**
 * Writes the W3C trace context of `ctx` (default: active) into NATS headers. Returns `base`
 * unchanged (possibly undefined) when there is no span to propagate, so an untraced message is
 * sent without a header block.
 */
export function injectTraceContext(base?: MsgHdrs, ctx: Context = context.active()): MsgHdrs | undefined {
  if (!trace.getSpanContext(ctx)) return base;
  const carrier: Record<string, string> = {};
  propagation.inject(ctx, carrier);
  const keys = Object.keys(carrier);
  if (keys.length === 0) return base;
  const headers = base ?? natsHeaders();
  for (const key of keys) headers.set(key, carrier[key] as string);
  return headers;
}

/** Reads a W3C trace context from NATS headers; ROOT_CONTEXT when there is none. */
export function extractTraceContext(headers: MsgHdrs | undefined): Context {
  if (!headers) return ROOT_CONTEXT;
  return propagation.extract(ROOT_CONTEXT, headers, getter);
}
