import { createServer, type Server, type Socket } from 'node:net';

/** Ticks go in BID price ticks; the price encodes a sequence number so a receiver can find the send time. */
const BID = 1;
const RING = 1_000_000;

/**
 * A minimal TWS API endpoint for the benchmark: the real handshake (server version 193), empty
 * answers to the reconciliation requests, and TICK_PRICE frames pushed as fast as the socket
 * drains for every market-data subscription. The simulator has no tick-push control, and the
 * benchmark must time each tick from the moment its bytes are written, so the pusher lives here.
 */
export class TickFirehose {
  private server!: Server;
  private socket: Socket | undefined;
  readonly tickerIds: number[] = [];
  readonly sentAt = new Float64Array(RING);
  port = 0;

  private constructor(private readonly account: string) {}

  /** `account` is what MANAGED_ACCTS reports (a live `U…` account exercises the live-account guard). */
  static async start(account = 'DU1234567'): Promise<TickFirehose> {
    const f = new TickFirehose(account);
    f.server = createServer((s) => f.accept(s));
    await new Promise<void>((resolve) => f.server.listen(0, '127.0.0.1', resolve));
    f.port = (f.server.address() as { port: number }).port;
    return f;
  }

  /** The sequence number a received bid price carries. */
  static seqOf(bid: number): number {
    return Math.round((bid - 100) * 100);
  }

  /**
   * Pushes `count` ticks starting at sequence `from`, round-robin over the subscriptions, at most
   * `perSecond` (0 = as fast as the socket drains). Resolves when the last one is written.
   */
  async push(from: number, count: number, perSecond = 0): Promise<void> {
    const socket = this.socket;
    if (!socket || this.tickerIds.length === 0) throw new Error('no market-data subscription yet');
    const started = performance.now();
    const batch = perSecond > 0 ? Math.max(1, Math.floor(perSecond / 1000)) : 500;
    for (let i = 0; i < count; ) {
      for (let b = 0; b < batch && i < count; b++, i++) {
        const seq = (from + i) % RING;
        const tickerId = this.tickerIds[(from + i) % this.tickerIds.length]!;
        this.sentAt[seq] = performance.now();
        socket.write(frame(['1', '3', String(tickerId), String(BID), (100 + seq / 100).toFixed(2), '100', '0']));
      }
      if (perSecond > 0) {
        const due = started + (i / perSecond) * 1000;
        const wait = due - performance.now();
        await new Promise((r) => (wait > 1 ? setTimeout(r, wait) : setImmediate(r)));
      } else if (socket.writableLength > 1 << 20) {
        await new Promise((r) => socket.once('drain', r));
      } else {
        await new Promise((r) => setImmediate(r));
      }
    }
  }

  async close(): Promise<void> {
    this.socket?.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(socket: Socket): void {
    this.socket = socket;
    socket.setNoDelay(true);
    let buffer = Buffer.alloc(0);
    let greeted = false;
    socket.on('error', () => undefined);
    socket.on('data', (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      if (!greeted) {
        if (buffer.length < 8) return;
        const len = buffer.readInt32BE(4);
        if (buffer.length < 8 + len) return;
        buffer = buffer.subarray(8 + len);
        greeted = true;
        socket.write(frame(['193', '20261124 10:00:00 US/Eastern']));
      }
      while (buffer.length >= 4) {
        const len = buffer.readInt32BE(0);
        if (buffer.length < 4 + len) return;
        const fields = buffer.subarray(4, 4 + len).toString('utf8').split('\0');
        buffer = buffer.subarray(4 + len);
        this.answer(socket, fields);
      }
    });
  }

  private answer(socket: Socket, f: string[]): void {
    switch (Number(f[0])) {
      case 71: // START_API
        socket.write(frame(['15', '1', this.account]));
        socket.write(frame(['9', '1', '1']));
        return;
      case 1: // REQ_MKT_DATA: version, tickerId, …
        this.tickerIds.push(Number(f[2]));
        return;
      case 16: // REQ_ALL_OPEN_ORDERS
        socket.write(frame(['53', '1']));
        return;
      case 99: // REQ_COMPLETED_ORDERS
        socket.write(frame(['102']));
        return;
      case 7: // REQ_EXECUTIONS: version, reqId, …
        socket.write(frame(['55', '1', f[2] ?? '0']));
        return;
      case 61: // REQ_POSITIONS
        socket.write(frame(['62', '1']));
        return;
    }
  }
}

function frame(fields: string[]): Buffer {
  const body = Buffer.from(fields.join('\0') + '\0', 'utf8');
  const head = Buffer.alloc(4);
  head.writeInt32BE(body.length);
  return Buffer.concat([head, body]);
}
