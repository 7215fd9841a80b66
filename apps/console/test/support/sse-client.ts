/** One server-sent event as a client sees it. */
export interface SseMessage {
  id: string | undefined;
  event: string;
  data: unknown;
}

/**
 * A minimal EventSource over fetch for tests: collects events, lets a test await the next N, and
 * remembers the last event id like a browser does (including ids sent without data).
 */
export class SseClient {
  readonly events: SseMessage[] = [];
  lastEventId: string | undefined;
  private readonly controller = new AbortController();
  private waiters: Array<() => void> = [];

  static async connect(url: string, headers: Record<string, string>): Promise<SseClient> {
    const client = new SseClient();
    const res = await fetch(url, { headers, signal: client.controller.signal });
    if (res.status !== 200 || !res.body) throw new Error(`event stream answered ${res.status}`);
    void client.read(res.body);
    return client;
  }

  /** The first `count` events `which` selects (every event by default), once that many arrived. */
  async waitForCount(count: number, timeoutMs = 10_000, which: (m: SseMessage) => boolean = () => true): Promise<SseMessage[]> {
    const deadline = setTimeout(() => this.waiters.forEach((w) => w()), timeoutMs);
    const selected = () => this.events.filter(which);
    try {
      while (selected().length < count) {
        const before = this.events.length;
        await new Promise<void>((resolve) => this.waiters.push(resolve));
        if (this.events.length === before) throw new Error(`timed out with ${selected().length} of ${count} events`);
      }
      return selected().slice(0, count);
    } finally {
      clearTimeout(deadline);
    }
  }

  close(): void {
    this.controller.abort();
  }

  private async read(body: ReadableStream<Uint8Array>): Promise<void> {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          this.frame(buffer.slice(0, end));
          buffer = buffer.slice(end + 2);
        }
      }
    } catch {
      // aborted by close()
    }
  }

  private frame(text: string): void {
    let event = 'message';
    let data: string | undefined;
    for (const line of text.split('\n')) {
      if (line.startsWith(':')) continue;
      const [field, ...rest] = line.split(':');
      const value = rest.join(':').replace(/^ /, '');
      if (field === 'id') this.lastEventId = value;
      if (field === 'event') event = value;
      if (field === 'data') data = value;
    }
    if (data === undefined) return;
    this.events.push({ id: this.lastEventId, event, data: JSON.parse(data) });
    const waiters = this.waiters;
    this.waiters = [];
    waiters.forEach((w) => w());
  }
}
