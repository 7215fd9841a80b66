import { z } from 'zod';
import { ConId } from '../core/ids';
import { EpochMs, Expiry, PositivePrice, Symbol } from '../core/common';
import { RightSchema, enumOf } from '../core/enums';
import { codesOf, type ErrorTable } from '../core/error-codes';

/**
 * Whose watch list: the trader named by the console token that asked (the token's name), so a
 * trader keeps the list across new tokens of the same name.
 */
export const WatchlistOwner = z.string().regex(/^[A-Za-z0-9_.@-]{1,64}$/, 'letters, digits, _ . @ -, 1..64 chars');
export type WatchlistOwner = z.infer<typeof WatchlistOwner>;

/** An expiry as YYYYMMDD, or `next`: the nearest expiry after today, chosen again at every resolution. */
export const ExpiryChoice = z.union([Expiry, z.literal('next')]);
export type ExpiryChoice = z.infer<typeof ExpiryChoice>;

/** Strikes by value (each must exist for every chosen expiry), or the `width` strikes each side of the money. */
export const StrikeChoice = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('list'), strikes: z.array(PositivePrice).min(1).max(12) }),
  z.object({ mode: z.literal('atm'), width: z.number().int().min(0).max(5) }),
]);
export type StrikeChoice = z.infer<typeof StrikeChoice>;

/** At most this many options per entry: every one is a market-data line at the broker. */
export const MAX_OPTIONS_PER_ENTRY = 24;
/** At most this many underlyings per trader. */
export const MAX_WATCHLIST_ENTRIES = 40;

const choiceShape = {
  expiries: z.array(ExpiryChoice).min(1).max(4),
  strikes: StrikeChoice,
  rights: z.array(RightSchema).min(1).max(2).default(['CALL', 'PUT']),
};
const noRepeatedExpiry = { message: 'an expiry is listed twice', path: ['expiries'] };
const noRepeatedRight = { message: 'a right is listed twice', path: ['rights'] };

/** The choices of an entry without its symbol (the console's body, the symbol in its path). */
export const WatchlistEntryChoice = z
  .strictObject(choiceShape)
  .refine((e) => new Set(e.expiries).size === e.expiries.length, noRepeatedExpiry)
  .refine((e) => new Set(e.rights).size === e.rights.length, noRepeatedRight);
export type WatchlistEntryChoice = z.infer<typeof WatchlistEntryChoice>;

/** What a trader puts on the list: one underlying with its chosen expiries, strikes and rights. */
export const WatchlistEntrySpec = z
  .strictObject({ symbol: Symbol, ...choiceShape })
  .refine((e) => new Set(e.expiries).size === e.expiries.length, noRepeatedExpiry)
  .refine((e) => new Set(e.rights).size === e.rights.length, noRepeatedRight);
export type WatchlistEntrySpec = z.infer<typeof WatchlistEntrySpec>;

/** One option of an entry, qualified, with its market rule known (arming it looks nothing up). */
export const ResolvedOption = z.object({
  expiry: Expiry,
  strike: PositivePrice,
  right: RightSchema,
  conId: ConId,
  localSymbol: z.string(),
  multiplier: z.number().int().positive(),
  marketRuleId: z.number().int().nonnegative().nullable(),
});
export type ResolvedOption = z.infer<typeof ResolvedOption>;

export const ResolutionStatus = { PENDING: 'pending', RESOLVED: 'resolved', FAILED: 'failed' } as const;
export type ResolutionStatus = (typeof ResolutionStatus)[keyof typeof ResolutionStatus];

/** The last pre-resolution of an entry: what it found, or why it failed. */
export const EntryResolution = z.object({
  status: enumOf(ResolutionStatus),
  at: EpochMs.nullable(),
  underConId: ConId.nullable(),
  /** The underlying's price the `atm` strikes were centred on (last, else mid). */
  price: z.number().nullable(),
  /** The chosen expiries as dates (`next` resolved). */
  expiries: z.array(Expiry),
  options: z.array(ResolvedOption),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
});
export type EntryResolution = z.infer<typeof EntryResolution>;

export const WatchlistEntry = z.object({
  spec: WatchlistEntrySpec,
  addedAt: EpochMs,
  resolution: EntryResolution,
});
export type WatchlistEntry = z.infer<typeof WatchlistEntry>;

/** A trader's watch list, as stored (KV `watchlists`) and answered. */
export const Watchlist = z.object({
  owner: WatchlistOwner,
  entries: z.array(WatchlistEntry),
  updatedAt: EpochMs,
  /** When every entry is resolved again next (before the open, US/Eastern). */
  nextResolveAt: EpochMs.nullable(),
});
export type Watchlist = z.infer<typeof Watchlist>;

export const PutWatchlistEntryCommand = z.object({ owner: WatchlistOwner, entry: WatchlistEntrySpec });
export type PutWatchlistEntryCommand = z.infer<typeof PutWatchlistEntryCommand>;

export const RemoveWatchlistEntryCommand = z.object({ owner: WatchlistOwner, symbol: Symbol });
export type RemoveWatchlistEntryCommand = z.infer<typeof RemoveWatchlistEntryCommand>;

export const WatchlistOwnerQuery = z.object({ owner: WatchlistOwner });
export type WatchlistOwnerQuery = z.infer<typeof WatchlistOwnerQuery>;

/**
 * Codes of the watch-list commands besides the gateway's look-up codes (CONTRACT_NOT_FOUND,
 * EXPIRY_NOT_FOUND, TWS_DISCONNECTED …), which pass through as the order-service's arm answers them.
 */
export const WatchlistErrors = {
  STRIKE_NOT_FOUND: { http: 404, meaning: 'A listed strike does not exist for that expiry.' },
  NO_UNDERLYING_PRICE: { http: 503, meaning: 'No price of the underlying to centre ATM ± n on.', retryable: true },
  NO_MARKET_RULE: { http: 503, meaning: "An option's market rule is not available.", retryable: true },
  TOO_MANY_OPTIONS: { http: 422, meaning: 'The entry asks for more options than one entry may lease (24).' },
  WATCHLIST_FULL: { http: 422, meaning: 'The watch list holds its maximum of underlyings (40).' },
  NOT_FOUND: { http: 404, meaning: 'The underlying is not on the watch list.' },
  CONFLICT: { http: 409, meaning: 'The watch list kept changing under concurrent writers; retry.', retryable: true },
} as const satisfies ErrorTable;
export const WatchlistErrorCode = codesOf(WatchlistErrors);
export type WatchlistErrorCode = (typeof WatchlistErrorCode)[keyof typeof WatchlistErrorCode];
