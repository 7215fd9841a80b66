import { fail, ok, type BrokerHolding, type ConId, type Right, type TradeView } from '@arctrigger/contracts';

/** The option of an external position, as the broker's position message describes it. */
export interface HeldOption {
  symbol: string;
  /** YYYYMMDD. */
  expiry: string;
  strike: number;
  right: Right;
}

/** What adopting contract `conId` takes over: the broker's long position less what the trades hold. */
export interface ExternalHolding {
  conId: ConId;
  /** Contracts to adopt (> 0, whole). */
  quantity: number;
  /** The broker's whole position in the contract. */
  brokerPosition: number;
  /** The broker's average cost per contract (multiplier included, as IB reports it). */
  avgCost: number;
  option: HeldOption;
}

const EXPIRY = /^20\d{6}$/;

/**
 * Whether contract `conId` is an external position now, and what adopting it takes over. Pure:
 * given the broker's positions (a snapshot just taken) and the trades of the working set. Refused —
 * with the reason — when the broker holds none of it beyond what the trades hold (already adopted,
 * when an adopted trade holds it), when it is short, or when it is not an option whose contract the
 * broker described.
 */
export function externalHolding(conId: ConId, positions: readonly BrokerHolding[], trades: readonly TradeView[]) {
  const at = positions.filter((p) => p.conId === conId && p.position !== 0);
  const brokerPosition = at.reduce((sum, p) => sum + p.position, 0);
  const holders = trades.filter((v) => v.optionConId === conId && v.openQuantity > 0);
  const held = holders.reduce((sum, v) => sum + v.openQuantity, 0);
  const external = brokerPosition - held;
  if (brokerPosition === 0) return fail('NOT_EXTERNAL', `the broker holds no position in contract ${conId}`);
  if (external < 0 || brokerPosition < 0) {
    return fail('SHORT_NOT_ADOPTED', `the position in contract ${conId} is short (${external} beyond what ArcTrigger's trades hold): only long positions are adopted`);
  }
  if (external === 0) {
    const adopted = holders.find((v) => v.adoptedAt !== null);
    if (adopted) return fail('ALREADY_ADOPTED', `contract ${conId} was adopted already: trade ${adopted.tradeId} holds it`);
    return fail('NOT_EXTERNAL', `ArcTrigger's trades (${holders.map((v) => v.tradeId).join(', ')}) hold the broker's whole position of ${brokerPosition} in contract ${conId}`);
  }
  if (!Number.isInteger(external)) return fail('NOT_EXTERNAL', `the external position in contract ${conId} is not a whole number of contracts (${external})`);
  const c = at[0]!.contract;
  if (!c) return fail('CONTRACT_UNKNOWN', `the broker's position in contract ${conId} does not describe its contract (a gateway of an earlier release?)`);
  if (c.secType !== 'OPT') return fail('NOT_AN_OPTION', `contract ${conId} (${c.localSymbol || c.symbol}) is a ${c.secType}: only options are adopted (their stop is on the underlying)`);
  if (!c.symbol || !c.expiry || !EXPIRY.test(c.expiry) || !c.strike || !c.right) {
    return fail('CONTRACT_UNKNOWN', `the broker describes contract ${conId} without its symbol, expiry, strike or right (${JSON.stringify(c)})`);
  }
  const avgCost = at.reduce((sum, p) => sum + p.avgCost * p.position, 0) / brokerPosition;
  const option: HeldOption = { symbol: c.symbol, expiry: c.expiry, strike: c.strike, right: c.right };
  return ok<ExternalHolding>({ conId, quantity: external, brokerPosition, avgCost, option });
}
