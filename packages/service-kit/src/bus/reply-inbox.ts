import { createInbox, errors as natsErrors, type Msg, type MsgHdrs, type NatsConnection, type Subscription } from '@nats-io/transport-node';

interface PendingRequest {
  readonly subject: string;
  readonly resolve: (msg: Msg) => void;
  readonly reject: (error: unknown) => void;
  readonly timer: NodeJS.Timeout;
}

const inboxes = new WeakMap<NatsConnection, ReplyInbox>();

/**
 * Requests over one inbox subscription per connection, answers matched by a counter token: what
 * the client's own request does, without what it costs on every call. The client builds three
 * `Error`s per request (one only to reject an already-settled promise on cleanup), a deferred and
 * a timer promise; on the fire path a JetStream publish spent most of its CPU there. Failures keep
 * the client's error classes, so callers tell them apart as before: `TimeoutError` (no answer in
 * time), `NoRespondersError` (the server's 503 status), the publish `PermissionViolationError`
 * the server reports for the subject, `ClosedConnectionError` once the connection is closed.
 */
export class ReplyInbox {
  private readonly prefix = `${createInbox()}.`;
  private readonly pending = new Map<string, PendingRequest>();
  private subscription: Subscription | undefined;
  private next = 0;

  /** The connection's one inbox (made on first use). */
  static of(nc: NatsConnection): ReplyInbox {
    let inbox = inboxes.get(nc);
    if (!inbox) inboxes.set(nc, (inbox = new ReplyInbox(nc)));
    return inbox;
  }

  private constructor(private readonly nc: NatsConnection) {
    void this.failOnPermissionErrors();
    void nc.closed().then(() => this.failAll(new natsErrors.ClosedConnectionError()));
  }

  /** Requests in flight (answered, timed out and failed ones are gone). */
  get inFlight(): number {
    return this.pending.size;
  }

  request(subject: string, data: Uint8Array, timeoutMs: number, headers?: MsgHdrs): Promise<Msg> {
    return new Promise<Msg>((resolve, reject) => {
      const token = (this.next++).toString(36);
      const timer = setTimeout(() => {
        if (this.pending.delete(token)) reject(new natsErrors.TimeoutError());
      }, timeoutMs);
      this.pending.set(token, { subject, resolve, reject, timer });
      try {
        this.subscribed();
        const reply = this.prefix + token;
        this.nc.publish(subject, data, headers ? { reply, headers } : { reply });
      } catch (error) {
        this.settle(token)?.reject(error);
      }
    });
  }

  /** The inbox subscription, made again if the server closed it (a permission error on it). */
  private subscribed(): void {
    if (this.subscription && !this.subscription.isClosed()) return;
    this.subscription = this.nc.subscribe(`${this.prefix}*`, {
      callback: (error, msg) => {
        if (error) return this.failAll(error);
        const request = this.settle(msg.subject.slice(this.prefix.length));
        if (!request) return;
        if (msg.data.length === 0 && msg.headers?.code === 503) request.reject(new natsErrors.NoRespondersError(request.subject));
        else request.resolve(msg);
      },
    });
  }

  private settle(token: string): PendingRequest | undefined {
    const request = this.pending.get(token);
    if (!request) return undefined;
    this.pending.delete(token);
    clearTimeout(request.timer);
    return request;
  }

  private failAll(error: unknown): void {
    for (const token of [...this.pending.keys()]) this.settle(token)?.reject(error);
  }

  /** The server refused a publish to a subject: the requests to it fail now, not at their timeout. */
  private async failOnPermissionErrors(): Promise<void> {
    for await (const status of this.nc.status()) {
      if (status.type !== 'error' || !(status.error instanceof natsErrors.PermissionViolationError)) continue;
      const refused = status.error;
      if (refused.operation !== 'publish') continue;
      for (const [token, request] of [...this.pending]) if (request.subject === refused.subject) this.settle(token)?.reject(refused);
    }
  }
}
