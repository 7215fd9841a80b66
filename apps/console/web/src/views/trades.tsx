import { useState } from 'preact/hooks';
import type { TradeView } from '@arctrigger/contracts';
import { useDesk, useLive } from '../desk';
import { expiryLabel, money, price, timeEt } from '../format';

const FILTERS: Record<string, string> = {
  active: 'ARMED,SUSPENDED,PREMARKET_HIT,FIRED,SUBMITTING,WORKING,OPEN,PROTECTED,EXITING',
  armed: 'ARMED,SUSPENDED,PREMARKET_HIT',
  open: 'OPEN,PROTECTED,EXITING',
  finished: 'CLOSED,CANCELLED,REJECTED,FAILED',
  all: '',
};

/** Trades with filters (state group, symbol), updated live from trade and fill events. */
export function TradesView() {
  const { api } = useDesk();
  const [filter, setFilter] = useState('all');
  const [symbol, setSymbol] = useState('');
  const trades = useLive(async () => {
    const q = new URLSearchParams({ limit: '500' });
    if (FILTERS[filter]) q.set('state', FILTERS[filter]);
    if (/^[A-Z][A-Z0-9.]{0,9}$/.test(symbol)) q.set('symbol', symbol);
    const r = await api.get<{ trades: TradeView[] }>(`/v1/trades?${q.toString()}`);
    return r.ok ? [...r.body.trades].sort((a, b) => b.updatedAt - a.updatedAt) : undefined;
  }, [filter, symbol], { events: ['trade', 'fill'] });
  return (
    <section class="panel" aria-label="Trades">
      <h2>Trades</h2>
      <div class="row filters">
        <div class="field">
          <label for="f-state">Show</label>
          <select id="f-state" value={filter} onChange={(e) => setFilter(e.currentTarget.value)}>
            {Object.keys(FILTERS).map((f) => <option key={f} value={f}>{f}</option>)}
          </select>
        </div>
        <div class="field">
          <label for="f-symbol">Symbol</label>
          <input id="f-symbol" value={symbol} onInput={(e) => setSymbol(e.currentTarget.value.toUpperCase())} placeholder="any" />
        </div>
      </div>
      <div class="scroll">
        <table>
          <thead>
            <tr>
              <th scope="col">Trade</th><th scope="col">Option</th><th scope="col">State</th><th scope="col">Trigger</th>
              <th scope="col">Qty</th><th scope="col">Entry</th><th scope="col">Exit</th><th scope="col">P&amp;L</th><th scope="col">Updated ET</th>
            </tr>
          </thead>
          <tbody>
            {(trades.value ?? []).map((t) => (
              <tr key={t.tradeId} data-trade={t.tradeId}>
                <td><a href={`#/trades/${t.tradeId}`}>{t.tradeId}</a></td>
                <td>{t.spec.symbol} {expiryLabel(t.spec.expiry)} {t.strike ?? t.spec.strike} {t.spec.right}</td>
                <td><span class={`badge state-${t.state}`} data-testid="trade-state">{t.state}</span></td>
                <td class="num">{price(t.spec.trigger.price)}</td>
                <td class="num">{t.openQuantity}/{t.filledQuantity || t.entryQuantity}</td>
                <td class="num">{price(t.avgEntryPrice)}</td>
                <td class="num">{price(t.avgExitPrice)}</td>
                <td class={`num ${t.realizedPnl < 0 ? 'neg' : t.realizedPnl > 0 ? 'pos' : ''}`}>{money(t.realizedPnl)}</td>
                <td>{timeEt(t.updatedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {trades.value?.length === 0 && <p class="muted">No trades match.</p>}
      </div>
    </section>
  );
}
