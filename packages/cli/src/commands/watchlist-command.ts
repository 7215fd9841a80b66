import type { Command } from '../command';
import { UsageError } from '../exit-codes';
import { table } from '../table';

type Row = Record<string, unknown>;
interface EntryView {
  spec: { symbol: string; expiries: string[]; strikes: { mode: 'list'; strikes: number[] } | { mode: 'atm'; width: number }; rights: string[] };
  resolution: { status: string; at: number | null; expiries: string[]; options: Row[]; error: { code: string; message: string } | null };
}

/** `ATM+-2` / `ATM` / `230,232.5` → the API's strike choice. */
export function strikeChoiceOf(text: string): { mode: 'atm'; width: number } | { mode: 'list'; strikes: number[] } {
  const atm = /^ATM(?:\s*(?:\+-|±)\s*(\d+))?$/i.exec(text.trim());
  if (atm) return { mode: 'atm', width: Number(atm[1] ?? 0) };
  const strikes = text.split(',').map((s) => Number(s.trim()));
  if (strikes.length === 0 || strikes.some((s) => !(s > 0))) throw new UsageError(`--strikes takes ATM, ATM+-N or strikes separated by commas, not ${text}`);
  return { mode: 'list', strikes };
}

function rightsOf(text: string | undefined): string[] {
  if (text === undefined || text.toLowerCase() === 'both') return ['CALL', 'PUT'];
  return text.toUpperCase().split(',');
}

const strikeText = (s: EntryView['spec']['strikes']) => (s.mode === 'atm' ? `ATM±${s.width}` : s.strikes.join(','));

/** `arctrigger watchlist …`: the caller's watch list, pre-resolved before the open by the watchlist-service. */
export const watchlistCommand: Command = {
  name: 'watchlist',
  summary: 'Your watch list: show it, add or replace an underlying (resolved at once), remove one, resolve all now.',
  usage:
    'arctrigger watchlist | watchlist add <SYMBOL> [--expiry next|YYYYMMDD[,…]] [--strikes ATM+-N|S1,S2…] [--right CALL|PUT|both] | watchlist remove <SYMBOL> | watchlist resolve',
  examples: [
    'arctrigger watchlist add AAPL --expiry next --strikes ATM+-2',
    'arctrigger watchlist add TSLA --expiry 20261127,20261204 --strikes 250,260 --right CALL',
    'arctrigger watchlist',
    'arctrigger watchlist remove TSLA',
    'arctrigger watchlist resolve',
  ],
  options: { expiry: { type: 'string' }, strikes: { type: 'string' }, right: { type: 'string' } },
  run: (ctx, args, v) => {
    const [action, symbol] = args;
    if (action === undefined || action === 'list') return ctx.client.call('GET', '/v1/watchlist');
    if (action === 'resolve') return ctx.client.call('POST', '/v1/watchlist/resolve');
    if (!symbol) throw new UsageError(`watchlist ${action} needs a SYMBOL`);
    if (action === 'remove') return ctx.client.call('DELETE', `/v1/watchlist/${encodeURIComponent(symbol.toUpperCase())}`);
    if (action !== 'add') throw new UsageError(`unknown watchlist action ${action}: add, remove, resolve or nothing`);
    const entry = {
      symbol: symbol.toUpperCase(),
      expiries: String(v.expiry ?? 'next').split(',').map((e) => e.trim().toLowerCase()),
      strikes: strikeChoiceOf(String(v.strikes ?? 'ATM+-2')),
      rights: rightsOf(v.right as string | undefined),
    };
    return ctx.client.call('POST', '/v1/watchlist', entry, { idempotent: true });
  },
  render: (body) => {
    const list = body as { entries: EntryView[]; nextResolveAt: number | null };
    const rows = list.entries.map((e) => [
      e.spec.symbol,
      e.spec.expiries.join(','),
      strikeText(e.spec.strikes),
      e.spec.rights.join(','),
      e.resolution.status.toUpperCase(),
      e.resolution.error ? `${e.resolution.error.code}: ${e.resolution.error.message}` : `${e.resolution.options.length} options ${e.resolution.expiries.join(',')}`,
      e.resolution.at ? new Date(e.resolution.at).toISOString() : '-',
    ]);
    const next = list.nextResolveAt ? `\n\nresolved again at ${new Date(list.nextResolveAt).toISOString()}` : '';
    return `${table(['SYMBOL', 'EXPIRIES', 'STRIKES', 'RIGHTS', 'STATUS', 'RESOLVED', 'AT'], rows)}${next}`;
  },
};
