import { z } from 'zod';
import { Actor } from '../trades/trade-actor';

const reason = z.string().min(1).max(200);
/** Who asked (the admin's console token): recorded on every trade event the command causes. */
const by = Actor;

/**
 * Cancel every working ArcTrigger order at the broker: entries, exits not part of a full close
 * under way, and broker protective stops (withdrawn: not placed again for that trade; its stop
 * trigger stays armed). `broker`: then IB's global cancel too — every open order of the account.
 */
export const CancelAllCommand = z.object({ reason, by, broker: z.boolean().default(false) });
export type CancelAllCommand = z.infer<typeof CancelAllCommand>;

/** Sell every held position of every trade at market, each exactly its live quantity. */
export const FlattenAllCommand = z.object({ reason, by });
export type FlattenAllCommand = z.infer<typeof FlattenAllCommand>;

/** HALT, then cancel-all (with `broker`: the global cancel too), then flatten-all. */
export const PanicCommand = z.object({ reason, by, broker: z.boolean().default(false) });
export type PanicCommand = z.infer<typeof PanicCommand>;

/** IB's global cancel (`reqGlobalCancel`), at the gateway. */
export const GlobalCancelCommand = z.object({ reason });
export type GlobalCancelCommand = z.infer<typeof GlobalCancelCommand>;
