import { z } from 'zod';
import { Expiry, RightSchema, Symbol, type QualifyContractRequest } from '@arctrigger/contracts';

/**
 * A contract named in a query string: a stock by `symbol`, or an option by `symbol` + `expiry` +
 * `strike` + `right` (all three or none).
 */
export const ContractQuery = z
  .object({
    symbol: Symbol,
    expiry: Expiry.optional(),
    strike: z.coerce.number().positive().optional(),
    right: RightSchema.optional(),
  })
  .refine((q) => [q.expiry, q.strike, q.right].every((v) => v === undefined) || [q.expiry, q.strike, q.right].every((v) => v !== undefined), {
    message: 'an option needs expiry, strike and right together',
  });
export type ContractQuery = z.infer<typeof ContractQuery>;

export function qualifyRequestOf(q: ContractQuery): QualifyContractRequest {
  if (q.expiry !== undefined && q.strike !== undefined && q.right !== undefined) {
    return { secType: 'OPT', symbol: q.symbol, expiry: q.expiry, strike: q.strike, right: q.right, exchange: 'SMART', currency: 'USD' };
  }
  return { secType: 'STK', symbol: q.symbol, exchange: 'SMART', currency: 'USD' };
}
