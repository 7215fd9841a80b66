import type { TradeEvent, TradeView, TriggerView } from '@arctrigger/contracts';
import { useDesk, useLive } from '../desk';
import { expiryLabel, money, price, timeEt } from '../format';
import { TradeActions } from './trade-actions';

interface Hop {
  label: string;
  at: number | null;
}

/**
 * The tick-to-fill path of a trade's entry: the tick that crossed the trigger (as the trigger
 * recorded it), fired, submitted, acknowledged by the broker, first fill — each with the time
 * since the hop before.
 */
function latencyHops(events: TradeEvent[], entryTrigger: TriggerView | undefined): Hop[] {
  const first = (...types: string[]) => events.find((e) => types.includes(e.type))?.at ?? null;
  return [
    { label: 'tick', at: entryTrigger?.firedBy?.receivedAt ?? null },
    { label: 'fired', at: first('fired') },
    { label: 'submitted', at: first('submitting') },
    { label: 'acknowledged', at: first('accepted') },
    { label: 'filled', at: first('partially-filled', 'filled') },
  ];
}

/** One trade: its state and numbers, actions, the tick-to-fill latency and its whole event history. */
export function TradePage({ tradeId }: { tradeId: string }) {
  const { api } = useDesk();
  const data = useLive(async () => {
    const [t, w] = await Promise.all([
      api.get<{ trade: TradeView; events: TradeEvent[] }>(`/v1/trades/${encodeURIComponent(tradeId)}`),
      api.get<{ triggers: TriggerView[] }>(`/v1/watchers?tradeId=${encodeURIComponent(tradeId)}&includeFinished=true`),
    ]);
    if (!t.ok) return { error: `${t.code}: ${t.message}` };
    return { ...t.body, triggers: w.ok ? w.body.triggers : [] };
  }, [tradeId], { events: ['trade', 'fill', 'trigger'] });
  const v = data.value;
  if (!v) return <section class="panel"><p>Loading {tradeId}…</p></section>;
  if ('error' in v) return <section class="panel"><p class="field-error" role="alert">{v.error}</p></section>;
  const { trade, events } = v;
  const hops = latencyHops(events, v.triggers.find((t) => t.owner.purpose === 'entry'));
  return (
    <div class="trade-page">
      <section class="panel" aria-label={`Trade ${trade.tradeId}`}>
        <p><a href="#/trades">← Trades</a></p>
        <h2>
          {trade.tradeId} <span class={`badge state-${trade.state}`} data-testid="trade-page-state">{trade.state}</span>
        </h2>
        <dl class="facts">
          <dt>Option</dt><dd>{trade.spec.symbol} {expiryLabel(trade.spec.expiry)} {trade.strike ?? trade.spec.strike} {trade.spec.right}</dd>
          <dt>Trigger</dt><dd>{trade.spec.trigger.source} {trade.spec.right === 'CALL' ? '>' : '<'} {price(trade.spec.trigger.price)}</dd>
          <dt>Stop level</dt><dd>{price(trade.stopLevel)}</dd>
          <dt>Quantity</dt><dd>{trade.openQuantity} open of {trade.filledQuantity} filled ({trade.entryQuantity} ordered)</dd>
          <dt>Entry / exit</dt><dd>{price(trade.avgEntryPrice)} / {price(trade.avgExitPrice)}</dd>
          <dt>Realized P&amp;L</dt><dd data-testid="trade-pnl" class={trade.realizedPnl < 0 ? 'neg' : 'pos'}>{money(trade.realizedPnl)}</dd>
          {trade.reason && (<><dt>Reason</dt><dd>{trade.reason}</dd></>)}
        </dl>
        <TradeActions trade={trade} />
      </section>
      <section class="panel" aria-label="Latency">
        <h3>Tick to fill</h3>
        <ol class="latency">
          {hops.map((h, i) => {
            const prev = hops.slice(0, i).reverse().find((p) => p.at !== null);
            return (
              <li key={h.label}>
                <strong>{h.label}</strong> <span>{h.at ? timeEt(h.at) : '—'}</span>
                {h.at && prev?.at ? <span class="muted"> +{h.at - prev.at} ms</span> : null}
              </li>
            );
          })}
        </ol>
      </section>
      <section class="panel" aria-label="History">
        <h3>History</h3>
        <div class="scroll">
          <table>
            <thead><tr><th scope="col">#</th><th scope="col">ET</th><th scope="col">Event</th><th scope="col">State</th><th scope="col">Detail</th></tr></thead>
            <tbody>
              {events.map((e) => (
                <tr key={e.eventId}>
                  <td>{e.seq}</td>
                  <td>{timeEt(e.at)}.{String(e.at % 1000).padStart(3, '0')}</td>
                  <td>{e.type}</td>
                  <td>{e.from ?? '—'} → {e.to}</td>
                  <td class="detail">{Object.entries(e.detail).filter(([k]) => k !== 'traceparent').map(([k, val]) => `${k}: ${typeof val === 'object' ? JSON.stringify(val) : String(val)}`).join(' · ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </div>
  );
}
