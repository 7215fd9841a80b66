import { useState } from 'preact/hooks';
import type { EmergencyReport, PositionsView, RiskLimits } from '@arctrigger/contracts';
import { newKey } from '../api';
import { useDesk, useLive } from '../desk';
import { money, timeEt } from '../format';

interface Overview {
  tradingState: { state: string; reason: string; changedBy: string; at: number } | null;
  limits: { version: number; limits: RiskLimits };
}

/** Risk: the trading state, limits beside today's usage, and (admins) the kill switch. */
export function RiskView() {
  const { api, isAdmin } = useDesk();
  const [reason, setReason] = useState('');
  const [note, setNote] = useState<{ ok: boolean; text: string } | null>(null);
  const [confirmingPanic, setConfirmingPanic] = useState(false);
  const [panicReport, setPanicReport] = useState<EmergencyReport | null>(null);
  const data = useLive(async () => {
    const [r, p] = await Promise.all([api.get<Overview>('/v1/risk'), api.get<PositionsView>('/v1/positions')]);
    return r.ok ? { risk: r.body, positions: p.ok ? p.body : null } : undefined;
  }, [], { everyMs: 5_000, events: ['risk-state', 'risk-limits', 'fill'] });
  const setState = async (path: string, body: unknown, label: string) => {
    const r = await api.call<{ current: { state: string } }>('POST', path, body, newKey());
    setNote(r.ok ? { ok: true, text: `${label}: trading is ${r.body.current.state}` } : { ok: false, text: `${label} refused — ${r.code}: ${r.message}` });
    data.reload();
  };
  /** Panic: HALT, cancel every working order, sell every position — only after a second, explicit click. */
  const panic = async () => {
    setConfirmingPanic(false);
    const r = await api.call<EmergencyReport>('POST', '/v1/emergency/panic', { reason: reason || 'panic from the desk' }, newKey());
    setPanicReport(r.ok ? r.body : null);
    setNote(r.ok ? { ok: r.body.steps.every((s) => s.ok), text: 'Panic: done — every step below' } : { ok: false, text: `Panic refused — ${r.code}: ${r.message}` });
    data.reload();
  };
  const v = data.value;
  const state = v?.risk.tradingState?.state ?? 'ACTIVE';
  const limits = v?.risk.limits.limits;
  const open = v?.positions?.positions.filter((p) => p.quantity > 0).length ?? 0;
  return (
    <div class="risk-grid">
      <section class="panel" aria-label="Trading state">
        <h2>Trading state <span class={`badge state-${state}`} data-testid="risk-state">{state}</span></h2>
        {v?.risk.tradingState && (
          <p class="muted">
            {v.risk.tradingState.reason}
            {v.risk.tradingState.changedBy ? ` — ${v.risk.tradingState.changedBy}` : ''}
            {` at ${timeEt(v.risk.tradingState.at)} ET`}
          </p>
        )}
        {isAdmin ? (
          <div class="kill">
            <label for="kill-reason">Reason</label>
            <input id="kill-reason" value={reason} onInput={(e) => setReason(e.currentTarget.value)} placeholder="why" />
            <button type="button" class="danger big" disabled={!reason || state === 'HALTED'} onClick={() => void setState('/v1/risk/kill', { reason }, 'Kill switch')}>
              Kill switch: halt trading
            </button>
            <button type="button" disabled={!reason || state === 'ACTIVE'} onClick={() => void setState('/v1/risk/trading-state', { state: 'ACTIVE', reason }, 'Resume')}>
              Resume trading (ACTIVE)
            </button>
            {confirmingPanic ? (
              <div class="panic-confirm" role="alertdialog" aria-label="Confirm panic">
                <p>Halt trading, cancel every working order and sell every position at market?</p>
                <button type="button" class="danger big" onClick={() => void panic()}>Yes, panic</button>
                <button type="button" onClick={() => setConfirmingPanic(false)}>No</button>
              </div>
            ) : (
              <button type="button" class="danger" title="HALT, cancel every working order, flatten every position" onClick={() => setConfirmingPanic(true)}>
                Panic…
              </button>
            )}
            {note && <p class={note.ok ? 'ok-note' : 'field-error'} role="status">{note.text}</p>}
            {panicReport && (
              <ul class="panic-report" aria-label="Panic report">
                {panicReport.steps.map((s) => (
                  <li key={s.step}>
                    <strong>{s.step}</strong>: {s.ok ? '' : 'FAILED — '}{s.summary}{s.error ? ` (${s.error.code}: ${s.error.message})` : ''}
                    {s.orders.length > 0 && (
                      <ul>
                        {s.orders.map((o, i) => (
                          <li key={`${o.orderRef ?? o.tradeId ?? ''}-${i}`}>
                            {o.orderRef ?? `${o.tradeId ?? ''} (to sell)`} · {o.action} {o.quantity} · {o.outcome}{o.error ? ` — ${o.error.code}: ${o.error.message}` : o.note ? ` — ${o.note}` : ''}
                          </li>
                        ))}
                      </ul>
                    )}
                  </li>
                ))}
              </ul>
            )}
          </div>
        ) : (
          <p class="muted">Only an admin can use the kill switch.</p>
        )}
      </section>
      <section class="panel" aria-label="Limits and usage">
        <h2>Limits <span class="muted small">version {v?.risk.limits.version ?? '—'}</span></h2>
        {limits && (
          <table>
            <tbody>
              <tr><th scope="row">Open positions</th><td class="num">{open} / {limits.maxOpenPositions}</td></tr>
              <tr><th scope="row">Daily loss (total)</th><td class="num">{money(Math.min(0, v?.positions?.today.total ?? 0))} / −{money(limits.dailyTotalLossLimit)}</td></tr>
              <tr><th scope="row">Daily loss (realized)</th><td class="num">{money(Math.min(0, v?.positions?.today.realized ?? 0))} / −{money(limits.dailyRealizedLossLimit)}</td></tr>
              <tr><th scope="row">Contracts per order</th><td class="num">{limits.maxContractsPerOrder}</td></tr>
              <tr><th scope="row">Notional per order</th><td class="num">{money(limits.maxNotionalPerOrder)}</td></tr>
              <tr><th scope="row">Notional per underlying</th><td class="num">{money(limits.maxNotionalPerUnderlying)}</td></tr>
              <tr><th scope="row">Notional per day</th><td class="num">{money(limits.maxNotionalPerDay)}</td></tr>
              <tr><th scope="row">Orders per minute</th><td class="num">{limits.maxOrdersPerMinute}</td></tr>
              <tr><th scope="row">Allowed underlyings</th><td>{limits.allowedUnderlyings?.join(', ') ?? 'any'}</td></tr>
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}
