import { Controller, Inject, Req, Res } from '@nestjs/common';
import { SERVICE_CONFIG } from '@arctrigger/service-kit';
import type { ConsoleConfig } from '../config';
import { ApiError } from '../http/api-error';
import type { RouteInput } from '../http/api-route';
import type { HttpRequest, HttpResponse } from '../http/http-types';
import { Input, Route } from '../http/route.decorator';
import { ConnectionMonitor } from '../system/connection-monitor';
import { formatCursor, parseCursor } from './event-cursor';
import { EventFeed } from './event-feed';
import { EventRoutes as R } from './event.routes';
import { EVENT_STREAMS, SseEventName } from './event-sources';

/** Tells a disconnected EventSource how long to wait before reconnecting. */
const RECONNECT_MS = 2_000;

/** `GET /v1/events`: the JetStream event streams as server-sent events, resumable by `Last-Event-ID`. */
@Controller()
export class EventsHttpController {
  constructor(
    private readonly feed: EventFeed,
    private readonly connection: ConnectionMonitor,
    @Inject(SERVICE_CONFIG) private readonly config: ConsoleConfig,
  ) {}

  @Route(R.stream)
  async stream(@Input() { query }: RouteInput<typeof R.stream>, @Req() req: HttpRequest, @Res() res: HttpResponse): Promise<void> {
    const resumeFrom = headerOf(req, 'last-event-id') ?? query.lastEventId;
    const parsed = resumeFrom ? parseCursor(resumeFrom, EVENT_STREAMS) : undefined;
    if (resumeFrom && !parsed) {
      throw new ApiError(400, 'INVALID_REQUEST', 'the request is invalid', [
        { path: 'headers.last-event-id', message: 'expected an event id this stream sent, e.g. TRADES:12,EXECUTIONS:3' },
      ]);
    }
    const cursor = { ...(query.from === 'start' ? this.feed.startCursor() : await this.feed.endCursor()), ...parsed };
    // Events that arrive while the feed is opening wait until the headers are out; a feed that
    // cannot open still answers with a proper error status.
    const early: Array<() => void> = [];
    let streaming = false;
    const send = (name: string, payload: unknown, id?: string) => {
      const write = () => res.write(`${id ? `id: ${id}\n` : ''}event: ${name}\ndata: ${JSON.stringify(payload)}\n\n`);
      if (streaming) write();
      else early.push(write);
    };
    const start = formatCursor(cursor);
    const feed = await this.feed.open(cursor, (event) => {
      cursor[event.stream] = event.seq;
      send(event.name, event.payload, formatCursor(cursor));
    }, query.tradeId);
    res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache', Connection: 'keep-alive', 'X-Accel-Buffering': 'no' });
    res.write(`retry: ${RECONNECT_MS}\nid: ${start}\n\n`);
    streaming = true;
    early.splice(0).forEach((write) => write());
    // A client following one trade gets that trade's events only.
    const current = query.tradeId ? null : this.connection.current();
    if (current) send(SseEventName.CONNECTION, current);
    const stopConnection = query.tradeId ? () => undefined : this.connection.listen((state) => send(SseEventName.CONNECTION, state));
    const stopFeeds = query.tradeId ? () => undefined : this.connection.listenFeeds((state) => send(SseEventName.FEED, state));
    const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), this.config.SSE_KEEPALIVE_MS);
    req.on('close', () => {
      clearInterval(keepAlive);
      stopConnection();
      stopFeeds();
      feed.close();
    });
  }
}

function headerOf(req: HttpRequest, name: string): string | undefined {
  const value = req.headers[name];
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}
