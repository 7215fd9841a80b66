import { ok, type Contracts, type OrderPlacement, type Reply, type ReplyOf, type RiskCheckRequestV2, type TradeId, type TradeOrder } from '@arctrigger/contracts';
import { MarketCalendar, ManualClock } from '@arctrigger/service-kit';
import { EntryPreparer } from '../../src/flows/entry-preparation';
import { armedView } from './armed-view';
import type { MarketPort } from '../../src/ports/market.port';
import type { QuotePort } from '../../src/ports/quote.port';
import type { RiskPort } from '../../src/ports/risk.port';

/**
 * A priced entry's order is sent to be placed on approval in the same turn of the event loop as its
 * risk check is asked: the NATS client writes what is published in one turn as one socket write
 * (it flushes in a microtask), so the check and the order reach the server together and the
 * gateway records the placement while the risk-service decides.
 */

const NOW = Date.parse('2026-03-10T15:00:00Z'); // regular hours
const ID = 't1' as TradeId;
const accepted = ok({ orderRef: 't1.entry.1', ibOrderId: 5, permId: null, outcome: 'accepted' }) as Reply<OrderPlacement>;

function world(quote: { ok: boolean; bid?: number; ask?: number; code?: string; message?: string }) {
  const steps: string[] = [];
  /** Set by a microtask queued when the check is asked: true once any microtask ran after it. */
  let turnEnded = false;
  const risk = {
    check: (req: RiskCheckRequestV2) => {
      steps.push(`check ${req.checkId}`);
      turnEnded = false;
      queueMicrotask(() => (turnEnded = true));
      return new Promise<ReplyOf<typeof Contracts.RiskCheckV2>>(() => undefined);
    },
  } as unknown as RiskPort;
  const market = { marketRule: async () => ({ ruleId: 32, increments: [{ lowEdge: 0, increment: 0.01 }] }) } as unknown as MarketPort;
  const quotes = { waitUsable: async () => quote } as unknown as QuotePort;
  const preparer = new EntryPreparer({
    market, quotes, risk, clock: new ManualClock(NOW), calendar: new MarketCalendar(), quoteLimits: { maxAgeMs: 3000, maxSpreadPct: 30 }, quoteWaitMs: 1000, riskWaitMs: 5_000,
  });
  const send = jest.fn((order: TradeOrder, checkId: string) => {
    steps.push(`send ${order.orderRef} on ${checkId}${turnEnded ? ' (a later turn)' : ''}`);
    return Promise.resolve(accepted);
  });
  return { preparer, steps, send };
}

describe('entry send with check', () => {
  it('entry send with check sends the priced order in the turn its risk check is asked, and `placed` is the gateway answer', async () => {
    const w = world({ ok: true, bid: 2.4, ask: 2.5 });
    const preparing = w.preparer.prepare(armedView(ID, NOW), w.send);
    await expect(preparing.placed).resolves.toBe(accepted);
    expect(w.steps).toEqual(['check t1.entry.1', 'send t1.entry.1 on t1.entry.1']);
    expect(w.send.mock.calls[0]![0]).toMatchObject({ orderRef: 't1.entry.1', side: 'BUY', quantity: 2 });
    await expect(preparing.priced).resolves.toMatchObject({ kind: 'priced', checkId: 't1.entry.1' });
  });

  it('entry send with check sends nothing for an entry that cannot be priced, and `placed` is undefined', async () => {
    const w = world({ ok: false, code: 'QUOTE_STALE', message: 'quote too old' });
    const preparing = w.preparer.prepare(armedView(ID, NOW), w.send);
    await expect(preparing.placed).resolves.toBeUndefined();
    await expect(preparing.priced).resolves.toMatchObject({ kind: 'end', code: 'QUOTE_STALE' });
    expect(w.steps).toEqual([]);
  });

  it('entry send with check asks the check alone when no sender is given (a FIRED trade resubmitted)', async () => {
    const w = world({ ok: true, bid: 2.4, ask: 2.5 });
    const preparing = w.preparer.prepare(armedView(ID, NOW));
    await expect(preparing.placed).resolves.toBeUndefined();
    expect(w.steps).toEqual(['check t1.entry.1']);
  });
});
