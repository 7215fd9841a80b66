/**
 * Where an event stream client is: the last stream sequence it has seen in each JetStream stream.
 * It is the SSE event id (`TRADES:12,EXECUTIONS:3,TRIGGER_EVENTS:40,RISK_EVENTS:2`), so a client
 * that reconnects with `Last-Event-ID` resumes every stream right after what it saw — losslessly.
 */
export type EventCursor = Record<string, number>;

const entry = /^([A-Z][A-Z0-9_]*):(\d{1,15})$/;

export function formatCursor(cursor: EventCursor): string {
  return Object.entries(cursor)
    .map(([stream, seq]) => `${stream}:${seq}`)
    .join(',');
}

/** Parses a cursor naming only known streams; undefined when it is malformed. */
export function parseCursor(text: string, knownStreams: readonly string[]): EventCursor | undefined {
  const cursor: EventCursor = {};
  for (const part of text.split(',')) {
    const m = entry.exec(part.trim());
    if (!m || !knownStreams.includes(m[1] as string)) return undefined;
    cursor[m[1] as string] = Number(m[2]);
  }
  return cursor;
}
