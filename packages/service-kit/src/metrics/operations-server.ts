import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { HealthReporter } from '../health/health-reporter';
import type { ServiceMetrics } from './start-metrics';

/**
 * The service's operations port: `/metrics` (Prometheus), `/healthz` (alive: the process answers)
 * and `/readyz` (ready: NATS connected, streams and consumers bound — `markReady` was called —
 * and every health check passing, e.g. the gateway's TWS connection). 503 with the failing
 * checks when not ready, so orchestrators and load balancers hold traffic.
 */
export class OperationsServer {
  private constructor(
    private readonly server: Server,
    readonly port: number,
  ) {}

  static async start(port: number, metrics: ServiceMetrics, health: HealthReporter): Promise<OperationsServer> {
    const server = createServer((req, res) => {
      const path = (req.url ?? '/').split('?')[0];
      if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, { error: 'only GET' });
      if (path === '/metrics') return metrics.scrape(req, res);
      if (path === '/healthz') return send(res, 200, { status: 'alive' });
      if (path === '/readyz') {
        const snapshot = health.snapshot();
        const failing = snapshot.checks.filter((c) => !c.ok);
        const ready = health.isReady && failing.length === 0;
        return send(res, ready ? 200 : 503, { status: ready ? 'ready' : 'not-ready', ready: health.isReady, checks: snapshot.checks });
      }
      return send(res, 404, { error: `no ${path}: /metrics, /healthz, /readyz` });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '0.0.0.0', () => resolve());
    });
    return new OperationsServer(server, (server.address() as AddressInfo).port);
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}
