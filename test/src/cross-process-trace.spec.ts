import { join } from 'node:path';
import { startNatsServer, startOtlpCollector, startServiceProcess, type OtlpCollector, type ServiceProcess, type TestNatsServer } from '@arctrigger/testkit';

const fixture = join(__dirname, '..', 'dist', 'fixtures', 'trace-hop.js');

describe('cross-process trace', () => {
  let nats: TestNatsServer;
  let collector: OtlpCollector;
  const procs: ServiceProcess[] = [];

  beforeAll(async () => {
    nats = await startNatsServer();
    collector = await startOtlpCollector();
  });
  afterAll(async () => {
    await Promise.all(procs.map((p) => p.stop()));
    await collector.close();
    await nats.stop({ removeStore: true });
  });

  it('trace spans three processes with one trace id and the right parent chain', async () => {
    const otel = { OTEL_EXPORTER_OTLP_ENDPOINT: collector.endpoint };
    const third = await startServiceProcess({ app: fixture, env: { ...nats.envFor('trigger-service'), ROLE: 'third', ...otel }, readyPattern: /trigger-service ready/ });
    procs.push(third);
    procs.push(await startServiceProcess({ app: fixture, env: { ...nats.envFor('gateway'), ROLE: 'second', ...otel }, readyPattern: /"msg":"gateway ready"/ }));
    const first = await startServiceProcess({ app: fixture, env: { ...nats.envFor('console'), ROLE: 'first', ...otel }, readyPattern: /hop done/ });
    procs.push(first);
    await third.waitFor(/hop received/);
    expect(first.output()).toContain('"ok":true');

    // Each process exports its spans in its own batches: wait until all four have arrived.
    const wanted = ['console trace-test root', 'console gw.lookup.market-rule request', 'gateway gw.lookup.market-rule handle', 'trigger-service gw.conn receive'];
    const spans = await collector.waitFor((s) => wanted.every((w) => s.some((x) => `${x.service} ${x.name}` === w)));
    const root = spans.find((s) => s.name === 'trace-test root')!;
    const client = spans.find((s) => s.name === 'gw.lookup.market-rule request')!;
    const server = spans.find((s) => s.name === 'gw.lookup.market-rule handle')!;
    const consumer = spans.find((s) => s.name === 'gw.conn receive')!;

    expect([root.service, client.service, server.service, consumer.service]).toEqual(['console', 'console', 'gateway', 'trigger-service']);
    expect(new Set([root.traceId, client.traceId, server.traceId, consumer.traceId]).size).toBe(1);
    expect(root.parentSpanId).toBeUndefined();
    expect(client.parentSpanId).toBe(root.spanId);
    expect(server.parentSpanId).toBe(client.spanId);
    expect(consumer.parentSpanId).toBe(server.spanId);
  });
});
