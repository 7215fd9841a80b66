import { z } from 'zod';

const empty = z.strictObject({}).optional();

/** Request bodies of the control API, one schema per route. */
export const ControlSchemas = {
  'POST /clock/advance': z.strictObject({ ms: z.number().int().positive().max(30 * 86_400_000) }),
  'POST /market/price': z.strictObject({ symbol: z.string().min(1), price: z.number().positive() }),
  'POST /market/pause': z.strictObject({ paused: z.boolean() }),
  /** A trade done outside the API (by hand in TWS): moves the account's position, no order or execution reported. */
  'POST /account/external-trade': z.strictObject({ conId: z.number().int().positive(), quantity: z.number().int().refine((q) => q !== 0, 'must not be 0'), price: z.number().positive() }),
  'POST /faults/drop-connections': empty,
  'POST /faults/refuse-connections': z.strictObject({ seconds: z.number().positive().max(3600) }),
  'POST /faults/connectivity-lost': empty,
  'POST /faults/connectivity-restored': z.strictObject({ dataLost: z.boolean() }),
  'POST /faults/farm-broken': z.strictObject({ farm: z.string().min(1).optional() }).optional(),
  'POST /faults/farm-ok': z.strictObject({ farm: z.string().min(1).optional() }).optional(),
  'POST /faults/delay-callbacks': z.strictObject({ ms: z.number().int().nonnegative().max(600_000) }),
  'POST /faults/duplicate-next-execution': empty,
  'POST /faults/exec-before-open-order': empty,
  'POST /faults/fill-after-next-cancel': empty,
  'POST /faults/reject-next-order': z.strictObject({ code: z.number().int().positive().optional(), reason: z.string().min(1).optional() }).optional(),
  'POST /faults/stall-next-order': z.strictObject({ quantity: z.number().int().positive() }),
  'POST /faults/swallow-next-order': empty,
  'POST /faults/late-fill': z.strictObject({ orderRef: z.string().min(1).max(200), quantity: z.number().int().positive(), price: z.number().positive().optional() }),
  'POST /faults/pacing-violation': z.strictObject({ perSecond: z.number().int().positive().max(10_000) }),
  'POST /faults/pacing-restored': empty,
  'POST /faults/restart': z.strictObject({ rollBackIds: z.number().int().nonnegative().default(0) }).optional(),
} as const;

export type ControlRoute = keyof typeof ControlSchemas;
export type ControlBody<R extends ControlRoute> = z.output<(typeof ControlSchemas)[R]>;
