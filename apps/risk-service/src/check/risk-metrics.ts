import { createNoopMeter, type Counter, type Meter } from '@opentelemetry/api';
import { TradingState, type RiskDecision } from '@arctrigger/contracts';

/** What the risk-service's gauges read when scraped. */
export interface RiskGauges {
  tradingState(): TradingState;
  openPositions(): number;
}

/** The risk-service's instruments: approvals and denials (by reason), trading state, open positions. */
export class RiskMetrics {
  private readonly decisions: Counter;
  private readonly approved = { decision: 'approved', reason: 'none' } as const;

  constructor(private readonly meter: Meter = createNoopMeter()) {
    this.decisions = meter.createCounter('arctrigger.risk.decisions', { unit: '{check}', description: 'Pre-trade checks decided: approved, or denied by reason code.' });
  }

  decided(decision: RiskDecision): void {
    this.decisions.add(1, decision.approved ? this.approved : { decision: 'denied', reason: decision.code });
  }

  observe(gauges: RiskGauges): void {
    // One series per state, 1 for the current one: dashboards show the state by name.
    this.meter.createObservableGauge('arctrigger.trading.state', { description: 'Trading state: 1 for the current state, 0 for the others.' }).addCallback((r) => {
      const now = gauges.tradingState();
      for (const state of Object.values(TradingState)) r.observe(state === now ? 1 : 0, { state });
    });
    this.meter.createObservableGauge('arctrigger.positions.open', { unit: '{position}', description: 'Open positions in the risk book.' }).addCallback((r) => r.observe(gauges.openPositions()));
  }
}
