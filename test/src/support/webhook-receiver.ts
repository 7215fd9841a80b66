import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A webhook endpoint run by a test: records every JSON body POSTed to it, in order, and answers
 * 200 (or, while `failNext` > 0, 503 — to exercise the sender's retry).
 */
export class WebhookReceiver {
  readonly bodies: unknown[] = [];
  failNext = 0;
  private waiters: Array<() => void> = [];

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(): Promise<WebhookReceiver> {
    const ref: { receiver?: WebhookReceiver } = {};
    const server = createServer((req, res) => {
      const receiver = ref.receiver!;
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        if (receiver.failNext > 0) {
          receiver.failNext--;
          res.writeHead(503).end();
          return;
        }
        receiver.bodies.push(JSON.parse(Buffer.concat(chunks).toString('utf8')));
        res.writeHead(200).end();
        for (const w of receiver.waiters.splice(0)) w();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    ref.receiver = new WebhookReceiver(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`);
    return ref.receiver;
  }

  /** Resolves with the first body matching `predicate`, already received or the next ones. */
  async waitFor<T>(predicate: (body: T) => boolean, timeoutMs: number, what: string): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = (this.bodies as T[]).find(predicate);
      if (found) return found;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no webhook ${what} within ${timeoutMs} ms; got ${JSON.stringify(this.bodies.map((b) => (b as { code?: string }).code))}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
