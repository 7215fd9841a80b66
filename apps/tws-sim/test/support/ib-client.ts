import { EventName, IBApi, type Contract, type Order } from '@stoqey/ib';

/** IBApi's typed overloads do not accept a variable event name; tests listen through this view. */
interface Emitter {
  on(event: string, listener: (...args: unknown[]) => void): unknown;
  off(event: string, listener: (...args: unknown[]) => void): unknown;
}

export interface ReceivedError {
  code: number;
  id: number;
  message: string;
}

/**
 * A real @stoqey/ib client connected to the simulator that records every error and info message.
 * `assertClean` fails the test on any 505 (field-count mismatch) or unexpected code.
 */
export class TestClient {
  readonly api: IBApi;
  readonly errors: ReceivedError[] = [];
  readonly infos: ReceivedError[] = [];
  nextValidId = 0;

  constructor(port: number, readonly clientId = 1) {
    this.api = new IBApi({ host: '127.0.0.1', port, clientId, maxReqPerSec: 1000 });
    this.api.on(EventName.error, (err: Error, code: number, id: number) => this.errors.push({ code, id, message: err.message }));
    this.api.on(EventName.info, (message: string, code: number) => this.infos.push({ code, id: -1, message }));
    this.api.on(EventName.nextValidId, (id: number) => (this.nextValidId = id));
  }

  private get emitter(): Emitter {
    return this.api;
  }

  connect(): Promise<number> {
    const ready = this.once<[number]>(EventName.nextValidId);
    this.api.connect(this.clientId);
    return ready.then(([id]) => id);
  }

  /** Resolves with the arguments of the next event of that name (optionally the next that matches). */
  once<A extends unknown[]>(event: EventName, predicate: (...args: A) => boolean = () => true, timeoutMs = 5000): Promise<A> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.emitter.off(event, listener);
        reject(new Error(`timed out waiting for ${event}`));
      }, timeoutMs);
      const listener = (...args: unknown[]) => {
        if (!predicate(...(args as A))) return;
        clearTimeout(timer);
        this.emitter.off(event, listener);
        resolve(args as A);
      };
      this.emitter.on(event, listener);
    });
  }

  /** Collects events of a name until `until` resolves. */
  collect<A extends unknown[]>(event: EventName): { items: A[]; stop: () => A[] } {
    const items: A[] = [];
    const listener = (...args: unknown[]) => items.push(args as A);
    this.emitter.on(event, listener);
    return { items, stop: () => (this.emitter.off(event, listener), items) };
  }

  waitForError(code: number, id?: number): Promise<ReceivedError> {
    const found = this.errors.find((e) => e.code === code && (id === undefined || e.id === id));
    if (found) return Promise.resolve(found);
    return this.once<[Error, number, number]>(EventName.error, (_e, c, i) => c === code && (id === undefined || i === id)).then(([e, c, i]) => ({ code: c, id: i, message: e.message }));
  }

  waitForInfo(code: number): Promise<ReceivedError> {
    const found = this.infos.find((e) => e.code === code);
    if (found) return Promise.resolve(found);
    return this.once<[string, number]>(EventName.info, (_m, c) => c === code).then(([m, c]) => ({ code: c, id: -1, message: m }));
  }

  placeOrder(id: number, contract: Contract, order: Order): void {
    this.api.placeOrder(id, contract, order);
  }

  /** Fails on any 505 and on any error code not listed as expected. */
  assertClean(expected: number[] = []): void {
    const bad = this.errors.filter((e) => e.code === 505 || !expected.includes(e.code));
    if (bad.length > 0) throw new Error(`unexpected errors: ${JSON.stringify(bad)}`);
  }

  disconnect(): void {
    this.api.disconnect();
  }
}

export const stock = (symbol: string): Contract => ({ symbol, secType: 'STK' as Contract['secType'], exchange: 'SMART', currency: 'USD' });
