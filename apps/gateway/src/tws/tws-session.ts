import { EventName, IBApi } from '@stoqey/ib';
import type { Clock, TimerHandle } from '@arctrigger/service-kit';
import { type Backoff } from '../connection/backoff';
import { type Pacer, type Priority } from '../pacing/pacer';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- IBApi's listener overloads differ per event
type Listener = (...args: any[]) => void;

export interface TwsSessionOptions {
  host: string;
  port: number;
  /** A connection that has not reached nextValidId by then is dropped and retried. */
  connectTimeoutMs: number;
  clientIds: readonly number[];
  backoff: Backoff;
  pacer: Pacer;
  clock: Clock;
}

/** Why the session stopped trying: a live account without opt-in, or every client id in use. */
export type SessionStop = { reason: string; code: number | null };

export interface SessionHandlers {
  connecting(clientId: number, attempt: number): void;
  /** Handshake done and nextValidId received: the session may send. */
  ready(info: { clientId: number; nextValidId: number; accounts: string[]; serverVersion: number }): void;
  lost(reason: string): void;
  /** Decides whether a ready session may be used (live-account guard); a string refuses it. */
  vet(accounts: string[]): string | undefined;
  stopped(stop: SessionStop): void;
}

/**
 * One TWS API connection at a time, reconnected with exponential backoff and jitter. A fresh
 * IBApi object is made for every connection so nothing the library buffered for a dead socket
 * (it queues commands while paused) is replayed blindly on the next one. Every outgoing message
 * goes through the gateway's own pacer; the library's limiter is opened wide so it never
 * re-orders or delays what the pacer released.
 */
export class TwsSession {
  private api: IBApi | undefined;
  private readonly listeners: Array<[EventName, Listener]> = [];
  private clientIdIndex = 0;
  private attempt = 0;
  private timer: TimerHandle | undefined;
  private handshakeTimer: TimerHandle | undefined;
  private stopped = false;
  private readyNow = false;
  private generation = 0;

  constructor(
    private readonly options: TwsSessionOptions,
    private readonly handlers: SessionHandlers,
  ) {}

  /** Registers a listener on every connection, present and future. */
  on(event: EventName, listener: Listener): void {
    this.listeners.push([event, listener]);
    if (this.api) emitterOf(this.api).on(event, listener);
  }

  get clientId(): number {
    return this.options.clientIds[this.clientIdIndex] ?? this.options.clientIds[0]!;
  }

  get isReady(): boolean {
    return this.readyNow;
  }

  /** Sends through the pacer; dropped (false) when no session is ready. */
  send(priority: Priority, write: (api: IBApi) => void): boolean {
    if (!this.readyNow || !this.api) return false;
    const api = this.api;
    const generation = this.generation;
    this.options.pacer.submit(priority, () => {
      // A message paced past a reconnect belongs to the dead session: never replay it.
      if (generation === this.generation && this.readyNow) write(api);
    });
    return true;
  }

  start(): void {
    this.stopped = false;
    this.connectNow();
  }

  /** Drops the socket on purpose (tests, shutdown). */
  stop(): void {
    this.stopped = true;
    this.timer?.cancel();
    this.teardown('gateway stopping');
  }

  /** 326: the client id is in use — move to the next one, or give up. */
  clientIdInUse(): void {
    if (this.clientIdIndex + 1 >= this.options.clientIds.length) {
      this.stopped = true;
      this.teardown('every configured client id is in use');
      this.handlers.stopped({ reason: `client ids ${this.options.clientIds.join(', ')} are all in use (326)`, code: 326 });
      return;
    }
    this.clientIdIndex++;
    this.options.backoff.reset();
    this.teardown(`client id in use (326); retrying as ${this.clientId}`);
    this.schedule(0);
  }

  /** Drops the current connection and reconnects (after connectivity loss the caller decides). */
  reconnect(reason: string): void {
    this.teardown(reason);
    this.schedule(this.options.backoff.next());
  }

  private connectNow(): void {
    if (this.stopped) return;
    const api = new IBApi({ host: this.options.host, port: this.options.port, maxReqPerSec: 10_000 });
    const generation = ++this.generation;
    this.api = api;
    for (const [event, listener] of this.listeners) emitterOf(api).on(event, listener);
    let accounts: string[] = [];
    let serverVersion = 0;
    let seen = false;
    const current = () => generation === this.generation;
    api.on(EventName.server, (version: number) => (serverVersion = version));
    api.on(EventName.managedAccounts, (list: string) => (accounts = list.split(',').map((a) => a.trim()).filter(Boolean)));
    api.on(EventName.nextValidId, (nextValidId: number) => {
      if (!current() || seen) return;
      seen = true;
      this.handshakeTimer?.cancel();
      const refusal = this.handlers.vet(accounts);
      if (refusal) {
        this.stopped = true;
        this.teardown(refusal);
        this.handlers.stopped({ reason: refusal, code: null });
        return;
      }
      this.options.backoff.reset();
      this.readyNow = true;
      this.handlers.ready({ clientId: this.clientId, nextValidId, accounts, serverVersion: serverVersion || api.serverVersion });
    });
    api.on(EventName.disconnected, () => {
      if (!current()) return;
      this.onSocketGone('connection to TWS closed');
    });
    api.on(EventName.error, (error: Error, code: number) => {
      // Socket-level failures (connect refused, reset) come as errors without a TWS code.
      if (current() && !api.isConnected && (code === 502 || code === 504 || code === undefined)) {
        this.onSocketGone(`cannot reach TWS at ${this.options.host}:${this.options.port}: ${error.message}`);
      }
    });
    this.attempt++;
    this.handlers.connecting(this.clientId, this.attempt);
    this.handshakeTimer?.cancel();
    this.handshakeTimer = this.options.clock.setTimer(this.options.connectTimeoutMs, () => {
      if (current() && !this.readyNow) this.onSocketGone(`TWS did not complete the handshake within ${this.options.connectTimeoutMs} ms`);
    });
    api.connect(this.clientId);
  }

  private onSocketGone(reason: string): void {
    const wasReady = this.readyNow;
    this.teardown(reason);
    if (wasReady || !this.timer) this.schedule(this.options.backoff.next());
  }

  private teardown(reason: string): void {
    this.handshakeTimer?.cancel();
    const api = this.api;
    const wasReady = this.readyNow;
    this.api = undefined;
    this.readyNow = false;
    this.generation++;
    this.options.pacer.clear();
    if (api) {
      api.removeAllListeners();
      api.on(EventName.error, () => undefined);
      api.disconnect();
    }
    if (wasReady || api) this.handlers.lost(reason);
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer?.cancel();
    this.timer = this.options.clock.setTimer(delayMs, () => {
      this.timer = undefined;
      this.connectNow();
    });
  }
}

/** IBApi is an EventEmitter; its typed overloads do not accept an event name held in a variable. */
function emitterOf(api: IBApi): { on(event: string, listener: Listener): unknown } {
  return api;
}
