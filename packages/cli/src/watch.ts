import type { CommandContext } from './command';
import { ExitCode, exitCodeOfStatus } from './exit-codes';

/** What to watch: every live event, or one trade's from its start; when to stop. */
export interface WatchOptions {
  since?: string;
  count?: number;
  /** Follow this trade only, from the start of its history. */
  tradeId?: string;
  /** Stop once a trade reaches this state. */
  until?: string;
}

/**
 * Prints the console's events until interrupted, `count` events, or a trade reaching `until`.
 * Reconnects with Last-Event-ID after a dropped connection, so nothing stored is missed.
 */
export async function watch(ctx: CommandContext, { since, count, tradeId, until }: WatchOptions): Promise<ExitCode> {
  const path = tradeId ? `/v1/events?tradeId=${encodeURIComponent(tradeId)}&from=start` : '/v1/events';
  let lastEventId = since;
  let seen = 0;
  const local = new AbortController();
  ctx.signal.addEventListener('abort', () => local.abort());
  while (!ctx.signal.aborted) {
    let res: Response;
    try {
      res = await ctx.client.stream(path, lastEventId, local.signal);
    } catch (error) {
      if (ctx.signal.aborted) return ExitCode.OK;
      ctx.err(`event stream: ${(error as Error).message}; reconnecting`);
      await new Promise((resolve) => setTimeout(resolve, 1000));
      continue;
    }
    if (res.status !== 200 || !res.body) {
      ctx.err(`event stream refused: ${res.status} ${await res.text()}`);
      return exitCodeOfStatus(res.status);
    }
    ctx.err(lastEventId ? `watching events again, after ${lastEventId}` : `watching ${tradeId ? `trade ${tradeId} from its start` : 'live events'}${until ? ` until ${until}` : ''} (Ctrl-C to stop)`);
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      // A reader, not `for await`: leaving a for-await calls return(), which waits on the aborted body.
      const reader = (res.body as ReadableStream<Uint8Array>).getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const frame = parseFrame(buffer.slice(0, end));
          buffer = buffer.slice(end + 2);
          if (frame.id) lastEventId = frame.id;
          if (frame.data === undefined) continue;
          ctx.out(ctx.json ? JSON.stringify({ id: frame.id ?? null, event: frame.event, data: JSON.parse(frame.data) as unknown }) : line(frame.event, frame.data));
          const reached = until !== undefined && frame.event !== 'connection' && (JSON.parse(frame.data) as { to?: string }).to === until;
          if (reached || (count !== undefined && ++seen >= count)) {
            void reader.cancel().catch(() => undefined);
            local.abort();
            return ExitCode.OK;
          }
        }
      }
    } catch (error) {
      if (ctx.signal.aborted) return ExitCode.OK;
      ctx.err(`event stream dropped: ${(error as Error).message}; resuming after ${lastEventId ?? 'start'}`);
    }
  }
  return ExitCode.OK;
}

function parseFrame(text: string): { id?: string; event: string; data?: string } {
  const frame: { id?: string; event: string; data?: string } = { event: 'message' };
  for (const l of text.split('\n')) {
    if (l.startsWith(':')) continue;
    const i = l.indexOf(':');
    const field = i < 0 ? l : l.slice(0, i);
    const value = i < 0 ? '' : l.slice(i + 1).replace(/^ /, '');
    if (field === 'id') frame.id = value;
    if (field === 'event') frame.event = value;
    if (field === 'data') frame.data = value;
  }
  return frame;
}

function line(event: string, data: string): string {
  const d = JSON.parse(data) as { tradeId?: string; from?: string | null; to?: string; type?: string };
  const what = d.tradeId ? `${d.tradeId} ${d.from ?? ''}→${d.to ?? ''} ${d.type ?? ''}` : data;
  return `${event.padEnd(18)} ${what}`;
}
