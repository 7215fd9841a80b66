import { useState } from 'preact/hooks';
import type { Alert, ConnectionState, FeedState } from '@arctrigger/contracts';
import { useDesk, useEvents, useLive, useNow } from '../desk';
import type { StreamState } from '../event-stream';
import { countdown, timeEt } from '../format';

interface Status {
  connection: ConnectionState | null;
  feeds?: FeedState[];
  clock: { session: string; nextRegularOpen: number };
}

const THEME_KEY = 'arctrigger.theme';
/** Sent on window when the theme changes (the chart draws its colours again). */
export const THEME_EVENT = 'arctrigger-theme';
export function applyTheme(theme: string): void {
  document.documentElement.dataset.theme = theme;
  dispatchEvent(new Event(THEME_EVENT));
}
applyTheme(localStorage.getItem(THEME_KEY) ?? (matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light'));

/** TWS connection, data farms, market session and clock, trading state, alerts, who is logged in. */
export function Header({ stream, onLogout }: { stream: StreamState; onLogout: () => void }) {
  const { api, name, role } = useDesk();
  const now = useNow();
  const [connection, setConnection] = useState<ConnectionState | null>(null);
  const [feeds, setFeeds] = useState<Record<string, FeedState>>({});
  const [alerts, setAlerts] = useState<Alert[]>([]);
  const [showAlerts, setShowAlerts] = useState(false);
  const [theme, setTheme] = useState(document.documentElement.dataset.theme ?? 'light');

  const status = useLive(async () => {
    const r = await api.get<Status>('/v1/system/status');
    if (!r.ok) return undefined;
    if (r.body.connection) setConnection(r.body.connection);
    setFeeds(Object.fromEntries((r.body.feeds ?? []).map((f) => [f.feed, f])));
    return r.body;
  }, [], { everyMs: 10_000 });
  const risk = useLive(async () => {
    const r = await api.get<{ tradingState: { state: string; reason: string } | null }>('/v1/risk');
    return r.ok ? (r.body.tradingState ?? { state: 'ACTIVE', reason: 'no state written yet' }) : undefined;
  }, [], { events: ['risk-state'] });

  useEvents(['connection', 'feed', 'alert', 'position-mismatch'], (event, data) => {
    if (event === 'connection') setConnection(data as ConnectionState);
    if (event === 'feed') setFeeds((f) => ({ ...f, [(data as FeedState).feed]: data as FeedState }));
    if (event === 'alert') setAlerts((a) => [data as Alert, ...a].slice(0, 50));
    if (event === 'position-mismatch') {
      const m = data as { conId: number; brokerQuantity?: number };
      setAlerts((a) => [{ alertId: `mismatch-${m.conId}-${Date.now()}`, code: 'POSITION_MISMATCH', severity: 'critical', message: `The broker holds another quantity of contract ${m.conId} than ArcTrigger counted`, at: Date.now() } as unknown as Alert, ...a]);
    }
  });

  const clock = status.value?.clock;
  const session = clock?.session ?? '…';
  const beforeOpen = clock && clock.nextRegularOpen > now && session !== 'regular';
  const staleFeeds = Object.values(feeds).filter((f) => f.stale);
  const tws = connection?.status ?? 'unknown';
  const state = risk.value?.state ?? '…';
  const toggleTheme = () => {
    const next = theme === 'dark' ? 'light' : 'dark';
    localStorage.setItem(THEME_KEY, next);
    applyTheme(next);
    setTheme(next);
  };

  return (
    <header class="topbar">
      <a class="skip" href="#main">Skip to content</a>
      <strong class="brand">ArcTrigger</strong>
      <ul class="status" aria-label="System status">
        <li class={`pill ${tws === 'connected' ? 'ok' : tws === 'degraded' ? 'warn' : 'bad'}`} title={connection?.reason ?? ''} data-testid="tws-status">
          TWS {tws}
        </li>
        <li class={`pill ${staleFeeds.length ? 'warn' : 'ok'}`} title={Object.values(feeds).map((f) => `${f.feed}: ${f.message}`).join('\n') || 'no farm message yet'}>
          data {staleFeeds.length ? `stale (${staleFeeds.map((f) => f.feed).join(', ')})` : 'fresh'}
        </li>
        <li class={`pill ${session === 'regular' ? 'ok' : 'neutral'}`} data-testid="session">
          {session} · {timeEt(now)} ET{beforeOpen && clock ? ` · opens in ${countdown(clock.nextRegularOpen - now)}` : ''}
        </li>
        <li class={`pill ${state === 'ACTIVE' ? 'ok' : state === 'HALTED' ? 'bad' : 'warn'}`} title={risk.value?.reason} data-testid="trading-state">
          {state}
        </li>
        <li class={`pill ${stream === 'live' ? 'ok' : 'warn'}`} data-testid="stream-state">
          events {stream}
        </li>
      </ul>
      <div class="topbar-actions">
        <button type="button" class={`alerts-button ${alerts.length ? 'has-alerts' : ''}`} aria-expanded={showAlerts} aria-controls="alerts" onClick={() => setShowAlerts(!showAlerts)}>
          Alerts{alerts.length ? ` (${alerts.length})` : ''}
        </button>
        <button type="button" onClick={toggleTheme} aria-label={`Switch to ${theme === 'dark' ? 'light' : 'dark'} theme`}>
          {theme === 'dark' ? '☀' : '☾'}
        </button>
        <span class="who" title={`role ${role}`}>
          {name} · {role}
        </span>
        <button type="button" onClick={onLogout}>
          Log out
        </button>
      </div>
      {showAlerts && (
        <section id="alerts" class="panel alerts" aria-label="Alerts">
          {alerts.length === 0 ? (
            <p class="muted">No alerts since this page opened.</p>
          ) : (
            <ul>
              {alerts.map((a) => (
                <li key={a.alertId} class={`sev-${a.severity}`}>
                  <strong>{a.code}</strong> {a.message}
                </li>
              ))}
            </ul>
          )}
        </section>
      )}
    </header>
  );
}

