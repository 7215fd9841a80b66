import type { Socket } from 'node:net';
import { encodeFrame, type WireValue } from './framing';
import type { IbErrorReply } from './ib-errors';
import { Outgoing } from './message-ids';
import { PacingLimiter } from './pacing';

/** One API client connection: its client id, subscriptions and outgoing stream. */
export class ClientSession {
  clientId = -1;
  started = false;
  closed = false;
  marketDataType = 1;
  autoOpenOrders = false;
  /** tickerId → conId */
  readonly subscriptions = new Map<number, number>();
  readonly pacing: PacingLimiter;
  private corked = false;

  constructor(
    readonly socket: Socket,
    readonly id: number,
    pacingLimit: () => number,
    wallClock: () => number,
  ) {
    this.pacing = new PacingLimiter(pacingLimit, wallClock);
  }

  send(fields: readonly WireValue[]): void {
    if (this.closed) return;
    this.socket.write(encodeFrame(fields));
  }

  /** Sends a burst as one socket write. */
  sendAll(messages: readonly (readonly WireValue[])[]): void {
    if (this.closed || messages.length === 0) return;
    if (!this.corked) {
      this.corked = true;
      this.socket.cork();
      process.nextTick(() => {
        this.corked = false;
        this.socket.uncork();
      });
    }
    for (const m of messages) this.socket.write(encodeFrame(m));
  }

  sendError(id: number, reply: IbErrorReply): void {
    this.send([Outgoing.ERR_MSG, 2, id, reply.code, reply.message, '']);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.socket.destroy();
  }
}
