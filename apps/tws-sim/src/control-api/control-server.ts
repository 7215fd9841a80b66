import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { TwsSim } from '../tws-sim-handle';
import { handleControlRequest } from './control-routes';

/** The HTTP control API: JSON in, JSON out (documented in the app README). */
export class ControlServer {
  private server: Server | undefined;

  constructor(private readonly sim: TwsSim) {}

  listen(port: number, host = '127.0.0.1'): Promise<number> {
    const server = createServer((req, res) => void this.handle(req, res));
    this.server = server;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        const address = server.address();
        resolve(typeof address === 'object' && address ? address.port : port);
      });
    });
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let body: unknown = undefined;
    const raw = await readBody(req);
    if (raw.length > 0) {
      try {
        body = JSON.parse(raw);
      } catch {
        return reply(res, 400, { ok: false, code: 'INVALID_JSON', message: 'request body is not JSON' });
      }
    }
    const result = handleControlRequest(this.sim, req.method ?? 'GET', (req.url ?? '/').split('?')[0]!, body);
    reply(res, result.status, result.body);
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let data = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (data += chunk));
    req.on('end', () => resolve(data));
    req.on('error', reject);
  });
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}
