import type { Clock } from '@arctrigger/service-kit';
import { marketDataSuspended, type FaultState } from '../faults/fault-state';
import type { Instrument } from '../market/instruments';
import type { Market } from '../market/market';
import { tickAt } from '../market/market-rules';
import type { Quote } from '../market/quote';
import type { ClientSession } from './client-session';
import type { WireValue } from './framing';
import { TickType } from './message-ids';
import { marketDataTypeMessage, quoteTicks, snapshotEnd, tickOptionComputation, tickPrice, tickReqParams } from './messages/tick-messages';

/** Fans quote updates out to the sessions subscribed to them. */
export class MarketDataHub {
  /** conId → subscribers */
  private readonly subscribers = new Map<number, Set<{ session: ClientSession; tickerId: number }>>();
  ticksSent = 0;

  constructor(
    private readonly market: Market,
    private readonly clock: Clock,
    private readonly faults: FaultState,
  ) {
    market.onQuote((instrument, quote) => this.publish(instrument, quote));
  }

  subscribe(session: ClientSession, tickerId: number, instrument: Instrument, snapshot: boolean): void {
    const now = this.clock.now();
    const delayed = session.marketDataType === 3 || session.marketDataType === 4;
    const initial: WireValue[][] = [
      marketDataTypeMessage(tickerId, delayed ? 3 : 1),
      tickReqParams(tickerId, tickAt(instrument.marketRule, 0)),
      tickPrice(tickerId, TickType.CLOSE, this.market.close(instrument, now), undefined),
    ];
    const quote = marketDataSuspended(this.faults) ? undefined : this.market.quote(instrument, now);
    if (quote) {
      initial.push(...quoteTicks(tickerId, quote, delayed));
      if (quote.model) {
        initial.push(tickOptionComputation(tickerId, TickType.BID_OPTION, quote, quote.bid));
        initial.push(tickOptionComputation(tickerId, TickType.ASK_OPTION, quote, quote.ask));
      }
    }
    if (snapshot) {
      initial.push(snapshotEnd(tickerId));
      session.sendAll(initial);
      return;
    }
    session.sendAll(initial);
    session.subscriptions.set(tickerId, instrument.conId);
    let set = this.subscribers.get(instrument.conId);
    if (!set) this.subscribers.set(instrument.conId, (set = new Set()));
    set.add({ session, tickerId });
    this.market.watch(instrument.conId);
  }

  unsubscribe(session: ClientSession, tickerId: number): boolean {
    const conId = session.subscriptions.get(tickerId);
    if (conId === undefined) return false;
    session.subscriptions.delete(tickerId);
    const set = this.subscribers.get(conId);
    for (const sub of set ?? []) if (sub.session === session && sub.tickerId === tickerId) set!.delete(sub);
    this.market.unwatch(conId);
    return true;
  }

  /** A session went away, or TWS lost its data (1101): its subscriptions are gone. */
  dropSession(session: ClientSession): void {
    for (const tickerId of [...session.subscriptions.keys()]) this.unsubscribe(session, tickerId);
  }

  /** Sessions holding at least one subscription (benchmarks watch their sockets' backpressure). */
  subscribedSessions(): ClientSession[] {
    const sessions = new Set<ClientSession>();
    for (const set of this.subscribers.values()) for (const sub of set) sessions.add(sub.session);
    return [...sessions];
  }

  publish(instrument: Instrument, quote: Quote): void {
    if (marketDataSuspended(this.faults)) return;
    const set = this.subscribers.get(instrument.conId);
    if (!set) return;
    for (const { session, tickerId } of set) {
      const delayed = session.marketDataType === 3 || session.marketDataType === 4;
      const ticks = quoteTicks(tickerId, quote, delayed);
      this.ticksSent += ticks.length;
      session.sendAll(ticks);
    }
  }
}
