/**
 * Request ids (market data, contract details, executions …) live in their own range, far above
 * any order id, because TWS reports errors by a single numeric id: an order rejection for order
 * id 7 must never be mistaken for a failure of market-data request 7.
 */
export const REQUEST_ID_BASE = 1_000_000_000;

export class RequestIds {
  private next: number;

  constructor(base: number = REQUEST_ID_BASE) {
    this.next = base;
  }

  allocate(): number {
    return this.next++;
  }

  /** True when `id` is a request id (as opposed to an order id or -1). */
  static isRequestId(id: number): boolean {
    return id >= REQUEST_ID_BASE;
  }
}
