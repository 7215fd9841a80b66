/** Counters kept by the bus, per subject pattern. Read by health checks and tests. */
export interface SubjectCounters {
  published: number;
  received: number;
  invalid: number;
  deadLettered: number;
  handlerErrors: number;
  /** JetStream deliveries after the first (a handler failed, or its ack was late). */
  redelivered: number;
}

export class BusStats {
  private readonly bySubject = new Map<string, SubjectCounters>();
  /** Messages still waiting in each durable consumer, as its last delivery said. */
  readonly consumerPending = new Map<string, { stream: string; pending: number }>();

  /** Every subject pattern with its counters (metrics read them when scraped). */
  entries(): IterableIterator<[string, SubjectCounters]> {
    return this.bySubject.entries();
  }

  counters(pattern: string): SubjectCounters {
    let c = this.bySubject.get(pattern);
    if (!c) {
      c = { published: 0, received: 0, invalid: 0, deadLettered: 0, handlerErrors: 0, redelivered: 0 };
      this.bySubject.set(pattern, c);
    }
    return c;
  }

  totals(): SubjectCounters {
    const t: SubjectCounters = { published: 0, received: 0, invalid: 0, deadLettered: 0, handlerErrors: 0, redelivered: 0 };
    for (const c of this.bySubject.values()) {
      t.published += c.published;
      t.received += c.received;
      t.invalid += c.invalid;
      t.deadLettered += c.deadLettered;
      t.handlerErrors += c.handlerErrors;
      t.redelivered += c.redelivered;
    }
    return t;
  }
}
