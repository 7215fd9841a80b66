/**
 * A TCP tap between the gateway and the simulator that timestamps (`monotonicMs`) the frames the
 * latency bench cares about as they pass: LAST-price ticks toward the gateway (by contract) and
 * placeOrder toward the simulator (by orderRef). It also counts tick frames per direction for the
 * background-load figure. The bench runs it in a process of its own (latency-tap-process), so the
 * simulator's work and the bench's own bookkeeping never delay a timestamp or a forwarded frame.
 */
import { connect, createServer, type Server, type Socket } from 'node:net';

const TICK_PRICE = 1;
const REQ_MKT_DATA = 1;
const PLACE_ORDER = 3;
const LAST = 4;

/** Milliseconds on the machine's monotonic clock: comparable between processes, unlike performance.now(). */
export function monotonicMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

export interface TappedTick {
  conId: number;
  price: number;
  at: number;
}

/** Splits a stream of length-prefixed TWS frames into field lists. */
class FrameReader {
  private buffer: Buffer = Buffer.alloc(0);

  constructor(private skipHandshake: boolean) {}

  push(chunk: Buffer, onFrame: (fields: string[]) => void): void {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    if (this.skipHandshake) {
      if (this.buffer.length < 4) return;
      if (this.buffer.subarray(0, 4).toString() === 'API\0') this.buffer = this.buffer.subarray(4);
      this.skipHandshake = false;
    }
    while (this.buffer.length >= 4) {
      const len = this.buffer.readInt32BE(0);
      if (this.buffer.length < 4 + len) break;
      const fields = this.buffer.subarray(4, 4 + len).toString('utf8').split('\0');
      this.buffer = this.buffer.subarray(4 + len);
      fields.pop();
      onFrame(fields);
    }
  }
}

export class LatencyTap {
  /** LAST ticks toward the gateway, per contract, in arrival order. */
  private readonly ticks = new Map<number, TappedTick[]>();
  /** First placeOrder per orderRef toward the simulator (monotonicMs). */
  readonly placements = new Map<string, number>();
  /** Called for every first placement as it is recorded. */
  onPlacement: (orderRef: string, at: number) => void = () => undefined;
  /** tickPrice frames toward the gateway (bid, ask, last … of every subscribed contract). */
  tickFrames = 0;
  private readonly reqIdToConId = new Map<number, number>();
  private server!: Server;
  private readonly sockets = new Set<Socket>();
  port = 0;

  private constructor(private readonly upstreamPort: number) {}

  static async start(upstreamPort: number): Promise<LatencyTap> {
    const tap = new LatencyTap(upstreamPort);
    tap.server = createServer((client) => tap.accept(client));
    await new Promise<void>((resolve) => tap.server.listen(0, '127.0.0.1', resolve));
    tap.port = (tap.server.address() as { port: number }).port;
    return tap;
  }

  /** The first LAST tick of `conId` at `price` seen at or after `since`. */
  tickAt(conId: number, price: number, since: number): TappedTick | undefined {
    return this.ticks.get(conId)?.find((t) => t.at >= since && Math.abs(t.price - price) < 1e-9);
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(client: Socket): void {
    const upstream = connect(this.upstreamPort, '127.0.0.1');
    client.setNoDelay(true);
    upstream.setNoDelay(true);
    this.sockets.add(client).add(upstream);
    const fromGateway = new FrameReader(true);
    const fromSim = new FrameReader(false);
    client.on('data', (chunk: Buffer) => {
      const at = monotonicMs();
      upstream.write(chunk);
      fromGateway.push(chunk, (f) => this.onGatewayFrame(f, at));
    });
    upstream.on('data', (chunk: Buffer) => {
      const at = monotonicMs();
      client.write(chunk);
      fromSim.push(chunk, (f) => this.onSimFrame(f, at));
    });
    const end = () => {
      client.destroy();
      upstream.destroy();
    };
    for (const s of [client, upstream]) {
      s.on('close', end);
      s.on('error', end);
    }
  }

  private onGatewayFrame(fields: string[], at: number): void {
    const msgId = Number(fields[0]);
    if (msgId === REQ_MKT_DATA) this.reqIdToConId.set(Number(fields[2]), Number(fields[3]));
    if (msgId === PLACE_ORDER) {
      const orderRef = fields.find((f) => /\.(entry|stop|tp|flat|guard)\.\d+$/.test(f));
      if (orderRef && !this.placements.has(orderRef)) {
        this.placements.set(orderRef, at);
        this.onPlacement(orderRef, at);
      }
    }
  }

  private onSimFrame(fields: string[], at: number): void {
    const msgId = Number(fields[0]);
    if (msgId !== TICK_PRICE) return;
    this.tickFrames++;
    if (Number(fields[3]) !== LAST) return;
    const conId = this.reqIdToConId.get(Number(fields[2]));
    if (conId === undefined) return;
    const list = this.ticks.get(conId) ?? [];
    if (list.length === 0) this.ticks.set(conId, list);
    list.push({ conId, price: Number(fields[4]), at });
  }
}
