import { useState } from 'preact/hooks';
import type { Watchlist } from '@arctrigger/contracts';
import { newKey } from '../api';
import { useDesk, useLive } from '../desk';
import { expiryLabel, price, timeEt } from '../format';

/**
 * The trader's watch list: add an underlying with expiries and strikes (`ATM ± n` or a list) and
 * see it resolved (options qualified, quotes warm), remove it, resolve all now; each resolved
 * option arms from the list by prefilling the ticket.
 */
export function WatchlistView() {
  const { api, canTrade, setPrefill, navigate } = useDesk();
  const [symbol, setSymbol] = useState('');
  const [expiries, setExpiries] = useState('next');
  const [mode, setMode] = useState<'atm' | 'list'>('atm');
  const [width, setWidth] = useState('2');
  const [strikes, setStrikes] = useState('');
  const [rights, setRights] = useState({ CALL: true, PUT: true });
  const [error, setError] = useState<{ field: string; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const list = useLive(async () => {
    const r = await api.get<Watchlist>('/v1/watchlist');
    return r.ok ? r.body : undefined;
  }, []);
  const [current, setCurrent] = useState<Watchlist | null>(null);
  const shown = current ?? list.value;

  const add = async (e: Event) => {
    e.preventDefault();
    setError(null);
    const entry = {
      symbol: symbol.trim().toUpperCase(),
      expiries: expiries.split(',').map((x) => x.trim().toLowerCase()).filter(Boolean),
      strikes: mode === 'atm' ? { mode, width: Number(width) } : { mode, strikes: strikes.split(',').map((s) => Number(s.trim())) },
      rights: (['CALL', 'PUT'] as const).filter((r) => rights[r]),
    };
    setBusy(true);
    const r = await api.call<Watchlist>('POST', '/v1/watchlist', entry, newKey());
    setBusy(false);
    if (r.ok) {
      setCurrent(r.body);
      setSymbol('');
      return;
    }
    const path = r.issues[0]?.path ?? '';
    const field = r.code === 'STRIKE_NOT_FOUND' || path.includes('strikes') ? 'strikes' : r.code === 'EXPIRY_NOT_FOUND' || path.includes('expiries') ? 'expiries' : 'symbol';
    setError({ field, text: r.issues.length ? r.issues.map((i) => `${i.path}: ${i.message}`).join('; ') : `${r.code}: ${r.message}` });
  };
  const remove = async (s: string) => {
    const r = await api.call<Watchlist>('DELETE', `/v1/watchlist/${s}`);
    if (r.ok) setCurrent(r.body);
  };
  const resolveNow = async () => {
    setBusy(true);
    const r = await api.call<Watchlist>('POST', '/v1/watchlist/resolve');
    setBusy(false);
    if (r.ok) setCurrent(r.body);
  };
  const errorFor = (field: string) =>
    error?.field === field ? (
      <p id={`wl-err-${field}`} class="field-error" role="alert">
        {error.text}
      </p>
    ) : null;

  return (
    <section class="panel" aria-label="Watch list">
      <h2>Watch list</h2>
      <p class="muted small">
        Resolved before the open{shown?.nextResolveAt ? ` (next ${timeEt(shown.nextResolveAt)} ET)` : ''} and when you add or ask: options qualified, chain and tick rules fetched, quotes warm — arming from here looks nothing up.
      </p>
      {canTrade && (
        <form class="wl-form" onSubmit={(e) => void add(e)} noValidate>
          <div class="field">
            <label for="wl-symbol">Symbol</label>
            <input id="wl-symbol" value={symbol} onInput={(e) => setSymbol(e.currentTarget.value.toUpperCase())} aria-describedby="wl-err-symbol" />
            {errorFor('symbol')}
          </div>
          <div class="field">
            <label for="wl-expiries">Expiries</label>
            <input id="wl-expiries" value={expiries} onInput={(e) => setExpiries(e.currentTarget.value)} placeholder="next, 20261127" aria-describedby="wl-err-expiries" />
            {errorFor('expiries')}
          </div>
          <fieldset class="segmented">
            <legend>Strikes</legend>
            <label><input type="radio" name="wl-mode" checked={mode === 'atm'} onChange={() => setMode('atm')} /> ATM ±</label>
            <label><input type="radio" name="wl-mode" checked={mode === 'list'} onChange={() => setMode('list')} /> list</label>
          </fieldset>
          <div class="field">
            {mode === 'atm' ? (
              <>
                <label for="wl-width">Strikes each side</label>
                <input id="wl-width" inputMode="numeric" value={width} onInput={(e) => setWidth(e.currentTarget.value)} aria-describedby="wl-err-strikes" />
              </>
            ) : (
              <>
                <label for="wl-strikes">Strikes</label>
                <input id="wl-strikes" value={strikes} onInput={(e) => setStrikes(e.currentTarget.value)} placeholder="230, 232.5" aria-describedby="wl-err-strikes" />
              </>
            )}
            {errorFor('strikes')}
          </div>
          <fieldset class="segmented">
            <legend>Rights</legend>
            {(['CALL', 'PUT'] as const).map((r) => (
              <label key={r}>
                <input type="checkbox" checked={rights[r]} onChange={(e) => setRights({ ...rights, [r]: e.currentTarget.checked })} /> {r}
              </label>
            ))}
          </fieldset>
          <button type="submit" class="primary" disabled={busy || !symbol}>Add</button>
          <button type="button" onClick={() => void resolveNow()} disabled={busy}>Resolve all now</button>
        </form>
      )}
      {shown?.entries.length === 0 && <p class="muted">The watch list is empty.</p>}
      {shown?.entries.map((e) => (
        <article key={e.spec.symbol} class="wl-entry" data-symbol={e.spec.symbol}>
          <header>
            <strong>{e.spec.symbol}</strong>{' '}
            <span class={`badge ${e.resolution.status}`} data-testid="wl-status">{e.resolution.status}</span>{' '}
            <span class="muted small">
              {e.spec.expiries.join(', ')} · {e.spec.strikes.mode === 'atm' ? `ATM ± ${e.spec.strikes.width}` : e.spec.strikes.strikes.join(', ')} · {e.spec.rights.join('/')}
              {e.resolution.at ? ` · resolved ${timeEt(e.resolution.at)} ET` : ''}
              {e.resolution.price !== null ? ` at ${price(e.resolution.price)}` : ''}
            </span>
            {canTrade && (
              <button type="button" class="link" onClick={() => void remove(e.spec.symbol)} aria-label={`Remove ${e.spec.symbol}`}>
                remove
              </button>
            )}
          </header>
          {e.resolution.error && <p class="field-error">{e.resolution.error.code}: {e.resolution.error.message}</p>}
          <ul class="wl-options">
            {e.resolution.options.map((o) => (
              <li key={o.conId}>
                <span>{expiryLabel(o.expiry)} {o.strike} {o.right}</span>
                {canTrade && (
                  <button
                    type="button"
                    onClick={() => {
                      setPrefill({ symbol: e.spec.symbol, expiry: o.expiry, strike: o.strike, right: o.right });
                      navigate('desk');
                    }}
                    aria-label={`Arm ${e.spec.symbol} ${o.expiry} ${o.strike} ${o.right}`}
                  >
                    Arm
                  </button>
                )}
              </li>
            ))}
          </ul>
        </article>
      ))}
    </section>
  );
}
