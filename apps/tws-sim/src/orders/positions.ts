import type { Instrument } from '../market/instruments';

export interface Position {
  account: string;
  instrument: Instrument;
  quantity: number;
  /** As IB reports it: per share / per contract including the multiplier and commissions. */
  avgCost: number;
}

/** Positions per instrument with IB-style average cost; returns realized P&L on reductions. */
export class PositionBook {
  private readonly positions = new Map<number, Position>();

  constructor(private readonly account: string) {}

  all(): Position[] {
    return [...this.positions.values()];
  }

  get(conId: number): Position | undefined {
    return this.positions.get(conId);
  }

  /** Applies a fill; `signed` is positive for buys. Returns the realized P&L (undefined when opening). */
  apply(instrument: Instrument, signed: number, price: number, commission: number): number | undefined {
    const p = this.positions.get(instrument.conId) ?? { account: this.account, instrument, quantity: 0, avgCost: 0 };
    const mult = instrument.multiplier;
    let realized: number | undefined;
    if (p.quantity === 0 || Math.sign(p.quantity) === Math.sign(signed)) {
      const cost = p.avgCost * Math.abs(p.quantity) + price * mult * Math.abs(signed) + commission;
      p.quantity += signed;
      p.avgCost = cost / Math.abs(p.quantity);
    } else {
      const closing = Math.min(Math.abs(signed), Math.abs(p.quantity));
      const direction = Math.sign(p.quantity);
      realized = direction * (price * mult - p.avgCost) * closing - commission;
      p.quantity += signed;
      if (p.quantity === 0) p.avgCost = 0;
      else if (Math.sign(p.quantity) !== direction) p.avgCost = price * mult;
    }
    p.avgCost = Math.round(p.avgCost * 1e6) / 1e6;
    this.positions.set(instrument.conId, p);
    return realized === undefined ? undefined : Math.round(realized * 100) / 100;
  }
}
