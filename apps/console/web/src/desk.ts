import { createContext } from 'preact';
import { useContext, useEffect, useRef, useState } from 'preact/hooks';
import type { Api } from './api';

export type Role = 'viewer' | 'trader' | 'admin';

/** What arm-from-list (or a click on a strike) puts into the ticket. */
export interface TicketPrefill {
  symbol: string;
  expiry?: string;
  strike?: number;
  right?: 'CALL' | 'PUT';
}

/** Everything a view shares: the API, who is logged in, live events, the selected underlying. */
export interface Desk {
  api: Api;
  name: string;
  role: Role;
  /** Traders and admins see action controls; viewers do not. */
  canTrade: boolean;
  isAdmin: boolean;
  /** Server clock minus the browser's, so clocks and countdowns follow the market clock (a simulated day too). */
  serverOffsetMs: number;
  on: (handler: (name: string, data: unknown) => void) => () => void;
  symbol: string;
  setSymbol: (symbol: string) => void;
  prefill: TicketPrefill | null;
  setPrefill: (prefill: TicketPrefill | null) => void;
  navigate: (route: string) => void;
}

export const DeskContext = createContext<Desk | null>(null);

export function useDesk(): Desk {
  const desk = useContext(DeskContext);
  if (!desk) throw new Error('useDesk outside the desk');
  return desk;
}

/** Calls `handler` for every live event whose name is in `names`. */
export function useEvents(names: readonly string[], handler: (name: string, data: unknown) => void): void {
  const desk = useDesk();
  const latest = useRef(handler);
  latest.current = handler;
  useEffect(() => desk.on((name, data) => names.includes(name) && latest.current(name, data)), [desk, names.join(',')]);
}

/**
 * Loads `load()` now, again every `everyMs` (0: never) and whenever one of `events` arrives
 * (coalesced: at most one load in flight, one more queued). `reload()` asks for one at once.
 */
export function useLive<T>(load: () => Promise<T | undefined>, deps: unknown[], options: { everyMs?: number; events?: readonly string[] } = {}) {
  const [value, setValue] = useState<T | undefined>(undefined);
  const state = useRef({ busy: false, again: false, alive: true, load });
  state.current.load = load;
  const run = async () => {
    const s = state.current;
    if (s.busy) {
      s.again = true;
      return;
    }
    s.busy = true;
    try {
      const next = await s.load();
      if (s.alive && next !== undefined) setValue(next);
    } finally {
      s.busy = false;
      if (s.again && s.alive) {
        s.again = false;
        void run();
      }
    }
  };
  useEffect(() => {
    state.current.alive = true;
    void run();
    const timer = options.everyMs ? setInterval(() => void run(), options.everyMs) : undefined;
    return () => {
      state.current.alive = false;
      clearInterval(timer);
    };
  }, deps);
  useEvents(options.events ?? [], () => void run());
  return { value, reload: () => void run() };
}

/** The market clock's now, ticking every second. */
export function useNow(): number {
  const { serverOffsetMs } = useDesk();
  const [now, setNow] = useState(Date.now() + serverOffsetMs);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now() + serverOffsetMs), 1_000);
    return () => clearInterval(timer);
  }, [serverOffsetMs]);
  return now;
}
