import { fail, ok, type Contracts, type ReplyOf, type RiskCheckRequest, type TradeId, type TradeView } from '@arctrigger/contracts';
import { MarketCalendar, ManualClock } from '@arctrigger/service-kit';
import { EntryPreparer } from '../../src/flows/entry-preparation';
import { armedView } from './armed-view';
import type { MarketPort } from '../../src/ports/market.port';
import type { QuotePort } from '../../src/ports/quote.port';
import type { RiskPort } from '../../src/ports/risk.port';

/**
 * A fired entry whose risk check finds no risk-service (it is restarting) asks again under the same
 * checkId, with backoff, for a bounded time from pricing; an answer in that time decides; past it,
 * or on a refusal that is not about availability, the entry ends at once.
 */

const NOW = Date.parse('2026-03-10T15:00:00Z'); // regular hours
const ID = 't1' as TradeId;
const armed = (): TradeView => armedView(ID, NOW);

type RiskReply = ReplyOf<typeof Contracts.RiskCheck>;
const unavailable = fail('NO_RESPONDERS', 'risk.check: no service is answering', { retryable: true }) as RiskReply;
const approved = ok({ checkId: 't1.entry.1', approved: true, reservationId: 'rsv-1' }) as unknown as RiskReply;

function preparerWith(answers: RiskReply[]) {
  const clock = new ManualClock(NOW);
  const asked: Array<{ checkId: string; at: number }> = [];
  const risk = {
    check: async (req: RiskCheckRequest) => {
      asked.push({ checkId: req.checkId, at: clock.now() });
      return answers.shift() ?? unavailable;
    },
  } as unknown as RiskPort;
  const market = { marketRule: async () => ({ ruleId: 32, increments: [{ lowEdge: 0, increment: 0.01 }] }) } as unknown as MarketPort;
  const quotes = { waitUsable: async () => ({ ok: true, bid: 2.4, ask: 2.5 }) } as unknown as QuotePort;
  const preparer = new EntryPreparer({
    market, quotes, risk, clock, calendar: new MarketCalendar(), quoteLimits: { maxAgeMs: 3000, maxSpreadPct: 30 }, quoteWaitMs: 1000, riskWaitMs: 5_000,
  });
  return { preparer, clock, asked };
}

/** Runs the preparation, advancing the manual clock through each backoff pause until it decides. */
async function decide(w: ReturnType<typeof preparerWith>) {
  let done = false;
  const decided = w.preparer.prepare(armed()).decided.finally(() => (done = true));
  while (!done) {
    await new Promise((r) => setImmediate(r));
    if (!done) w.clock.advance(250);
  }
  return decided;
}

describe('entry risk wait', () => {
  it('entry risk wait asks again, same checkId, while the risk-service is away, and submits on the approval that comes back', async () => {
    const w = preparerWith([unavailable, unavailable, approved]);
    const decided = await decide(w);
    expect(decided).toMatchObject({ kind: 'submit', reservationId: 'rsv-1', order: { orderRef: 't1.entry.1', quantity: 2 } });
    expect(w.asked.map((a) => a.checkId)).toEqual(['t1.entry.1', 't1.entry.1', 't1.entry.1']);
    // Backoff: 250 ms, then 500 ms.
    expect(w.asked.map((a) => a.at - NOW)).toEqual([0, 250, 750]);
  });

  it('entry risk wait rejects the entry, failing closed, once the wait from pricing is over', async () => {
    const w = preparerWith([]);
    const decided = await decide(w);
    expect(decided).toMatchObject({ kind: 'end', event: 'rejected', code: 'RISK_UNAVAILABLE' });
    expect(w.asked.at(-1)!.at - NOW).toBeLessThanOrEqual(5_000);
    expect(w.asked.length).toBeGreaterThan(3);
  });

  it('entry risk wait does not ask again after an answer that is not about availability', async () => {
    const w = preparerWith([fail('INVALID_REQUEST', 'bad check')]);
    const decided = await decide(w);
    expect(decided).toMatchObject({ kind: 'end', event: 'rejected', code: 'RISK_UNAVAILABLE' });
    expect(w.asked).toHaveLength(1);
  });
});
