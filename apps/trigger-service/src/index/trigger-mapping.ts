import { Direction, PriceSource, SessionScope, type FiringTick, type MarketTick, type PriceSource as PriceSourceName, type Session } from '@arctrigger/contracts';
import { ScopeCode, SourceCode, type IndexedTrigger } from './indexed-trigger';
import { sessionMask } from './trigger-index';

/** The fields of a trigger record the index needs. */
export interface TriggerSpecFields {
  triggerId: string;
  conId: number;
  priceSource: PriceSourceName;
  direction: Direction;
  level: number;
  sessionScope: SessionScope;
  confirmation?: { ticks?: number; ms?: number } | undefined;
}

export const SOURCE_NAMES: readonly PriceSourceName[] = [PriceSource.LAST, PriceSource.BID, PriceSource.ASK, PriceSource.MID];

export function toIndexed(spec: TriggerSpecFields): IndexedTrigger {
  return {
    id: spec.triggerId as IndexedTrigger['id'],
    conId: spec.conId,
    source: SourceCode[spec.priceSource],
    scope: spec.sessionScope === SessionScope.EXTENDED ? ScopeCode.extended : ScopeCode.regular,
    above: spec.direction === Direction.ABOVE,
    level: spec.level,
    confirmTicks: spec.confirmation?.ticks ?? 0,
    confirmMs: spec.confirmation?.ms ?? 0,
  };
}

/** A tick's price for a source (mid needs both sides), or undefined when it carries none. */
export function priceOf(tick: MarketTick, source: PriceSourceName): number | undefined {
  if (source === PriceSource.MID) return tick.bid !== null && tick.ask !== null ? (tick.bid + tick.ask) / 2 : undefined;
  return tick[source] ?? undefined;
}

/** Whether a quote, in its session, meets a trigger's condition (strict crossing, scope honoured). */
export function metBy(spec: TriggerSpecFields, tick: MarketTick, session: Session): number | undefined {
  const t = toIndexed(spec);
  if ((sessionMask(session) & (1 << t.scope)) === 0) return undefined;
  const price = priceOf(tick, spec.priceSource);
  return price !== undefined && (t.above ? price > t.level : price < t.level) ? price : undefined;
}

export function firingTick(tick: MarketTick, source: SourceCode, price: number): FiringTick {
  return {
    conId: tick.conId,
    price,
    source: SOURCE_NAMES[source] as PriceSourceName,
    seq: tick.seq,
    exchangeTime: tick.exchangeTime,
    receivedAt: tick.receivedAt,
  };
}
