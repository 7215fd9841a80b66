import { Injectable } from '@nestjs/common';
import { DeliverPolicy, jetstreamManager, type ConsumerMessages } from '@nats-io/jetstream';
import { Bus } from '@arctrigger/service-kit';
import { decodeJson } from '@arctrigger/service-kit';
import type { EventCursor } from './event-cursor';
import { contractOfSubject, EVENT_SOURCES, type SseEventName } from './event-sources';

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

  /** The cursor at the end of every stream: a new client starts here and sees only what follows. */
  async endCursor(): Promise<EventCursor> {
    const jsm = await jetstreamManager(this.bus.nc);
    const cursor: EventCursor = {};
    for (const source of EVENT_SOURCES) cursor[source.stream] = (await jsm.streams.info(source.stream)).state.last_seq;
    return cursor;
  }

  async open(from: EventCursor, onEvent: (event: FeedEvent) => void): Promise<OpenFeed> {
    const running: ConsumerMessages[] = [];
    for (const source of EVENT_SOURCES) {
      const consumer = await this.bus.jetstream.consumers.get(source.stream, {
        filter_subjects: source.filterSubjects,
        deliver_policy: DeliverPolicy.StartSequence,
        opt_start_seq: (from[source.stream] ?? 0) + 1,
      });
      const messages = await consumer.consume();
      running.push(messages);
      void (async () => {
        for await (const m of messages) {
          const match = contractOfSubject(source, m.subject);
          const decoded = decodeJson(m.data);
          const parsed = match && decoded.ok ? match.contract.schema.safeParse(decoded.value) : undefined;
          if (!match || !parsed?.success) {
            this.bus.logger.warn({ stream: source.stream, seq: m.seq, subject: m.subject }, 'event stream: skipped a message that does not match its contract');
            continue;
          }
          onEvent({ stream: source.stream, seq: m.seq, name: match.nameOf(parsed.data), payload: parsed.data });
        }
      })();
    }
    return {
      close: () => {
        for (const messages of running) void messages.close();
      },
    };
  }
}
