import { TradeEvent, TradeEventEnvelope } from '@arctrigger/contracts';
import { decodeJson, fieldIssues } from '@arctrigger/service-kit';
import { InvalidTradeHistoryError } from '../errors';

export type StoredTradeEvent = { ok: true; event: TradeEvent } | { ok: false; tradeId: string; error: InvalidTradeHistoryError };

/**
 * One TRADES message read back (a start's replay, a trade's history): the event validated against
 * its type's facts, or why the trade it belongs to must be set aside.
 */
export function readStoredTradeEvent(data: Uint8Array, subject: string, streamSeq: number): StoredTradeEvent {
  const decoded = decodeJson(data);
  const envelope = decoded.ok ? TradeEventEnvelope.safeParse(decoded.value) : undefined;
  const tradeId = envelope?.success ? envelope.data.tradeId : subject.split('.').pop()!;
  const parsed = decoded.ok ? TradeEvent.safeParse(decoded.value) : undefined;
  if (parsed?.success) return { ok: true, event: parsed.data };
  const problems = !decoded.ok ? 'not JSON' : fieldIssues(parsed!.error).map((i) => `${i.path}: ${i.message}`).join('; ');
  const e = envelope?.success ? envelope.data : undefined;
  return { ok: false, tradeId, error: new InvalidTradeHistoryError(tradeId, e?.eventId ?? `${tradeId}:?`, e?.type ?? '?', streamSeq, problems) };
}
