import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One span as received over OTLP/HTTP JSON. */
export interface CollectedSpan {
  service: string;
  name: string;
  traceId: string;
  spanId: string;
  parentSpanId: string | undefined;
  kind: number;
}

export interface OtlpCollector {
  /** Value for OTEL_EXPORTER_OTLP_ENDPOINT. */
  readonly endpoint: string;
  spans(): CollectedSpan[];
  /** Resolves once the collected spans satisfy `predicate`. */
  waitFor(predicate: (spans: CollectedSpan[]) => boolean, timeoutMs?: number): Promise<CollectedSpan[]>;
  close(): Promise<void>;
}

interface OtlpJson {
  resourceSpans?: Array<{
    resource?: { attributes?: Array<{ key: string; value: { stringValue?: string } }> };
    scopeSpans?: Array<{ spans?: Array<{ name: string; traceId: string; spanId: string; parentSpanId?: string; kind: number }> }>;
  }>;
}

/** A minimal OTLP/HTTP (JSON) trace receiver, standing in for Jaeger in tests. */
export async function startOtlpCollector(): Promise<OtlpCollector> {
  const collected: CollectedSpan[] = [];
  const waiters = new Set<() => void>();
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      try {
        const doc = JSON.parse(body) as OtlpJson;
        for (const rs of doc.resourceSpans ?? []) {
          const service = rs.resource?.attributes?.find((a) => a.key === 'service.name')?.value.stringValue ?? 'unknown';
          for (const ss of rs.scopeSpans ?? []) {
            for (const s of ss.spans ?? []) {
              collected.push({ service, name: s.name, traceId: s.traceId, spanId: s.spanId, parentSpanId: s.parentSpanId || undefined, kind: s.kind });
            }
          }
        }
        for (const w of waiters) w();
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      } catch {
        res.writeHead(400).end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    spans: () => [...collected],
    waitFor(predicate, timeoutMs = 15_000) {
      if (predicate(collected)) return Promise.resolve([...collected]);
      return new Promise((resolve, reject) => {
        const check = () => {
          if (predicate(collected)) {
            waiters.delete(check);
            clearTimeout(timer);
            resolve([...collected]);
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`spans did not arrive in ${timeoutMs} ms; have: ${collected.map((s) => `${s.service}:${s.name}`).join(', ')}`));
        }, timeoutMs);
        waiters.add(check);
      });
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
