import { EventName } from '@stoqey/ib';
import { ConId, type MarketTick } from '@arctrigger/contracts';
import { ManualClock } from '@arctrigger/service-kit';
import { RequestIds } from '../../src/ids/request-ids';
import { MarketDataFeed } from '../../src/market-data/market-data-feed';
import { TickField } from '../../src/market-data/quote';
import type { TwsSession } from '../../src/tws/tws-session';

/** A TWS session that only records handlers and answers reqMktData with its request id. */
function fakeSession() {
  const handlers = new Map<string, (...args: unknown[]) => void>();
  let reqId = -1;
  const session = {
    on: (event: string, handler: (...args: unknown[]) => void) => void handlers.set(event, handler),
    send: (_priority: unknown, write: (api: unknown) => void) => {
      write({ reqMktData: (id: number) => (reqId = id) });
      return true;
    },
  } as unknown as TwsSession;
  const emit = (event: string, ...args: unknown[]) => handlers.get(event)!(reqId, ...args);
  return { session, emit };
}

function feedWithSink() {
  const { session, emit } = fakeSession();
  const ticks: MarketTick[] = [];
  const feed = new MarketDataFeed(session, new RequestIds(), new ManualClock(0), (t) => ticks.push(t));
  feed.acquire('test', [ConId.parse(42)], 60_000);
  return { emit, ticks };
}

describe('market data feed', () => {
  it('market data feed publishes a price and the size that comes with it as one tick', () => {
    const { emit, ticks } = feedWithSink();
    emit(EventName.tickPrice, TickField.BID, 1.5);
    emit(EventName.tickSize, TickField.BID_SIZE, 10);
    expect(ticks).toEqual([expect.objectContaining({ conId: 42, seq: 1, bid: 1.5, bidSize: 10 })]);
  });

  it('market data feed publishes a new price whose size is unchanged once', () => {
    const { emit, ticks } = feedWithSink();
    emit(EventName.tickPrice, TickField.ASK, 1.6);
    emit(EventName.tickSize, TickField.ASK_SIZE, 5);
    emit(EventName.tickPrice, TickField.ASK, 1.7);
    emit(EventName.tickSize, TickField.ASK_SIZE, 5);
    expect(ticks.map((t) => [t.seq, t.ask, t.askSize])).toEqual([[1, 1.6, 5], [2, 1.7, 5]]);
  });

  it('market data feed publishes a price whose size never follows at the end of the read', async () => {
    const { emit, ticks } = feedWithSink();
    emit(EventName.tickPrice, TickField.LAST, 2.5);
    expect(ticks).toHaveLength(0);
    await Promise.resolve();
    expect(ticks).toEqual([expect.objectContaining({ last: 2.5 })]);
  });

  it('market data feed publishes a pending price before a size tick of another field', () => {
    const { emit, ticks } = feedWithSink();
    emit(EventName.tickPrice, TickField.BID, 1.5);
    emit(EventName.tickPrice, TickField.ASK, 1.6);
    emit(EventName.tickSize, TickField.ASK_SIZE, 3);
    expect(ticks.map((t) => [t.bid, t.ask, t.askSize])).toEqual([[1.5, null, null], [1.5, 1.6, 3]]);
  });
});
