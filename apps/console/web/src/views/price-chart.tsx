import { useEffect, useRef, useState } from 'preact/hooks';
import { createChart, createSeriesMarkers, LineSeries, type AutoscaleInfo, type IChartApi, type IPriceLine, type ISeriesApi, type SeriesMarker, type Time, type UTCTimestamp } from 'lightweight-charts';
import type { MarketTick, TradeView } from '@arctrigger/contracts';
import { useDesk, useLive } from '../desk';
import { price } from '../format';
import { THEME_EVENT } from './header';

const ACTIVE = new Set(['ARMED', 'SUSPENDED', 'PREMARKET_HIT', 'FIRED', 'SUBMITTING', 'WORKING', 'OPEN', 'PROTECTED', 'EXITING']);

function cssVar(name: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || '#888';
}

/**
 * The selected underlying's price as it streams in (sampled every second from the console's
 * quote, on the market clock's time axis), with each active trade's trigger and stop as price lines and its fills as marks.
 */
export function PriceChart() {
  const { api, symbol, serverOffsetMs } = useDesk();
  const box = useRef<HTMLDivElement>(null);
  /** Trigger and stop levels: the price scale always shows them, not only the prices seen so far. */
  const levels = useRef<number[]>([]);
  const chart = useRef<{ chart: IChartApi; series: ISeriesApi<'Line'>; lines: IPriceLine[]; markers: ReturnType<typeof createSeriesMarkers<Time>> } | null>(null);

  const [theme, setTheme] = useState(0);
  useEffect(() => {
    const onTheme = () => setTheme((n) => n + 1);
    addEventListener(THEME_EVENT, onTheme);
    return () => removeEventListener(THEME_EVENT, onTheme);
  }, []);

  useEffect(() => {
    if (!box.current) return;
    const c = createChart(box.current, {
      autoSize: true,
      layout: { background: { color: 'transparent' }, textColor: cssVar('--fg'), attributionLogo: false },
      grid: { vertLines: { color: cssVar('--grid') }, horzLines: { color: cssVar('--grid') } },
      timeScale: { timeVisible: true, secondsVisible: true },
      rightPriceScale: { borderVisible: false },
    });
    const series = c.addSeries(LineSeries, {
      color: cssVar('--accent'),
      lineWidth: 2,
      autoscaleInfoProvider: (base: () => AutoscaleInfo | null) => {
        const r = base();
        if (!r?.priceRange || levels.current.length === 0) return r;
        return { ...r, priceRange: { minValue: Math.min(r.priceRange.minValue, ...levels.current), maxValue: Math.max(r.priceRange.maxValue, ...levels.current) } };
      },
    });
    chart.current = { chart: c, series, lines: [], markers: createSeriesMarkers(series, []) };
    return () => {
      c.remove();
      chart.current = null;
    };
  }, [symbol, theme]);

  const quote = useLive(async () => {
    const r = await api.get<{ quote: MarketTick }>(`/v1/market/quote?symbol=${encodeURIComponent(symbol)}`);
    if (!r.ok || r.body.quote.last === null || !chart.current) return r.ok ? r.body.quote : undefined;
    chart.current.series.update({ time: Math.floor((Date.now() + serverOffsetMs) / 1000) as UTCTimestamp, value: r.body.quote.last });
    return r.body.quote;
  }, [symbol], { everyMs: 1_000 });

  const trades = useLive(async () => {
    const r = await api.get<{ trades: TradeView[] }>(`/v1/trades?symbol=${encodeURIComponent(symbol)}&limit=100`);
    return r.ok ? r.body.trades : undefined;
  }, [symbol], { events: ['trade', 'fill'] });

  useEffect(() => {
    const c = chart.current;
    if (!c || !trades.value) return;
    for (const line of c.lines.splice(0)) c.series.removePriceLine(line);
    const active = trades.value.filter((t) => ACTIVE.has(t.state));
    levels.current = active.flatMap((t) => [...(t.state === 'ARMED' || t.state === 'PREMARKET_HIT' ? [t.spec.trigger.price] : []), ...(t.stopLevel !== null ? [t.stopLevel] : [])]);
    for (const t of active) {
      if (t.state === 'ARMED' || t.state === 'PREMARKET_HIT') c.lines.push(c.series.createPriceLine({ price: t.spec.trigger.price, color: cssVar('--accent-2'), lineWidth: 1, lineStyle: 2, title: `${t.tradeId} trigger` }));
      if (t.stopLevel !== null) c.lines.push(c.series.createPriceLine({ price: t.stopLevel, color: cssVar('--bad'), lineWidth: 1, lineStyle: 2, title: `${t.tradeId} stop` }));
    }
    const now = Math.floor((Date.now() + serverOffsetMs) / 1000);
    const marks: SeriesMarker<Time>[] = trades.value
      .flatMap((t) => t.fills.map((f) => ({ t, f })))
      // The axis is the market clock (a simulated day too), as the fills' stamps are.
      .map(({ f }) => ({
        time: Math.min(now, Math.floor(f.at / 1000)) as UTCTimestamp,
        position: f.side === 'BUY' ? ('belowBar' as const) : ('aboveBar' as const),
        color: f.side === 'BUY' ? cssVar('--ok') : cssVar('--bad'),
        shape: f.side === 'BUY' ? ('arrowUp' as const) : ('arrowDown' as const),
        text: `${f.side === 'BUY' ? 'B' : 'S'}${f.shares}@${f.price}`,
      }))
      .sort((a, b) => a.time - b.time);
    c.markers.setMarkers(marks);
  }, [trades.value, theme]);

  return (
    <>
      <h2>
        {symbol} <span data-testid="chart-last">{price(quote.value?.last ?? null)}</span>
      </h2>
      <div class="chart" ref={box} role="img" aria-label={`${symbol} price chart with trigger and stop levels`} />
    </>
  );
}
