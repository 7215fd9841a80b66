import { useState } from 'preact/hooks';
import type { TradeView } from '@arctrigger/contracts';
import { newKey } from '../api';
import { useDesk } from '../desk';

const HOLDING = new Set(['OPEN', 'PROTECTED']);
const FINISHED = new Set(['CLOSED', 'CANCELLED', 'REJECTED', 'FAILED']);
const CANCELLABLE = new Set(['ARMED', 'SUSPENDED', 'PREMARKET_HIT']);

/**
 * What a trader can do to a trade in its state: breakeven, take-profit 10/20/50 %, flatten (a
 * position); modify the trigger and cancel (armed); reset (finished). Each call carries its own
 * idempotency key; the answer or the refusal is said beside the buttons. Viewers see none of it.
 */
export function TradeActions({ trade, compact = false }: { trade: TradeView; compact?: boolean }) {
  const { api, canTrade } = useDesk();
  const [note, setNote] = useState<{ ok: boolean; text: string } | null>(null);
  const [trigger, setTrigger] = useState('');
  if (!canTrade) return null;
  const act = async (label: string, path: string, body?: unknown, method = 'POST') => {
    setNote(null);
    const r = await api.call<TradeView>(method, `/v1/trades/${trade.tradeId}${path}`, body, newKey());
    setNote(r.ok ? { ok: true, text: `${label}: ${r.body.tradeId} ${r.body.state}` } : { ok: false, text: `${label} refused — ${r.code}: ${r.message}` });
  };
  const holding = HOLDING.has(trade.state) && trade.openQuantity > 0;
  return (
    <div class="actions" role="group" aria-label={`Actions for ${trade.tradeId}`}>
      {holding && (
        <>
          <button type="button" onClick={() => void act('Breakeven', '/breakeven')}>Breakeven</button>
          {[10, 20, 50].map((p) => (
            <button type="button" key={p} onClick={() => void act(`Take profit ${p}%`, '/take-profit', { percent: p })}>
              TP {p}%
            </button>
          ))}
          <button type="button" class="danger" onClick={() => void act('Flatten', '/flatten')}>Flatten</button>
        </>
      )}
      {CANCELLABLE.has(trade.state) && (
        <>
          {!compact && (
            <span class="inline-field">
              <label for={`mod-${trade.tradeId}`}>New trigger</label>
              <input id={`mod-${trade.tradeId}`} inputMode="decimal" size={8} value={trigger} onInput={(e) => setTrigger(e.currentTarget.value)} />
              <button type="button" disabled={!trigger} onClick={() => void act('Modify', '', { triggerPrice: Number(trigger) }, 'PATCH')}>Modify</button>
            </span>
          )}
          <button type="button" class="danger" onClick={() => void act('Cancel', '/cancel')}>Cancel</button>
        </>
      )}
      {FINISHED.has(trade.state) && !compact && (
        <span class="inline-field">
          <label for={`reset-${trade.tradeId}`}>Reset at trigger</label>
          <input id={`reset-${trade.tradeId}`} inputMode="decimal" size={8} value={trigger} onInput={(e) => setTrigger(e.currentTarget.value)} placeholder={String(trade.spec.trigger.price)} />
          <button type="button" onClick={() => void act('Reset', '/reset', trigger ? { triggerPrice: Number(trigger) } : {})}>Reset</button>
        </span>
      )}
      {note && (
        <span class={note.ok ? 'ok-note' : 'field-error'} role="status">
          {note.text}
        </span>
      )}
    </div>
  );
}
