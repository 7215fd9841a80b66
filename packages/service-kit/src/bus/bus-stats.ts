/** Counters kept by the bus, per subject pattern. Read by health checks and tests. */
export interface SubjectCounters {
  published: number;
  received: number;
  invalid: number;
  deadLettered: number;
  handlerErrors: number;
}

export class BusStats {
  private readonly bySubject = new Map<string, SubjectCounters>();

  counters(pattern: string): SubjectCounters {
    let c = this.bySubject.get(pattern);
    if (!c) {
      c = { published: 0, received: 0, invalid: 0, deadLettered: 0, handlerErrors: 0 };
      this.bySubject.set(pattern, c);
    }
    return c;
  }

  totals(): SubjectCounters {
    const t: SubjectCounters = { published: 0, received: 0, invalid: 0, deadLettered: 0, handlerErrors: 0 };
    for (const c of this.bySubject.values()) {
      t.published += c.published;
      t.received += c.received;
      t.invalid += c.invalid;
      t.deadLettered += c.deadLettered;
      t.handlerErrors += c.handlerErrors;
    }
    return t;
  }
}
