import { useState } from 'preact/hooks';
import type { TradeView } from '@arctrigger/contracts';
import { newKey } from '../api';
import { useDesk, useLive, useNow } from '../desk';
import { countdown, price } from '../format';

/**
 * Trades under the `ask` premarket policy whose trigger was hit before the open wait for the
 * trader: rebase (trigger to the premarket extreme, optionally ATM), hold (re-check at the open) or
 * cancel, before the deadline (then the order-service cancels).
 */
export function PremarketPrompt() {
  const { api, canTrade } = useDesk();
  const now = useNow();
  const [note, setNote] = useState<string | null>(null);
  const waiting = useLive(async () => {
    const r = await api.get<{ trades: TradeView[] }>('/v1/trades?state=PREMARKET_HIT');
    return r.ok ? r.body.trades.filter((t) => t.spec.premarketPolicy === 'ask' && t.premarket?.decisionDeadline) : undefined;
  }, [], { events: ['premarket-decision', 'trade'] });
  const trade = waiting.value?.[0];
  if (!trade || !canTrade) return null;
  const decide = async (decision: 'rebase' | 'hold' | 'cancel', atmStrike = false) => {
    const r = await api.call('POST', `/v1/trades/${trade.tradeId}/premarket-decision`, { decision, atmStrike }, newKey());
    setNote(r.ok ? null : `${r.code}: ${r.message}`);
    waiting.reload();
  };
  const left = (trade.premarket!.decisionDeadline ?? now) - now;
  return (
    <div class="modal" role="dialog" aria-modal="true" aria-labelledby="pm-title">
      <section class="panel">
        <h2 id="pm-title">Premarket hit: {trade.tradeId}</h2>
        <p>
          {trade.spec.symbol} traded {price(trade.premarket!.price)} ({trade.spec.right === 'CALL' ? 'above' : 'below'} the trigger {price(trade.spec.trigger.price)}) before the open.
          Decide within <strong>{countdown(left)}</strong>, or it is cancelled.
        </p>
        <div class="actions">
          <button type="button" class="primary" onClick={() => void decide('rebase')}>Rebase</button>
          <button type="button" onClick={() => void decide('rebase', true)}>Rebase ATM</button>
          <button type="button" onClick={() => void decide('hold')}>Hold to the open</button>
          <button type="button" class="danger" onClick={() => void decide('cancel')}>Cancel</button>
        </div>
        {note && <p class="field-error" role="alert">{note}</p>}
      </section>
    </div>
  );
}
