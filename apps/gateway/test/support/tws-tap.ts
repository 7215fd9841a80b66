import { createServer, connect, type Server, type Socket } from 'node:net';

/** One message the client (the gateway) sent to TWS, in wire order. */
export interface TappedMessage {
  readonly msgId: number;
  readonly fields: readonly string[];
  readonly at: number;
}

/** TWS API message ids (client → server) the tests look for. */
export const OutMsg = {
  REQ_MKT_DATA: 1,
  CANCEL_MKT_DATA: 2,
  PLACE_ORDER: 3,
  CANCEL_ORDER: 4,
  REQ_CONTRACT_DATA: 9,
  REQ_GLOBAL_CANCEL: 58,
  REQ_MATCHING_SYMBOLS: 81,
} as const;

/**
 * A TCP tap between the gateway and the simulator: records every framed message the gateway sends
 * (so a test can assert wire order and counts as TWS sees them) and can cut every connection
 * (the "kill the TWS connection mid-session" fault) without touching the simulator.
 */
export class TwsTap {
  readonly sent: TappedMessage[] = [];
  private readonly pairs = new Set<[Socket, Socket]>();
  private server!: Server;
  port = 0;

  private constructor(private readonly upstreamPort: number) {}

  static async start(upstreamPort: number): Promise<TwsTap> {
    const tap = new TwsTap(upstreamPort);
    tap.server = createServer((client) => tap.accept(client));
    await new Promise<void>((resolve) => tap.server.listen(0, '127.0.0.1', resolve));
    tap.port = (tap.server.address() as { port: number }).port;
    return tap;
  }

  /** Messages of one kind, in order. */
  of(msgId: number): TappedMessage[] {
    return this.sent.filter((m) => m.msgId === msgId);
  }

  /** Cuts every open connection (both sides see the socket close). */
  cut(): void {
    for (const [a, b] of this.pairs) {
      a.destroy();
      b.destroy();
    }
    this.pairs.clear();
  }

  get connections(): number {
    return this.pairs.size;
  }

  async close(): Promise<void> {
    this.cut();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** While blocked, new connections are closed at once (TWS unreachable). */
  blocked = false;

  private accept(client: Socket): void {
    if (this.blocked) {
      client.destroy();
      return;
    }
    const upstream = connect(this.upstreamPort, '127.0.0.1');
    const pair: [Socket, Socket] = [client, upstream];
    this.pairs.add(pair);
    let buffer = Buffer.alloc(0);
    let handshakeDone = false;
    client.on('data', (chunk: Buffer) => {
      upstream.write(chunk);
      buffer = Buffer.concat([buffer, chunk]);
      if (!handshakeDone && buffer.length >= 4 && buffer.subarray(0, 4).toString() === 'API\0') {
        buffer = buffer.subarray(4);
        handshakeDone = true;
        // The version range frame follows; it is framed like any message but is not one.
        if (buffer.length >= 4) {
          const len = buffer.readInt32BE(0);
          if (buffer.length >= 4 + len) buffer = buffer.subarray(4 + len);
          else return;
        } else return;
      }
      while (buffer.length >= 4) {
        const len = buffer.readInt32BE(0);
        if (buffer.length < 4 + len) break;
        const fields = buffer.subarray(4, 4 + len).toString('utf8').split('\0');
        fields.pop();
        buffer = buffer.subarray(4 + len);
        this.sent.push({ msgId: Number(fields[0]), fields, at: performance.now() });
      }
    });
    upstream.on('data', (chunk: Buffer) => client.write(chunk));
    const end = () => {
      client.destroy();
      upstream.destroy();
      this.pairs.delete(pair);
    };
    client.on('close', end);
    upstream.on('close', end);
    client.on('error', end);
    upstream.on('error', end);
  }
}
