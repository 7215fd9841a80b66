import { Contracts, type MarketTick, type Reply } from '@arctrigger/contracts';
import type { Bus } from '../bus/bus';
import type { Clock } from '../clock/clock';

/** TWS sends a quote field by field: a contract's first ticks may have a bid and nothing else yet. */
const isComplete = (t: MarketTick) => t.bid !== null && t.ask !== null && t.last !== null;

/**
 * The gateway's latest quote of a contract. For one whose market data was only just leased, whose
 * first ticks have not brought bid, ask and last yet, the first tick that has them within
 * `waitMs` — so a first quote request answers with a price instead of NO_QUOTE or a lone bid. The
 * tick subscription is open before the snapshot is asked, so nothing in between is missed. After
 * `waitMs`: the latest tick as it is, or the gateway's NO_QUOTE when there is none.
 */
export async function latestOrFirstQuote(bus: Bus, clock: Clock, conId: number, waitMs: number): Promise<Reply<MarketTick>> {
  let latest: MarketTick | undefined;
  let resolveComplete!: (tick: MarketTick) => void;
  const completed = new Promise<MarketTick>((resolve) => (resolveComplete = resolve));
  const sub = bus.subscribe(
    Contracts.MarketTick,
    (tick) => {
      latest = tick;
      if (isComplete(tick)) resolveComplete(tick);
    },
    { params: { conId }, trace: false },
  );
  try {
    await bus.nc.flush();
    const snapshot = await bus.request(Contracts.QuoteSnapshot, { conId });
    if (snapshot.ok && isComplete(snapshot.value)) return snapshot;
    if (!snapshot.ok && snapshot.code !== 'NO_QUOTE') return snapshot;
    let timer: { cancel(): void } | undefined;
    const timedOut = new Promise<undefined>((resolve) => (timer = clock.setTimer(waitMs, () => resolve(undefined))));
    const first = await Promise.race([completed, timedOut]);
    timer?.cancel();
    const best = first ?? latest;
    if (best) return { ok: true, value: best };
    return snapshot;
  } finally {
    sub.unsubscribe();
  }
}
