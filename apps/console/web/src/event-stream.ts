export type StreamState = 'connecting' | 'live' | 'reconnecting';
export type EventHandler = (name: string, data: unknown) => void;

/** The event names the console sends on `/v1/events`. */
export const EVENT_NAMES = ['trade', 'premarket-decision', 'fill', 'trigger', 'risk-state', 'risk-limits', 'position-mismatch', 'alert', 'connection', 'feed'] as const;

/**
 * `GET /v1/events` as an EventSource that never loses an event: it remembers the id of the last
 * stored event it saw and, whenever the connection drops (the console restarts, the network goes),
 * opens a new one from there (`lastEventId`), so the console replays what happened in between.
 */
export class EventStream {
  private source: EventSource | undefined;
  private lastId: string | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private closed = false;
  /** How many times the stream was opened again after a drop (read by the browser tests). */
  reconnects = 0;
  /** The latest events as received, id and name (a diagnostic the browser tests read). */
  readonly log: Array<{ id: string | undefined; name: string; data: unknown }> = [];

  constructor(
    private readonly token: string,
    private readonly onEvent: EventHandler,
    private readonly onState: (state: StreamState) => void,
  ) {}

  open(): void {
    const q = new URLSearchParams({ access_token: this.token });
    if (this.lastId) q.set('lastEventId', this.lastId);
    const source = new EventSource(`/v1/events?${q.toString()}`);
    this.source = source;
    source.onopen = () => this.onState('live');
    source.onerror = () => {
      // The browser retries on its own only while it gets no answer; take over so the resume point is ours.
      source.close();
      if (this.closed) return;
      this.onState('reconnecting');
      this.timer = setTimeout(() => {
        this.reconnects++;
        this.open();
      }, 1_000);
    };
    for (const name of EVENT_NAMES) {
      source.addEventListener(name, (e) => {
        const m = e as MessageEvent<string>;
        if (m.lastEventId) this.lastId = m.lastEventId;
        try {
          const data: unknown = JSON.parse(m.data);
          this.log.push({ id: m.lastEventId || undefined, name, data });
          if (this.log.length > 500) this.log.shift();
          this.onEvent(name, data);
        } catch {
          // a malformed frame is skipped; the next one carries the cursor on
        }
      });
    }
    // The first frame carries only the starting cursor.
    source.addEventListener('message', (e) => {
      const m = e as MessageEvent<string>;
      if (m.lastEventId) this.lastId = m.lastEventId;
    });
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
    this.source?.close();
  }
}
