import type { PositionsView as Positions, TradeView } from '@arctrigger/contracts';
import { useDesk, useLive } from '../desk';
import { money, price } from '../format';
import { TradeActions } from './trade-actions';

/**
 * Positions from the risk-service (quantity, average cost, mid, P&L, greeks, stale flag) beside
 * the trades they belong to, with breakeven, take-profit 10/20/50 % and flatten. A position no
 * ArcTrigger trade explains is flagged external.
 */
export function PositionsView() {
  const { api } = useDesk();
  const data = useLive(async () => {
    const [p, t] = await Promise.all([api.get<Positions>('/v1/positions?includeFlat=true'), api.get<{ trades: TradeView[] }>('/v1/trades?limit=500')]);
    if (!p.ok) return undefined;
    return { positions: p.body, trades: new Map((t.ok ? t.body.trades : []).map((x) => [x.tradeId as string, x])) };
  }, [], { everyMs: 2_000, events: ['trade', 'fill'] });
  const v = data.value;
  return (
    <section class="panel" aria-label="Positions">
      <h2>Positions</h2>
      {v && (
        <p class="summary">
          Today: realized <strong class={v.positions.today.realized < 0 ? 'neg' : 'pos'}>{money(v.positions.today.realized)}</strong> · unrealized{' '}
          <strong>{money(v.positions.today.unrealized)}</strong> · total <strong data-testid="pnl-total">{money(v.positions.today.total)}</strong>
        </p>
      )}
      <div class="scroll">
        <table>
          <thead>
            <tr>
              <th scope="col">Trade</th><th scope="col">Underlying</th><th scope="col">Qty</th><th scope="col">Avg cost</th><th scope="col">Mid</th>
              <th scope="col">Unrealized</th><th scope="col">Realized</th><th scope="col">Δ</th><th scope="col">Γ</th><th scope="col">Θ</th><th scope="col">Vega</th><th scope="col">IV</th>
              <th scope="col">Quote</th><th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {(v?.positions.positions ?? []).map((p) => {
              const trade = v?.trades.get(p.tradeId);
              const g = p.greeks;
              return (
                <tr key={p.tradeId} data-trade={p.tradeId}>
                  <td>
                    <a href={`#/trades/${p.tradeId}`}>{p.tradeId}</a>
                    {!trade && <span class="badge warn" title="No ArcTrigger trade explains this position">external</span>}
                  </td>
                  <td>{p.underlying ?? '—'}</td>
                  <td class="num" data-testid="position-qty">{p.quantity}</td>
                  <td class="num">{price(p.averageCost)}</td>
                  <td class="num">{price(p.mid)}</td>
                  <td class={`num ${(p.unrealizedPnl ?? 0) < 0 ? 'neg' : 'pos'}`}>{money(p.unrealizedPnl)}</td>
                  <td class={`num ${p.realizedPnl < 0 ? 'neg' : 'pos'}`} data-testid="position-realized">{money(p.realizedPnl)}</td>
                  <td class="num">{price(g?.delta ?? null)}</td>
                  <td class="num">{price(g?.gamma ?? null, 3)}</td>
                  <td class="num">{price(g?.theta ?? null)}</td>
                  <td class="num">{price(g?.vega ?? null)}</td>
                  <td class="num">{g?.impliedVol != null ? `${(g.impliedVol * 100).toFixed(0)}%` : '—'}</td>
                  <td>{p.stale ? <span class="badge warn">stale</span> : <span class="badge ok">live</span>}</td>
                  <td>{trade && <TradeActions trade={trade} compact />}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
        {v?.positions.positions.length === 0 && <p class="muted">No positions today.</p>}
      </div>
    </section>
  );
}
