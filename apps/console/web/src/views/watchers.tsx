import type { TradeView, TriggerView } from '@arctrigger/contracts';
import { useDesk, useLive } from '../desk';
import { pct, price } from '../format';

const PURPOSE: Record<string, string> = { entry: 'entry', stop: 'stop', 'take-profit': 'take-profit' };

/**
 * Every armed trigger and stop with its level, the live price of its source, the distance to go in
 * percent and its status: refreshed on every trigger and trade event, and every second for prices.
 */
export function Watchers() {
  const { api, setSymbol } = useDesk();
  const watchers = useLive(async () => {
    const [w, t] = await Promise.all([api.get<{ triggers: TriggerView[] }>('/v1/watchers'), api.get<{ trades: TradeView[] }>('/v1/trades?limit=500')]);
    if (!w.ok) return undefined;
    const trades = new Map((t.ok ? t.body.trades : []).map((x) => [x.tradeId as string, x]));
    return w.body.triggers.map((trigger) => ({ trigger, trade: trades.get(trigger.owner.tradeId) }));
  }, [], { everyMs: 1_000, events: ['trigger', 'trade'] });
  const rows = watchers.value ?? [];
  return (
    <section class="panel watchers" aria-label="Watchers">
      <h2>Watchers <span class="muted small">{rows.length} armed</span></h2>
      {rows.length === 0 ? (
        <p class="muted">Nothing armed.</p>
      ) : (
        <div class="scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">Trade</th>
                <th scope="col">Kind</th>
                <th scope="col">Symbol</th>
                <th scope="col">Level</th>
                <th scope="col">Last</th>
                <th scope="col">To go</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {rows.map(({ trigger: t, trade }) => {
                const distance = t.lastPrice ? ((t.level - t.lastPrice) / t.lastPrice) * 100 : null;
                return (
                  <tr key={t.triggerId} data-trade={t.owner.tradeId} data-purpose={t.owner.purpose}>
                    <td><a href={`#/trades/${t.owner.tradeId}`}>{t.owner.tradeId}</a></td>
                    <td>{PURPOSE[t.owner.purpose]} {t.direction === 'above' ? '↑' : '↓'}</td>
                    <td>
                      {trade ? (
                        <button type="button" class="link" onClick={() => setSymbol(trade.spec.symbol)}>
                          {trade.spec.symbol} {trade.spec.right[0]}{trade.strike ?? ''}
                        </button>
                      ) : '—'}
                    </td>
                    <td class="num">{price(t.level)}</td>
                    <td class="num" data-testid="watcher-last">{price(t.lastPrice)}</td>
                    <td class="num">{pct(distance)}</td>
                    <td><span class={`badge ${t.status}`}>{t.status}</span></td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
