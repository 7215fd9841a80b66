import { z } from 'zod';

const symbol = z.string().regex(/^[A-Z][A-Z0-9.]{0,9}$/, 'symbol must be 1-10 upper-case letters/digits');

/** One scripted price at a moment: an ISO instant or milliseconds after the simulator started. */
export const ScriptedTickSchema = z.strictObject({
  at: z.union([z.iso.datetime({ offset: true }), z.number().int().nonnegative()]),
  price: z.number().positive(),
});

export const StockSchema = z.strictObject({
  symbol,
  conId: z.number().int().positive(),
  primaryExchange: z.enum(['NASDAQ', 'NYSE', 'ARCA', 'BATS', 'AMEX', 'CBOE']),
  longName: z.string().min(1).optional(),
  industry: z.string().optional(),
  price: z.number().positive(),
  /** Annualised volatility of the random walk and of the option model. */
  volatility: z.number().positive().max(5).default(0.3),
  /** Quoted spread in basis points of price (at least one tick). */
  spreadBps: z.number().nonnegative().max(500).default(2),
  /** Scripted prices; when present they replace the random walk for this stock. */
  script: z.array(ScriptedTickSchema).optional(),
  options: z
    .strictObject({
      weeklyExpiries: z.number().int().min(0).max(8).default(4),
      monthlyExpiries: z.number().int().min(0).max(6).default(3),
      /** Penny-pilot names trade in 0.01 below $3 and 0.05 above; others in 0.05 / 0.10. */
      tickRule: z.enum(['penny', 'nickel']).default('penny'),
    })
    .prefault({}),
});

export const ScenarioSchema = z.strictObject({
  name: z.string().min(1).default('scenario'),
  account: z.string().regex(/^DU\d{5,8}$/, 'a paper account looks like DU1234567').default('DU1234567'),
  /** Interval between market steps in real-time mode, milliseconds. */
  tickIntervalMs: z.number().int().min(10).max(60_000).default(250),
  riskFreeRate: z.number().min(0).max(0.2).default(0.04),
  fills: z
    .strictObject({
      /** Largest quantity filled per market step; an order bigger than this fills in parts. */
      maxQuantityPerFill: z.number().int().positive().optional(),
    })
    .prefault({}),
  stocks: z.array(StockSchema).min(1),
});

export type ScenarioInput = z.input<typeof ScenarioSchema>;
export type Scenario = z.output<typeof ScenarioSchema>;
export type StockSpec = z.output<typeof StockSchema>;
