import { ApiClient } from '../api-client';
import { UsageError } from '../exit-codes';
import type { Command } from '../command';

/** The simulator's control API (tws-sim), for demos: `npm start` prints its address. */
export const DEFAULT_SIM_URL = 'http://127.0.0.1:7498';

/**
 * `arctrigger sim price AAPL 228.40 | +0.50 | -0.50`: moves an underlying in the TWS simulator
 * (never a broker) — how a demo pushes a price through a trigger. Talks to the simulator's
 * control API at ARCTRIGGER_SIM_URL (or --sim-url), not to the console.
 */
export const simCommands: Command[] = [
  {
    name: 'sim',
    summary: 'Move a price in the TWS simulator (demos): sim price <SYMBOL> <PRICE|+DELTA|-DELTA>.',
    usage: 'arctrigger sim price <SYMBOL> <PRICE|+DELTA|-DELTA> [--sim-url URL]  (default ARCTRIGGER_SIM_URL or http://127.0.0.1:7498)',
    examples: ['arctrigger sim price AAPL +0.50', 'arctrigger sim price AAPL 231.45'],
    options: { 'sim-url': { type: 'string' } },
    run: async (ctx, args, v) => {
      const [action, rawSymbol, target] = args;
      if (action !== 'price' || !rawSymbol || !target) throw new UsageError('expected: sim price <SYMBOL> <PRICE|+DELTA|-DELTA>');
      const symbol = rawSymbol.toUpperCase();
      const sim = new ApiClient((v['sim-url'] as string | undefined) ?? ctx.env.ARCTRIGGER_SIM_URL ?? DEFAULT_SIM_URL, undefined);
      const relative = /^[+-]/.test(target);
      const amount = Number(target);
      if (!Number.isFinite(amount)) throw new UsageError(`${target} is not a price`);
      let from: number | undefined;
      if (relative) {
        const instruments = await sim.call('GET', '/instruments');
        if (instruments.status !== 200) return instruments;
        const found = (instruments.body as Array<{ instrument: { symbol: string }; price: number }>).find((i) => i.instrument.symbol === symbol);
        if (!found) return { status: 404, body: { code: 'UNKNOWN_SYMBOL', message: `the simulator has no ${symbol}` }, exitCode: 2 };
        from = Math.round(found.price * 100) / 100;
      }
      const price = Math.round(((from ?? 0) + amount) * 100) / 100;
      const moved = await sim.call('POST', '/market/price', { symbol, price });
      if (moved.status !== 200) return moved;
      return { ...moved, body: { symbol, ...(from !== undefined ? { from } : {}), price } };
    },
    render: (body) => {
      const b = body as { symbol: string; from?: number; price: number };
      return `${b.symbol} ${b.from !== undefined ? `${b.from} → ` : ''}${b.price} (simulator)`;
    },
  },
];
