import { EventName } from '@stoqey/ib';
import { ConId, type MarketTick } from '@arctrigger/contracts';
import { ManualClock } from '@arctrigger/service-kit';
import { RequestIds } from '../../src/ids/request-ids';
import { MarketDataFeed, PACING_RETRY_INITIAL_MS, PACING_RETRY_MAX_MS } from '../../src/market-data/market-data-feed';
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

/** A session that records every reqMktData and cancelMktData it is asked to send. */
function recordingSession() {
  const handlers = new Map<string, (...args: unknown[]) => void>();
  const requests: number[] = [];
  const cancels: number[] = [];
  const session = {
    on: (event: string, handler: (...args: unknown[]) => void) => void handlers.set(event, handler),
    send: (_priority: unknown, write: (api: unknown) => void) => {
      write({ reqMktData: (id: number) => requests.push(id), cancelMktData: (id: number) => cancels.push(id) });
      return true;
    },
  } as unknown as TwsSession;
  const emit = (event: string, ...args: unknown[]) => handlers.get(event)!(...args);
  return { session, requests, cancels, emit };
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

  describe('pacing violation (100) on a subscription', () => {
    const conId = ConId.parse(42);
    function pacedFeed() {
      const tws = recordingSession();
      const clock = new ManualClock(0);
      const ticks: MarketTick[] = [];
      const feed = new MarketDataFeed(tws.session, new RequestIds(), clock, (t) => ticks.push(t));
      feed.acquire('trigger-1', [conId], 60_000);
      return { ...tws, clock, feed, ticks };
    }

    it('market data feed sends a subscription TWS dropped for pacing again after a backoff, and ticks flow under the new request id', () => {
      const { feed, clock, requests, emit, ticks } = pacedFeed();
      const first = requests[0]!;
      expect(feed.onRequestError(first, 100)).toBe(true);
      clock.advance(PACING_RETRY_INITIAL_MS - 1);
      expect(requests).toHaveLength(1);
      clock.advance(1);
      expect(requests).toHaveLength(2);
      const second = requests[1]!;
      expect(second).not.toBe(first);
      emit(EventName.tickPrice, second, TickField.LAST, 101.5);
      emit(EventName.tickSize, second, TickField.LAST_SIZE, 1);
      expect(ticks).toEqual([expect.objectContaining({ conId: 42, last: 101.5 })]);
      expect(feed.pacingRetriesMade).toBe(1);
    });

    it('market data feed doubles the backoff per refusal in a row, up to its cap, and starts over once ticks arrive', () => {
      const { feed, clock, requests, emit } = pacedFeed();
      const delays: number[] = [];
      for (let refusal = 0; refusal < 7; refusal++) {
        feed.onRequestError(requests.at(-1)!, 100);
        const before = requests.length;
        let waited = 0;
        while (requests.length === before) {
          clock.advance(50);
          waited += 50;
        }
        delays.push(waited);
      }
      expect(delays).toEqual([250, 500, 1_000, 2_000, 4_000, PACING_RETRY_MAX_MS, PACING_RETRY_MAX_MS]);
      emit(EventName.tickPrice, requests.at(-1)!, TickField.LAST, 100);
      feed.onRequestError(requests.at(-1)!, 100);
      const before = requests.length;
      clock.advance(PACING_RETRY_INITIAL_MS);
      expect(requests).toHaveLength(before + 1);
    });

    it('market data feed does not retry a contract released meanwhile, and leaves other errors to the caller', () => {
      const { feed, clock, requests } = pacedFeed();
      expect(feed.onRequestError(requests[0]!, 354)).toBe(false);
      expect(feed.onRequestError(7, 100)).toBe(false);
      feed.onRequestError(requests[0]!, 100);
      feed.release('trigger-1', [conId]);
      clock.advance(PACING_RETRY_MAX_MS);
      expect(requests).toHaveLength(1);
    });

    it('market data feed does not subscribe twice when a new session resubscribes during the backoff', () => {
      const { feed, clock, requests } = pacedFeed();
      feed.onRequestError(requests[0]!, 100);
      feed.resubscribeAll();
      clock.advance(PACING_RETRY_MAX_MS);
      expect(requests).toHaveLength(2);
    });
  });
});
