import type { TradeList, TradeView, TradeWithHistory } from '@arctrigger/contracts';
import { UsageError } from '../exit-codes';
import type { Command, Values } from '../command';
import { keyValues, table } from '../table';
import { resolveExpiry, resolveTrigger } from './arm-inputs';


const idempotencyKey = { 'idempotency-key': { type: 'string' } } as const;

function need(args: string[], count: number, what: string): string[] {
  if (args.length < count) throw new UsageError(`missing ${what}`);
  return args;
}

function num(value: unknown, flag: string): number {
  const n = Number(value);
  if (value === undefined || !Number.isFinite(n)) throw new UsageError(`--${flag} needs a number`);
  return n;
}

const key = (values: Values) => ({ idempotent: true, idempotencyKey: values['idempotency-key'] as string | undefined });

export function renderTrade(body: unknown): string {
  const t = body as TradeView;
  const s = t.spec;
  return keyValues({
    trade: t.tradeId,
    state: t.state,
    option: `${String(s.symbol)} ${String(s.expiry)} ${String(t.strike ?? s.strike)} ${String(s.right)}`,
    trigger: s.trigger.price,
    stop: t.stopLevel,
    quantity: `${String(t.openQuantity)} open / ${String(t.filledQuantity)} filled / ${String(t.entryQuantity)} ordered`,
    avgEntry: t.avgEntryPrice,
    realizedPnl: t.realizedPnl,
    reason: t.reason,
    ...(t.resetFrom ? { resetFrom: t.resetFrom } : {}),
    ...(t.adoptedAt ? { adoptedAt: new Date(t.adoptedAt).toISOString() } : {}),
  });
}

export function renderTrades(body: unknown): string {
  const trades = (body as TradeList).trades;
  if (trades.length === 0) return 'no trades';
  return table(
    ['TRADE', 'STATE', 'SYMBOL', 'EXPIRY', 'STRIKE', 'RIGHT', 'TRIGGER', 'OPEN', 'P&L'],
    trades.map((t) => [t.tradeId, t.state, t.spec.symbol, t.spec.expiry, t.strike ?? t.spec.strike, t.spec.right, t.spec.trigger.price, t.openQuantity, t.realizedPnl]),
  );
}

const byId = (name: string, summary: string, action: string): Command => ({
  name,
  summary,
  usage: `arctrigger ${name} <tradeId> [--idempotency-key K]`,
  examples: [`arctrigger ${name} T-aapl-1`],
  options: idempotencyKey,
  run: (ctx, args, values) => ctx.client.call('POST', `/v1/trades/${encodeURIComponent(need(args, 1, 'tradeId')[0] as string)}/${action}`, undefined, key(values)),
  render: renderTrade,
});

export const tradeCommands: Command[] = [
  {
    name: 'arm',
    summary: 'Arm a trade: buy the option when the underlying crosses the trigger.',
    usage:
      'arctrigger arm <SYMBOL> <CALL|PUT> <YYYYMMDD|next> <STRIKE|ATM> --trigger <price|+X|-X> (--contracts N | --budget DOLLARS)\n' +
      '    [--limit-offset X (LMT entry; MKT without)] [--stop-offset X | --no-stop] [--tp PERCENT]\n' +
      '    [--premarket ask|rebase|hold|cancel] [--source last|bid|ask|mid] [--id TRADE_ID] [--idempotency-key K]',
    examples: [
      'arctrigger arm AAPL CALL next ATM --trigger +0.10 --budget 2000 --limit-offset 0.05 --stop-offset 1  (nearest expiry; 0.10 above the last price)',
      'arctrigger arm AAPL CALL 20300118 200 --trigger 190.50 --contracts 2 --stop-offset 1',
      'arctrigger arm SPY PUT 20300118 ATM --trigger 440 --budget 1500 --limit-offset 0.05 --no-stop --json',
    ],
    options: {
      trigger: { type: 'string' }, contracts: { type: 'string' }, budget: { type: 'string' }, 'limit-offset': { type: 'string' },
      'stop-offset': { type: 'string' }, 'no-stop': { type: 'boolean' }, tp: { type: 'string' }, premarket: { type: 'string' },
      source: { type: 'string' }, id: { type: 'string' }, ...idempotencyKey,
    },
    run: async (ctx, args, v) => {
      const [rawSymbol, right, rawExpiry, strike] = need(args, 4, 'SYMBOL RIGHT EXPIRY STRIKE');
      if ((v.contracts === undefined) === (v.budget === undefined)) throw new UsageError('give exactly one of --contracts or --budget');
      if (v['no-stop'] !== true && v['stop-offset'] === undefined) throw new UsageError('give --stop-offset X or --no-stop');
      const symbol = rawSymbol!.toUpperCase();
      const expiry = await resolveExpiry(ctx, symbol, rawExpiry!);
      if (!expiry.ok) return expiry.answer;
      const trigger = await resolveTrigger(ctx, symbol, v.trigger as string | undefined, (v.source as string | undefined) ?? 'last');
      if (!trigger.ok) return trigger.answer;
      for (const note of [expiry.note, trigger.note]) if (note) ctx.err(note);
      const body = {
        ...(v.id ? { tradeId: v.id } : {}),
        symbol,
        right: right?.toUpperCase(),
        expiry: expiry.value,
        strike: strike?.toUpperCase() === 'ATM' ? 'ATM' : num(strike, 'strike'),
        trigger: { price: trigger.value, ...(v.source ? { source: v.source } : {}) },
        size: v.contracts !== undefined ? { by: 'contracts', contracts: num(v.contracts, 'contracts') } : { by: 'budget', dollars: num(v.budget, 'budget') },
        entry: v['limit-offset'] !== undefined ? { type: 'LMT', offset: num(v['limit-offset'], 'limit-offset') } : { type: 'MKT' },
        stopLoss: v['no-stop'] === true ? { mode: 'waived' } : { mode: 'offset', offset: num(v['stop-offset'], 'stop-offset') },
        ...(v.tp !== undefined ? { takeProfit: { autoPercent: num(v.tp, 'tp') } } : {}),
        ...(v.premarket ? { premarketPolicy: v.premarket } : {}),
      };
      return ctx.client.call('POST', '/v1/trades', body, key(v));
    },
    render: renderTrade,
  },
  {
    name: 'list',
    summary: 'List trades, optionally by state and symbol.',
    usage: 'arctrigger list [--state ARMED,OPEN] [--symbol AAPL] [--limit N]',
    examples: ['arctrigger list', 'arctrigger list --state ARMED,WORKING --symbol AAPL --json'],
    options: { state: { type: 'string' }, symbol: { type: 'string' }, limit: { type: 'string' } },
    run: (ctx, _args, v) => {
      const q = new URLSearchParams();
      if (v.state) q.set('state', String(v.state));
      if (v.symbol) q.set('symbol', String(v.symbol).toUpperCase());
      if (v.limit) q.set('limit', String(v.limit));
      return ctx.client.call('GET', `/v1/trades${q.size > 0 ? `?${q.toString()}` : ''}`);
    },
    render: renderTrades,
  },
  {
    name: 'show',
    summary: 'Show one trade and its event history.',
    usage: 'arctrigger show <tradeId>',
    examples: ['arctrigger show T-aapl-1'],
    run: (ctx, args) => ctx.client.call('GET', `/v1/trades/${encodeURIComponent(need(args, 1, 'tradeId')[0] as string)}`),
    render: (body) => {
      const { trade, events } = body as TradeWithHistory;
      const history = table(['SEQ', 'AT', 'EVENT', 'FROM', 'TO'], events.map((e) => [e.seq, new Date(e.at).toISOString(), e.type, e.from, e.to]));
      return `${renderTrade(trade)}\n\n${history}`;
    },
  },
  byId('cancel', 'Cancel a trade that has no position yet.', 'cancel'),
  byId('breakeven', 'Move the stop to the trigger price.', 'breakeven'),
  byId('flatten', 'Sell the whole live quantity at market.', 'flatten'),
  {
    name: 'tp',
    summary: 'Take profit: sell a percent of the original quantity.',
    usage: 'arctrigger tp <tradeId> <PERCENT> [--idempotency-key K]',
    examples: ['arctrigger tp T-aapl-1 50'],
    options: idempotencyKey,
    run: (ctx, args, v) => {
      const [id, percent] = need(args, 2, 'tradeId and PERCENT');
      return ctx.client.call('POST', `/v1/trades/${encodeURIComponent(id as string)}/take-profit`, { percent: num(percent, 'percent') }, key(v));
    },
    render: renderTrade,
  },
  {
    name: 'reset',
    summary: 'Arm a finished trade again, as a new trade with the same spec (optionally at another trigger).',
    usage: 'arctrigger reset <tradeId> [--trigger <price>] [--id NEW_TRADE_ID] [--idempotency-key K]',
    examples: ['arctrigger reset T-aapl-1', 'arctrigger reset T-aapl-1 --trigger 232.10 --id T-aapl-2'],
    options: { trigger: { type: 'string' }, id: { type: 'string' }, ...idempotencyKey },
    run: (ctx, args, v) => {
      const [id] = need(args, 1, 'tradeId');
      const body = { ...(v.trigger !== undefined ? { triggerPrice: num(v.trigger, 'trigger') } : {}), ...(v.id ? { newTradeId: v.id } : {}) };
      return ctx.client.call('POST', `/v1/trades/${encodeURIComponent(id as string)}/reset`, body, key(v));
    },
    render: renderTrade,
  },
  {
    name: 'adopt',
    summary: "Adopt an external position (admin): the broker's option position that no trade holds becomes a trade with a stop on the underlying.",
    usage: 'arctrigger adopt <conId> (--stop-offset X | --stop-price P) [--tp PERCENT] [--idempotency-key K]',
    examples: ['arctrigger adopt 987654 --stop-offset 1.5  (1.50 below the underlying now, for a call)', 'arctrigger adopt 987654 --stop-price 228 --tp 50'],
    options: { 'stop-offset': { type: 'string' }, 'stop-price': { type: 'string' }, tp: { type: 'string' }, ...idempotencyKey },
    run: (ctx, args, v) => {
      const [conId] = need(args, 1, 'conId');
      if (!/^[1-9][0-9]*$/.test(conId!)) throw new UsageError(`conId must be a positive whole number, not ${conId}`);
      if ((v['stop-offset'] === undefined) === (v['stop-price'] === undefined)) throw new UsageError('give exactly one of --stop-offset or --stop-price');
      const body = {
        stopLoss: v['stop-offset'] !== undefined ? { mode: 'offset', offset: num(v['stop-offset'], 'stop-offset') } : { mode: 'price', price: num(v['stop-price'], 'stop-price') },
        ...(v.tp !== undefined ? { takeProfit: { autoPercent: num(v.tp, 'tp') } } : {}),
      };
      return ctx.client.call('POST', `/v1/positions/external/${conId}/adopt`, body, key(v));
    },
    render: renderTrade,
  },
  {
    name: 'decide',
    summary: 'Answer a premarket trigger hit: rebase, hold or cancel.',
    usage: 'arctrigger decide <tradeId> <rebase|hold|cancel> [--atm] [--idempotency-key K]',
    examples: ['arctrigger decide T-aapl-1 hold', 'arctrigger decide T-aapl-1 rebase --atm'],
    options: { atm: { type: 'boolean' }, ...idempotencyKey },
    run: (ctx, args, v) => {
      const [id, decision] = need(args, 2, 'tradeId and decision');
      return ctx.client.call('POST', `/v1/trades/${encodeURIComponent(id as string)}/premarket-decision`, { decision, atmStrike: v.atm === true }, key(v));
    },
    render: renderTrade,
  },
];
