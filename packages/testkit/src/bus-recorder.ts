import type { NatsConnection, Subscription } from '@nats-io/transport-node';

export interface RecordedMessage {
  subject: string;
  json: unknown;
  headers: Record<string, string>;
}

/**
 * Records every message on a subject (pattern) so a test can await and assert on what was
 * published. Made with `start`, which returns once the server has the subscription: a message
 * published from another connection right after cannot slip past it.
 */
export class BusRecorder {
  readonly messages: RecordedMessage[] = [];
  private readonly sub: Subscription;
  private readonly waiters = new Set<() => void>();

  static async start(nc: NatsConnection, subject: string): Promise<BusRecorder> {
    const recorder = new BusRecorder(nc, subject);
    await nc.flush();
    return recorder;
  }

  private constructor(nc: NatsConnection, subject: string) {
    this.sub = nc.subscribe(subject, {
      callback: (_err, msg) => {
        const headers: Record<string, string> = {};
        for (const k of msg.headers?.keys() ?? []) headers[k] = msg.headers?.get(k) ?? '';
        let json: unknown;
        try {
          json = msg.json();
        } catch {
          json = msg.string();
        }
        this.messages.push({ subject: msg.subject, json, headers });
        for (const w of this.waiters) w();
      },
    });
  }

  /** Resolves with the first recorded message matching `predicate` (already recorded or future). */
  waitFor(predicate: (m: RecordedMessage) => boolean, timeoutMs = 10_000): Promise<RecordedMessage> {
    const found = this.messages.find(predicate);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const check = () => {
        const m = this.messages.find(predicate);
        if (m) {
          this.waiters.delete(check);
          clearTimeout(timer);
          resolve(m);
        }
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`no matching message on ${this.sub.getSubject()} within ${timeoutMs} ms (saw ${this.messages.length})`));
      }, timeoutMs);
      this.waiters.add(check);
    });
  }

  stop(): void {
    this.sub.unsubscribe();
  }
}
