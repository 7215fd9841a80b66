import { Injectable } from '@nestjs/common';
import { DeliverPolicy, jetstreamManager, type ConsumerMessages } from '@nats-io/jetstream';
import { Bus, decodeJson } from '@arctrigger/service-kit';
import type { EventCursor } from './event-cursor';
import { contractOfSubject, EVENT_SOURCES, type EventSource, type SseEventName } from './event-sources';

/** One stored event, ready to be sent: its stream position, SSE name and validated payload. */
export interface FeedEvent {
  stream: string;
  seq: number;
  name: SseEventName;
  payload: unknown;
}

/** A running feed: `close()` stops every consumer. */
export interface OpenFeed {
  close(): void;
}

/**
 * Reads the event streams for one client with JetStream ordered consumers (ephemeral, in order,
 * recreated by the client library on a gap), each starting right after the cursor's sequence for
 * its stream. Nothing is buffered in the console beyond what a consumer has fetched.
 */
@Injectable()
export class EventFeed {
  constructor(private readonly bus: Bus) {}

  /** The cursor at the start of every stream: a client that asks for everything stored. */
  startCursor(): EventCursor {
    return Object.fromEntries(EVENT_SOURCES.map((source) => [source.stream, 0]));
  }

  /** The cursor at the end of every stream: a new client starts here and sees only what follows. */
  async endCursor(): Promise<EventCursor> {
    const jsm = await jetstreamManager(this.bus.nc);
    const cursor: EventCursor = {};
    for (const source of EVENT_SOURCES)
      cursor[source.stream] = (await jsm.streams.info(source.stream)).state.last_seq;
    return cursor;
  }

  /** `tradeId`: only that trade's events (trades, fills, triggers), read by subject from the streams. */
  async open(from: EventCursor, onEvent: (event: FeedEvent) => void, tradeId?: string): Promise<OpenFeed> {
    const running: ConsumerMessages[] = [];
    const close = () => {
      for (const messages of running) void messages.close();
    };
    try {
      for (const source of EVENT_SOURCES) {
        if (tradeId !== undefined && !source.tradeSubject) continue;
        const filter = tradeId !== undefined ? source.tradeSubject!(tradeId) : source.filterSubject;
        running.push(await this.consume(source, filter, from, onEvent));
      }
    } catch (error) {
      close();
      throw error;
    }
    return { close };
  }

  private async consume(
    source: EventSource,
    filterSubject: string,
    from: EventCursor,
    onEvent: (event: FeedEvent) => void,
  ): Promise<ConsumerMessages> {
    const consumer = await this.bus.jetstream.consumers.get(source.stream, {
      filter_subjects: filterSubject,
      deliver_policy: DeliverPolicy.StartSequence,
      opt_start_seq: (from[source.stream] ?? 0) + 1,
    });
    const messages = await consumer.consume();
    void (async () => {
      for await (const m of messages) {
        const match = contractOfSubject(source, m.subject);
        if (!match) continue; // a subject of the stream the event stream does not show
        const decoded = decodeJson(m.data);
        const parsed = decoded.ok ? match.contract.schema.safeParse(decoded.value) : undefined;
        if (!parsed?.success) {
          this.bus.logger.warn(
            { stream: source.stream, seq: m.seq, subject: m.subject },
            'event stream: skipped a message that does not match its contract',
          );
          continue;
        }
        onEvent({
          stream: source.stream,
          seq: m.seq,
          name: match.nameOf(parsed.data),
          payload: parsed.data,
        });
      }
    })();
    return messages;
  }
}
