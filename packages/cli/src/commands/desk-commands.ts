import type { ConnectionState, ContractDetails, MarketTick, OptionChain, PositionsView, RiskLimitsView, ServiceHealth, Session, TradingStateChanged, TradingStateRecord } from '@arctrigger/contracts';
import { UsageError } from '../exit-codes';
import type { Command } from '../command';
import { keyValues, table } from '../table';
import { watch } from '../watch';

// The console's answers are the contracts' shapes (the console's HTTP views are made of them).
type QuoteAnswer = { contract: ContractDetails; quote: MarketTick };
type RiskAnswer = { tradingState?: TradingStateRecord | null; limits: RiskLimitsView } | RiskLimitsView | TradingStateChanged;
type StatusAnswer = { connection: (Omit<ConnectionState, 'status'> & { status: string }) | null; clock: { now: number; session: Session }; services: ServiceHealth[] };

/** Positions, market look-ups, risk, kill switch and system status. */
export const deskCommands: Command[] = [
  {
    name: 'positions',
    summary: 'Positions with quantity, average cost, mid, P&L and a stale flag.',
    usage: 'arctrigger positions [--all]  (--all: include trades closed today)',
    examples: ['arctrigger positions', 'arctrigger positions --json'],
    options: { all: { type: 'boolean' } },
    run: (ctx, _a, v) => ctx.client.call('GET', `/v1/positions${v.all === true ? '?includeFlat=true' : ''}`),
    render: (body) => {
      const view = body as PositionsView;
      const rows = view.positions.map((p) => [p.tradeId, p.underlying, p.quantity, p.averageCost, p.mid, p.unrealizedPnl, p.realizedPnl, p.stale ? 'STALE' : '']);
      return `${table(['TRADE', 'UNDERLYING', 'QTY', 'AVG COST', 'MID', 'UNREALIZED', 'REALIZED', ''], rows)}\n\ntoday  ${JSON.stringify(view.today)}`;
    },
  },
  {
    name: 'quote',
    summary: 'Latest quote of a stock, or of an option with expiry, strike and right.',
    usage: 'arctrigger quote <SYMBOL> [YYYYMMDD STRIKE CALL|PUT]',
    examples: ['arctrigger quote AAPL', 'arctrigger quote AAPL 20300118 200 CALL'],
    run: (ctx, args) => {
      const [symbol, expiry, strike, right] = args;
      if (!symbol) throw new UsageError('missing SYMBOL');
      const q = new URLSearchParams({ symbol: symbol.toUpperCase() });
      if (expiry) Object.entries({ expiry, strike: strike ?? '', right: (right ?? '').toUpperCase() }).forEach(([k, v]) => q.set(k, v));
      return ctx.client.call('GET', `/v1/market/quote?${q.toString()}`);
    },
    render: (body) => {
      const { contract, quote } = body as QuoteAnswer;
      return keyValues({ contract: contract.localSymbol, conId: contract.conId, bid: quote.bid, ask: quote.ask, last: quote.last, at: new Date(quote.receivedAt).toISOString() });
    },
  },
  {
    name: 'chain',
    summary: 'Option chain of an underlying: strikes per expiry.',
    usage: 'arctrigger chain <SYMBOL> [--expiry YYYYMMDD]',
    examples: ['arctrigger chain AAPL', 'arctrigger chain AAPL --expiry 20300118'],
    options: { expiry: { type: 'string' } },
    run: (ctx, args, v) => {
      if (!args[0]) throw new UsageError('missing SYMBOL');
      const q = new URLSearchParams({ symbol: args[0].toUpperCase() });
      if (v.expiry) q.set('expiry', String(v.expiry));
      return ctx.client.call('GET', `/v1/market/chain?${q.toString()}`);
    },
    render: (body) => {
      const chain = body as OptionChain;
      return table(['EXPIRY', 'STRIKES'], chain.expiries.map((e) => [e.expiry, e.strikes.join(' ')]));
    },
  },
  {
    name: 'risk',
    summary: 'Show trading state and limits; `risk set key=value …` changes limits (admin); `risk state STATE reason` (admin).',
    usage: 'arctrigger risk | arctrigger risk set <key=value>… | arctrigger risk state <ACTIVE|REDUCING|HALTED> <reason…>',
    examples: ['arctrigger risk', 'arctrigger risk set maxContractsPerOrder=5 maxOpenPositions=3', 'arctrigger risk state ACTIVE all clear'],
    run: (ctx, args) => {
      if (args[0] === 'set') {
        const changes = Object.fromEntries(
          args.slice(1).map((pair) => {
            const [k, raw] = pair.split('=');
            if (!k || raw === undefined) throw new UsageError(`expected key=value, got ${pair}`);
            return [k, raw === 'true' ? true : raw === 'false' ? false : raw === 'null' ? null : Number.isFinite(Number(raw)) ? Number(raw) : raw.split(',')];
          }),
        );
        return ctx.client.call('PATCH', '/v1/risk/limits', changes, { idempotent: true });
      }
      if (args[0] === 'state') {
        if (!args[1] || args.length < 3) throw new UsageError('risk state needs a STATE and a reason');
        return ctx.client.call('POST', '/v1/risk/trading-state', { state: args[1].toUpperCase(), reason: args.slice(2).join(' ') }, { idempotent: true });
      }
      if (args.length > 0) throw new UsageError(`unknown risk action ${args[0]}`);
      return ctx.client.call('GET', '/v1/risk');
    },
    render: (body) => {
      const b = body as RiskAnswer;
      if ('current' in b) return keyValues({ state: b.current.state, reason: b.current.reason, by: b.current.changedBy });
      if (!('tradingState' in b)) return keyValues(b.limits);
      return `${keyValues({ tradingState: b.tradingState?.state ?? 'unknown' })}\n\n${keyValues(b.limits.limits)}`;
    },
  },
  {
    name: 'kill',
    summary: 'Kill switch (admin): halt trading, cancel opening orders, disarm entry triggers.',
    usage: 'arctrigger kill <reason…>',
    examples: ['arctrigger kill "runaway fills on SPY"'],
    run: (ctx, args) => {
      if (args.length === 0) throw new UsageError('the kill switch needs a reason');
      return ctx.client.call('POST', '/v1/risk/kill', { reason: args.join(' ') }, { idempotent: true });
    },
    render: (body) => {
      const b = body as TradingStateChanged;
      return keyValues({ state: b.current.state, cancelledOrders: b.cancelledOrders.length, disarmedTriggers: b.disarmedTriggers.length, failures: b.failures });
    },
  },
  {
    name: 'status',
    summary: 'Connection to TWS, market session, and every live service instance.',
    usage: 'arctrigger status',
    examples: ['arctrigger status', 'arctrigger status --json'],
    run: (ctx) => ctx.client.call('GET', '/v1/system/status'),
    render: (body) => {
      const b = body as StatusAnswer;
      const head = keyValues({ tws: b.connection ? `${b.connection.status} (${b.connection.reason})` : 'unknown', session: b.clock.session, now: new Date(b.clock.now).toISOString() });
      return `${head}\n\n${table(['SERVICE', 'INSTANCE', 'STATUS', 'VERSION'], b.services.map((s) => [s.service, s.instanceId, s.status, s.version]))}`;
    },
  },
  {
    name: 'watch',
    summary: 'Follow live events (trades, fills, triggers, risk, connection), or one trade from its start, until interrupted.',
    usage: 'arctrigger watch [--trade TRADE_ID] [--until STATE] [--since EVENT_ID] [--count N]',
    examples: ['arctrigger watch', 'arctrigger watch --trade my-first --until PROTECTED', 'arctrigger watch --json --count 10'],
    options: { since: { type: 'string' }, count: { type: 'string' }, trade: { type: 'string' }, until: { type: 'string' } },
    run: (ctx, _a, v) => {
      if (v.count !== undefined && !(Number(v.count) >= 1)) throw new UsageError('--count needs a positive number');
      return watch(ctx, {
        since: v.since as string | undefined,
        count: v.count ? Number(v.count) : undefined,
        tradeId: v.trade as string | undefined,
        until: (v.until as string | undefined)?.toUpperCase(),
      });
    },
  },
];
