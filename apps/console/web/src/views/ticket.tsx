import { useEffect, useMemo, useState } from 'preact/hooks';
import type { MarketTick, OptionChain, TradeView } from '@arctrigger/contracts';
import { newKey, type FieldIssue } from '../api';
import { useDesk, useLive } from '../desk';
import { expiryLabel, money, price } from '../format';

type Right = 'CALL' | 'PUT';
type Field = 'symbol' | 'expiry' | 'strike' | 'trigger' | 'size' | 'entry' | 'stop' | 'tp' | 'form';
interface Quote {
  quote: MarketTick;
}
interface StrikeRow {
  strike: number;
  bid: number | null;
  ask: number | null;
  delta: number | null;
  iv: number | null;
}

/** Rows of the strike table each side of the money. */
const STRIKES_EACH_SIDE = 3;

/** Where a console field path or refusal code belongs on the ticket. */
function fieldOf(issue: FieldIssue | { code: string }): Field {
  if ('path' in issue) {
    const p = issue.path.replace(/^body\.?/, '');
    if (p.startsWith('trigger')) return 'trigger';
    if (p.startsWith('size')) return 'size';
    if (p.startsWith('entry')) return 'entry';
    if (p.startsWith('stopLoss')) return 'stop';
    if (p.startsWith('takeProfit')) return 'tp';
    if (p === 'strike' || p === 'expiry' || p === 'symbol') return p;
    return 'form';
  }
  const c = issue.code;
  if (['NOT_A_BREAKOUT', 'ALREADY_MET', 'NO_UNDERLYING_PRICE'].includes(c)) return 'trigger';
  if (c === 'STRIKE_NOT_FOUND') return 'strike';
  if (c === 'EXPIRY_NOT_FOUND') return 'expiry';
  if (c === 'CONTRACT_NOT_FOUND' || c === 'CONTRACT_AMBIGUOUS') return 'symbol';
  if (/QUANTITY|CONTRACTS|NOTIONAL|BUDGET|SIZE/.test(c)) return 'size';
  return 'form';
}

/**
 * The trade ticket: symbol with live price → expiry → strike from the chain with bid/ask/greeks →
 * trigger and its source → size by budget or contracts (computed quantity and worst-case cost) →
 * LMT offset or MKT → stop offset (stop level) → take-profit and premarket policy → arm, with an
 * idempotency key per ticket (a double click or a retry arms once). The console's field errors and
 * refusals are shown next to the field they are about.
 */
export function Ticket() {
  const desk = useDesk();
  const { api, canTrade, prefill } = desk;
  const [symbol, setSymbolText] = useState(desk.symbol);
  const [matches, setMatches] = useState<string[]>([]);
  const [right, setRight] = useState<Right>('CALL');
  const [expiry, setExpiry] = useState('');
  const [strike, setStrike] = useState<number | null>(null);
  const [trigger, setTrigger] = useState('');
  const [source, setSource] = useState('last');
  const [sizeBy, setSizeBy] = useState<'budget' | 'contracts'>('budget');
  const [budget, setBudget] = useState('2000');
  const [contracts, setContracts] = useState('1');
  const [entryType, setEntryType] = useState<'LMT' | 'MKT'>('LMT');
  const [offset, setOffset] = useState('0.05');
  const [stopOn, setStopOn] = useState(true);
  const [stopOffset, setStopOffset] = useState('1.00');
  const [tp, setTp] = useState('');
  const [policy, setPolicy] = useState('hold');
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [key, setKey] = useState(newKey());
  const [busy, setBusy] = useState(false);
  const [armed, setArmed] = useState<TradeView | null>(null);

  useEffect(() => {
    if (!prefill) return;
    setSymbolText(prefill.symbol);
    desk.setSymbol(prefill.symbol);
    if (prefill.right) setRight(prefill.right);
    if (prefill.expiry) setExpiry(prefill.expiry);
    if (prefill.strike !== undefined) setStrike(prefill.strike);
    desk.setPrefill(null);
  }, [prefill]);

  const chosen = desk.symbol;
  const under = useLive(async () => {
    const r = await api.get<Quote>(`/v1/market/quote?symbol=${encodeURIComponent(chosen)}`);
    return r.ok ? r.body.quote : undefined;
  }, [chosen], { everyMs: 2_000 });
  const chain = useLive(async () => {
    const r = await api.get<OptionChain>(`/v1/market/chain?symbol=${encodeURIComponent(chosen)}`);
    if (!r.ok) setErrors((e) => ({ ...e, symbol: `${r.code}: ${r.message}` }));
    return r.ok ? r.body : undefined;
  }, [chosen]);
  const expiries = chain.value?.symbol === chosen ? chain.value.expiries.filter((e) => e.strikes.length > 0) : [];
  useEffect(() => {
    if (expiries.length > 0 && !expiries.some((e) => e.expiry === expiry)) setExpiry(expiries[0]!.expiry);
  }, [chain.value]);

  const last = under.value?.last ?? null;
  const allStrikes = expiries.find((e) => e.expiry === expiry)?.strikes ?? [];
  const nearStrikes = useMemo(() => {
    if (allStrikes.length === 0) return [];
    const ref = last ?? allStrikes[Math.floor(allStrikes.length / 2)]!;
    let centre = 0;
    allStrikes.forEach((s, i) => Math.abs(s - ref) < Math.abs(allStrikes[centre]! - ref) && (centre = i));
    return allStrikes.slice(Math.max(0, centre - STRIKES_EACH_SIDE), centre + STRIKES_EACH_SIDE + 1);
  }, [allStrikes.join(','), last === null]);
  const rows = useLive(async () => {
    if (nearStrikes.length === 0) return [] as StrikeRow[];
    return Promise.all(
      nearStrikes.map(async (s): Promise<StrikeRow> => {
        const r = await api.get<Quote>(`/v1/market/quote?symbol=${chosen}&expiry=${expiry}&strike=${s}&right=${right}`);
        const q = r.ok ? r.body.quote : null;
        return { strike: s, bid: q?.bid ?? null, ask: q?.ask ?? null, delta: q?.greeks?.delta ?? null, iv: q?.greeks?.impliedVol ?? null };
      }),
    );
  }, [chosen, expiry, right, nearStrikes.join(',')], { everyMs: 10_000 });
  useEffect(() => {
    if (strike === null && nearStrikes.length > 0 && last !== null) {
      setStrike(nearStrikes.reduce((b, s) => (Math.abs(s - last) < Math.abs(b - last) ? s : b), nearStrikes[0]!));
    }
  }, [nearStrikes.join(','), last]);

  const row = rows.value?.find((r) => r.strike === strike);
  const limit = row?.ask != null ? (entryType === 'LMT' ? Math.round((row.ask + Number(offset || 0)) * 100) / 100 : row.ask) : null;
  const qty = sizeBy === 'contracts' ? Math.floor(Number(contracts) || 0) : limit ? Math.floor(Number(budget) / (limit * 100)) : null;
  const worstCost = qty !== null && limit !== null ? qty * limit * 100 : null;
  const triggerNum = Number(trigger);
  const stopLevel = stopOn && trigger && Number(stopOffset) > 0 ? Math.round((right === 'CALL' ? triggerNum - Number(stopOffset) : triggerNum + Number(stopOffset)) * 100) / 100 : null;

  const search = async (text: string) => {
    setSymbolText(text.toUpperCase());
    if (text.trim().length < 1) return;
    const r = await api.get<{ matches: Array<{ symbol: string; secType: string }> }>(`/v1/market/symbols?q=${encodeURIComponent(text.trim())}`);
    if (r.ok) setMatches([...new Set(r.body.matches.filter((m) => m.secType === 'STK').map((m) => m.symbol))]);
  };
  const chooseSymbol = () => {
    const s = symbol.trim().toUpperCase();
    if (!s || s === desk.symbol) return;
    setErrors({});
    setStrike(null);
    setExpiry('');
    desk.setSymbol(s);
  };

  const arm = async (e: Event) => {
    e.preventDefault();
    setErrors({});
    setArmed(null);
    const missing: Partial<Record<Field, string>> = {};
    if (!expiry) missing.expiry = 'choose an expiry';
    if (strike === null) missing.strike = 'choose a strike';
    if (!trigger || !Number.isFinite(triggerNum)) missing.trigger = 'give a trigger price';
    if (Object.keys(missing).length > 0) return setErrors(missing);
    const body = {
      symbol: chosen,
      right,
      expiry,
      strike,
      trigger: { price: triggerNum, source },
      size: sizeBy === 'budget' ? { by: 'budget', dollars: Number(budget) } : { by: 'contracts', contracts: Number(contracts) },
      entry: entryType === 'MKT' ? { type: 'MKT' } : { type: 'LMT', offset: Number(offset) },
      stopLoss: stopOn ? { mode: 'offset', offset: Number(stopOffset) } : { mode: 'waived' },
      takeProfit: tp ? { autoPercent: Number(tp) } : {},
      premarketPolicy: policy,
    };
    setBusy(true);
    const r = await api.call<TradeView>('POST', '/v1/trades', body, key);
    setBusy(false);
    // A refusal is final for that body: the corrected ticket is a new request. An unreachable or
    // unavailable console (0, 5xx) keeps the key, so pressing Arm again cannot arm twice.
    if (r.ok || (r.status >= 400 && r.status < 500)) setKey(newKey());
    if (r.ok) {
      setArmed(r.body);
      return;
    }
    const next: Partial<Record<Field, string>> = {};
    if (r.issues.length > 0) for (const issue of r.issues) next[fieldOf(issue)] = `${issue.message}`;
    else next[fieldOf({ code: r.code })] = `${r.code}: ${r.message}`;
    setErrors(next);
  };

  const err = (f: Field) =>
    errors[f] ? (
      <p id={`err-${f}`} class="field-error" role="alert">
        {errors[f]}
      </p>
    ) : null;
  const described = (f: Field) => (errors[f] ? { 'aria-describedby': `err-${f}`, 'aria-invalid': true } : {});

  return (
    <section class="panel ticket" aria-label="Trade ticket">
      <h2>Ticket</h2>
      <form onSubmit={(e) => void arm(e)} noValidate>
        <div class="row">
          <div class="field grow">
            <label for="t-symbol">Symbol</label>
            <input id="t-symbol" list="t-symbols" value={symbol} autoComplete="off" onInput={(e) => void search(e.currentTarget.value)} onChange={chooseSymbol} onKeyDown={(e) => e.key === 'Enter' && (e.preventDefault(), chooseSymbol())} {...described('symbol')} />
            <datalist id="t-symbols">{matches.map((m) => <option key={m} value={m} />)}</datalist>
          </div>
          <div class="quote" aria-live="polite" data-testid="ticket-price">
            <span class="muted">{chosen}</span> <strong>{price(last)}</strong>
            <span class="muted small"> {price(under.value?.bid ?? null)} × {price(under.value?.ask ?? null)}</span>
          </div>
        </div>
        {err('symbol')}
        <fieldset class="segmented">
          <legend>Right</legend>
          {(['CALL', 'PUT'] as const).map((r) => (
            <label key={r}>
              <input type="radio" name="right" value={r} checked={right === r} onChange={() => setRight(r)} /> {r}
            </label>
          ))}
        </fieldset>
        <div class="field">
          <label for="t-expiry">Expiry</label>
          <select id="t-expiry" value={expiry} onChange={(e) => (setExpiry(e.currentTarget.value), setStrike(null))} {...described('expiry')}>
            {expiries.map((e) => (
              <option key={e.expiry} value={e.expiry}>
                {expiryLabel(e.expiry)} ({e.expiry})
              </option>
            ))}
          </select>
          {err('expiry')}
        </div>
        <fieldset class="strikes" {...described('strike')}>
          <legend>Strike</legend>
          <table>
            <thead>
              <tr><th scope="col">Strike</th><th scope="col">Bid</th><th scope="col">Ask</th><th scope="col">Δ</th><th scope="col">IV</th></tr>
            </thead>
            <tbody>
              {(rows.value ?? nearStrikes.map((s) => ({ strike: s, bid: null, ask: null, delta: null, iv: null }))).map((r) => (
                <tr key={r.strike} class={r.strike === strike ? 'selected' : ''} onClick={() => setStrike(r.strike)}>
                  <td>
                    <label>
                      <input type="radio" name="strike" value={r.strike} checked={r.strike === strike} onChange={() => setStrike(r.strike)} aria-label={`Strike ${r.strike}`} /> {r.strike}
                    </label>
                  </td>
                  <td>{price(r.bid)}</td>
                  <td>{price(r.ask)}</td>
                  <td>{price(r.delta)}</td>
                  <td>{r.iv === null ? '—' : `${(r.iv * 100).toFixed(0)}%`}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {err('strike')}
        </fieldset>
        <div class="row">
          <div class="field grow">
            <label for="t-trigger">Trigger price</label>
            <input id="t-trigger" inputMode="decimal" value={trigger} onInput={(e) => setTrigger(e.currentTarget.value)} placeholder={last !== null ? price(right === 'CALL' ? last + 0.1 : last - 0.1) : ''} {...described('trigger')} />
          </div>
          <div class="field">
            <label for="t-source">Price source</label>
            <select id="t-source" value={source} onChange={(e) => setSource(e.currentTarget.value)}>
              {['last', 'bid', 'ask', 'mid'].map((s) => <option key={s} value={s}>{s}</option>)}
            </select>
          </div>
        </div>
        <p class="hint">{right === 'CALL' ? 'fires when the underlying trades above the trigger' : 'fires when the underlying trades below the trigger'}{trigger && last !== null ? ` · ${price(((triggerNum - last) / last) * 100)}% from ${price(last)}` : ''}</p>
        {err('trigger')}
        <fieldset class="segmented">
          <legend>Size by</legend>
          <label><input type="radio" name="size-by" checked={sizeBy === 'budget'} onChange={() => setSizeBy('budget')} /> budget</label>
          <label><input type="radio" name="size-by" checked={sizeBy === 'contracts'} onChange={() => setSizeBy('contracts')} /> contracts</label>
        </fieldset>
        <div class="field">
          {sizeBy === 'budget' ? (
            <>
              <label for="t-budget">Budget ($)</label>
              <input id="t-budget" inputMode="decimal" value={budget} onInput={(e) => setBudget(e.currentTarget.value)} {...described('size')} />
            </>
          ) : (
            <>
              <label for="t-contracts">Number of contracts</label>
              <input id="t-contracts" inputMode="numeric" value={contracts} onInput={(e) => setContracts(e.currentTarget.value)} {...described('size')} />
            </>
          )}
          <p class="hint" data-testid="ticket-size">
            {qty !== null ? `${qty} contract${qty === 1 ? '' : 's'}` : 'quantity when the option has an ask'} · worst case {money(worstCost)} at {price(limit)}
          </p>
          {err('size')}
        </div>
        <fieldset class="segmented">
          <legend>Entry</legend>
          <label><input type="radio" name="entry" checked={entryType === 'LMT'} onChange={() => setEntryType('LMT')} /> LMT ask +</label>
          <label><input type="radio" name="entry" checked={entryType === 'MKT'} onChange={() => setEntryType('MKT')} /> MKT</label>
        </fieldset>
        {entryType === 'LMT' && (
          <div class="field">
            <label for="t-offset">Limit offset</label>
            <input id="t-offset" inputMode="decimal" value={offset} onInput={(e) => setOffset(e.currentTarget.value)} {...described('entry')} />
            {err('entry')}
          </div>
        )}
        <div class="row">
          <div class="field grow">
            <label for="t-stop">Stop offset</label>
            <input id="t-stop" inputMode="decimal" value={stopOffset} disabled={!stopOn} onInput={(e) => setStopOffset(e.currentTarget.value)} {...described('stop')} />
          </div>
          <label class="check">
            <input type="checkbox" checked={stopOn} onChange={(e) => setStopOn(e.currentTarget.checked)} /> stop on
          </label>
        </div>
        <p class="hint" data-testid="ticket-stop">{stopOn ? `stop level ${price(stopLevel)} on ${chosen}` : 'no stop: the position is not protected'}</p>
        {err('stop')}
        <div class="row">
          <div class="field grow">
            <label for="t-tp">Take profit at +% (optional)</label>
            <input id="t-tp" inputMode="decimal" value={tp} onInput={(e) => setTp(e.currentTarget.value)} {...described('tp')} />
          </div>
          <div class="field">
            <label for="t-policy">Premarket policy</label>
            <select id="t-policy" value={policy} onChange={(e) => setPolicy(e.currentTarget.value)}>
              {['hold', 'ask', 'rebase', 'cancel'].map((p) => <option key={p} value={p}>{p}</option>)}
            </select>
          </div>
        </div>
        {err('tp')}
        {err('form')}
        {canTrade ? (
          <button type="submit" class="primary arm" disabled={busy}>
            {busy ? 'Arming…' : `Arm ${chosen} ${right}`}
          </button>
        ) : (
          <p class="muted">View only: this token cannot arm trades.</p>
        )}
        {armed && (
          <p class="ok-note" role="status">
            Armed <a href={`#/trades/${armed.tradeId}`}>{armed.tradeId}</a> — {armed.state}, strike {armed.strike}, stop {price(armed.stopLevel)}
          </p>
        )}
      </form>
    </section>
  );
}
