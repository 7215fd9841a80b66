import { DeliverPolicy, jetstreamManager, type JetStreamManager, type MsgRequest } from '@nats-io/jetstream';
import { KvBuckets, Streams, TradeView, type TradeEvent, type TradeId, type TradeState } from '@arctrigger/contracts';
import { decodeJson, type Bus } from '@arctrigger/service-kit';
import { evolve } from '../domain/trade/evolve';
import type { InvalidTradeHistoryError } from '../errors';
import { readStoredTradeEvent } from './stored-trade-event';

/** A trade read back from the audit stream: its view, or why it is set aside. */
export type ArchivedTrade = { view: TradeView; streamSeq: number; events: TradeEvent[] } | { invalid: InvalidTradeHistoryError };

export interface ArchivedListFilter {
  states: readonly TradeState[];
  symbol?: string;
  limit: number;
}

const KV_TRADES_STREAM = `KV_${KvBuckets.TRADES.name}`;

/**
 * What is read on demand, never held: a trade's events from the TRADES stream (subject
 * `trade.evt.v1.<tradeId>`), the trade rebuilt from them, and the views of trades out of the
 * working set from the `trades` KV bucket — newest first, scanning the bucket's stream backwards
 * only as far as the answer needs (with one entry per trade its order is the order of last change).
 */
export class TradeArchive {
  private jsm?: JetStreamManager;

  constructor(private readonly bus: Bus) {}

  private async manager(): Promise<JetStreamManager> {
    this.jsm ??= await jetstreamManager(this.bus.nc);
    return this.jsm;
  }

  /** The TRADES sequence of the trade's last event, or undefined when it has none. */
  async lastSeqOf(tradeId: TradeId): Promise<number | undefined> {
    const jsm = await this.manager();
    try {
      const m = await jsm.streams.getMessage(Streams.TRADES.name, { last_by_subj: `trade.evt.v1.${tradeId}` });
      return m?.seq;
    } catch {
      return undefined;
    }
  }

  /**
   * Every stored message of the trade, in order, up to TRADES sequence `lastSeq` (read when not
   * given): one direct read per event (`next_by_subj`), so a start that reads many trades' histories
   * leaves no consumer behind on the server.
   */
  async messages(tradeId: TradeId, lastSeq?: number): Promise<Array<{ data: Uint8Array; subject: string; seq: number }>> {
    const last = lastSeq ?? (await this.lastSeqOf(tradeId));
    if (last === undefined) return [];
    const jsm = await this.manager();
    const subject = `trade.evt.v1.${tradeId}`;
    const out: Array<{ data: Uint8Array; subject: string; seq: number }> = [];
    let seq = 1;
    while (seq <= last) {
      // The stream API answers `next_by_subj` (nats-server 2.9) though the client types it for direct gets only.
      const query = { seq, next_by_subj: subject } as unknown as MsgRequest;
      const m = await jsm.streams.getMessage(Streams.TRADES.name, query).catch(() => null);
      if (!m || m.seq > last) break;
      out.push({ data: m.data, subject: m.subject, seq: m.seq });
      seq = m.seq + 1;
    }
    return out;
  }

  /** The trade's valid events, in order (an event that does not match its contract is left out). */
  async history(tradeId: TradeId, lastSeq?: number): Promise<TradeEvent[]> {
    const out: TradeEvent[] = [];
    for (const m of await this.messages(tradeId, lastSeq)) {
      const stored = readStoredTradeEvent(m.data, m.subject, m.seq);
      if (stored.ok) out.push(stored.event);
    }
    return out;
  }

  /** The trade rebuilt from its whole history, as a start's replay would; undefined when it has none. */
  async rebuild(tradeId: TradeId): Promise<ArchivedTrade | undefined> {
    let view: TradeView | undefined;
    let streamSeq = 0;
    const events: TradeEvent[] = [];
    for (const m of await this.messages(tradeId)) {
      const stored = readStoredTradeEvent(m.data, m.subject, m.seq);
      if (!stored.ok) return { invalid: stored.error };
      const event = stored.event;
      events.push(event);
      if (view && event.seq <= view.revision) continue;
      if (view && event.seq !== view.revision + 1) continue;
      view = evolve(view, event);
      streamSeq = m.seq;
    }
    return view ? { view, streamSeq, events } : undefined;
  }

  /**
   * Views from the `trades` bucket matching the filter, most recently changed first, skipping
   * `exclude` (the working set answers for those).
   */
  async list(filter: ArchivedListFilter, exclude: (tradeId: string) => boolean): Promise<TradeView[]> {
    const jsm = await this.manager();
    const info = await jsm.streams.info(KV_TRADES_STREAM);
    const first = info.state.first_seq;
    let end = info.state.last_seq;
    if (info.state.messages === 0) return [];
    const found: TradeView[] = [];
    let window = Math.max(64, filter.limit * 4);
    while (end >= first && found.length < filter.limit) {
      const start = Math.max(first, end - window + 1);
      found.push(...(await this.scan(start, end, filter, exclude)).reverse());
      end = start - 1;
      window *= 2;
    }
    return found.slice(0, filter.limit);
  }

  private async scan(start: number, end: number, filter: ArchivedListFilter, exclude: (tradeId: string) => boolean): Promise<TradeView[]> {
    const consumer = await this.bus.jetstream.consumers.get(KV_TRADES_STREAM, { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: start });
    const out: TradeView[] = [];
    const messages = await consumer.consume();
    for await (const m of messages) {
      if (m.seq > end) break;
      if (m.data.length > 0) {
        const decoded = decodeJson(m.data);
        const view = decoded.ok ? TradeView.safeParse(decoded.value) : undefined;
        if (view?.success && filter.states.includes(view.data.state) && (!filter.symbol || view.data.spec.symbol === filter.symbol) && !exclude(view.data.tradeId)) out.push(view.data);
      }
      if (m.seq >= end || m.info.pending === 0) break;
    }
    await messages.close();
    return out;
  }
}
