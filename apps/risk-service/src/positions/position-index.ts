import type { PositionRecord } from './position';

/**
 * The questions asked of the positions on every check and every quote of a held contract, kept
 * answerable without walking every position the risk-service has ever recorded (records of closed
 * trades stay in KV and in memory): which trades hold contracts, what is held per contract, and
 * which positions realized something on a given day. Kept up to date as position records are
 * replaced, like OpenedNotional.
 */
export class PositionIndex {
  private readonly open = new Map<string, PositionRecord>();
  private readonly openIds = new Set<string>();
  private readonly conIds = new Set<number>();
  /** Trades with a realized entry on each risk day. */
  private readonly realizedOnDay = new Map<string, Set<string>>();

  /** Takes `next` in place of the record held for its trade (if any). */
  replace(previous: PositionRecord | undefined, next: PositionRecord): void {
    if (previous) for (const day of Object.keys(previous.realizedByDay)) this.realizedOnDay.get(day)?.delete(previous.tradeId);
    for (const day of Object.keys(next.realizedByDay)) {
      let trades = this.realizedOnDay.get(day);
      if (!trades) this.realizedOnDay.set(day, (trades = new Set()));
      trades.add(next.tradeId);
    }
    this.conIds.add(next.conId);
    if (next.quantity !== 0) {
      this.open.set(next.tradeId, next);
      this.openIds.add(next.tradeId);
    } else {
      this.open.delete(next.tradeId);
      this.openIds.delete(next.tradeId);
    }
  }

  /** Positions holding contracts (non-zero quantity). */
  openPositions(): IterableIterator<PositionRecord> {
    return this.open.values();
  }

  /** Trades holding contracts: a live set, read it before the next change. */
  openTradeIds(): ReadonlySet<string> {
    return this.openIds;
  }

  /** Whether any position, open or closed, is in this contract. */
  hasContract(conId: number): boolean {
    return this.conIds.has(conId);
  }

  /** Trades that realized anything (fills, commissions) on `day`. */
  realizedOn(day: string): ReadonlySet<string> {
    return this.realizedOnDay.get(day) ?? EMPTY;
  }
}

const EMPTY: ReadonlySet<string> = new Set();
