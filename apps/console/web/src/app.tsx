import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { Api } from './api';
import { DeskContext, type Desk, type Role, type TicketPrefill } from './desk';
import { EventStream, type StreamState } from './event-stream';
import { Header } from './views/header';
import { Login } from './views/login';
import { PositionsView } from './views/positions';
import { PremarketPrompt } from './views/premarket-prompt';
import { PriceChart } from './views/price-chart';
import { RiskView } from './views/risk';
import { Ticket } from './views/ticket';
import { TradePage } from './views/trade-page';
import { TradesView } from './views/trades';
import { Watchers } from './views/watchers';
import { WatchlistView } from './views/watchlist';

const TOKEN_KEY = 'arctrigger.token';

interface Session {
  api: Api;
  name: string;
  role: Role;
  serverOffsetMs: number;
}

const ROUTES = [
  ['desk', 'Desk'],
  ['trades', 'Trades'],
  ['positions', 'Positions'],
  ['watchlist', 'Watch list'],
  ['risk', 'Risk'],
] as const;

function routeOf(hash: string): string[] {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean);
  return parts.length > 0 ? parts : ['desk'];
}

/** Logs in with an API token (kept in sessionStorage: this browser tab's session only). */
async function open(token: string): Promise<Session | string> {
  const api = new Api(token);
  const self = await api.get<{ name: string; role: Role }>('/v1/tokens/self');
  if (!self.ok) return self.status === 401 ? 'That token is unknown or revoked.' : self.message;
  const before = Date.now();
  const clock = await api.get<{ now: number }>('/v1/system/clock');
  const serverOffsetMs = clock.ok ? clock.body.now - Math.round((before + Date.now()) / 2) : 0;
  return { api, name: self.body.name, role: self.body.role, serverOffsetMs };
}

export function App() {
  const [session, setSession] = useState<Session | null>(null);
  const [checking, setChecking] = useState(sessionStorage.getItem(TOKEN_KEY) !== null);

  useEffect(() => {
    const saved = sessionStorage.getItem(TOKEN_KEY);
    if (!saved) return;
    void open(saved).then((s) => {
      if (typeof s === 'string') sessionStorage.removeItem(TOKEN_KEY);
      else setSession(s);
      setChecking(false);
    });
  }, []);

  const login = async (token: string) => {
    const s = await open(token);
    if (typeof s === 'string') return s;
    sessionStorage.setItem(TOKEN_KEY, token);
    setSession(s);
    return null;
  };
  const logout = () => {
    sessionStorage.removeItem(TOKEN_KEY);
    setSession(null);
  };

  if (checking) return <main class="login"><p>Opening the desk…</p></main>;
  if (!session) return <Login onLogin={login} />;
  return <DeskShell session={session} onLogout={logout} />;
}

function DeskShell({ session, onLogout }: { session: Session; onLogout: () => void }) {
  const [route, setRoute] = useState(routeOf(location.hash));
  const [symbol, setSymbol] = useState(localStorage.getItem('arctrigger.symbol') ?? 'AAPL');
  const [prefill, setPrefill] = useState<TicketPrefill | null>(null);
  const [stream, setStream] = useState<StreamState>('connecting');
  const listeners = useRef(new Set<(name: string, data: unknown) => void>());
  const streamRef = useRef<EventStream | null>(null);

  useEffect(() => {
    const onHash = () => setRoute(routeOf(location.hash));
    addEventListener('hashchange', onHash);
    return () => removeEventListener('hashchange', onHash);
  }, []);

  useEffect(() => {
    const es = new EventStream(session.api.token, (name, data) => listeners.current.forEach((l) => l(name, data)), setStream);
    streamRef.current = es;
    (window as unknown as { arctriggerStream: EventStream }).arctriggerStream = es;
    es.open();
    return () => es.close();
  }, [session]);

  const desk = useMemo<Desk>(
    () => ({
      api: session.api,
      name: session.name,
      role: session.role,
      canTrade: session.role !== 'viewer',
      isAdmin: session.role === 'admin',
      serverOffsetMs: session.serverOffsetMs,
      on: (handler) => {
        listeners.current.add(handler);
        return () => listeners.current.delete(handler);
      },
      symbol,
      setSymbol: (s) => {
        localStorage.setItem('arctrigger.symbol', s);
        setSymbol(s);
      },
      prefill,
      setPrefill,
      navigate: (r) => {
        location.hash = `#/${r}`;
      },
    }),
    [session, symbol, prefill],
  );

  const [page, id] = route;
  return (
    <DeskContext.Provider value={desk}>
      <Header stream={stream} onLogout={onLogout} />
      <nav class="tabs" aria-label="Views">
        {ROUTES.map(([r, label]) => (
          <a key={r} href={`#/${r}`} aria-current={page === r ? 'page' : undefined}>
            {label}
          </a>
        ))}
      </nav>
      <main id="main" class={`page page-${page ?? 'desk'}`}>
        {page === 'desk' && (
          <div class="desk-grid">
            <Ticket />
            <section class="panel chart-panel" aria-label="Chart">
              <PriceChart />
            </section>
            <Watchers />
          </div>
        )}
        {page === 'trades' && (id ? <TradePage tradeId={id} /> : <TradesView />)}
        {page === 'positions' && <PositionsView />}
        {page === 'watchlist' && <WatchlistView />}
        {page === 'risk' && <RiskView />}
      </main>
      <PremarketPrompt />
    </DeskContext.Provider>
  );
}
