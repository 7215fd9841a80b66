import { PriceSource, Session } from '../core/enums';
import { isIdToken, isNonNegativeInt, isPositiveInt, isPositivePrice, isRecord, valuesOf } from '../core/hand-check';
import { TriggerPurpose } from './trigger-spec';

const SESSIONS = valuesOf(Session);
const SOURCES = valuesOf(PriceSource);
const PURPOSES = valuesOf(TriggerPurpose);

/**
 * The TriggerFiring contract checked by hand (ContractBase.check), for the fire path: the
 * trigger-service sends a notice and the order-service acts on it a bus hop before anything else.
 * The same rules as the zod schema (a property test holds the two equal). Null when valid, else the
 * first problem as `path: message`.
 */
export function triggerFiringProblem(v: unknown): string | null {
  if (!isRecord(v)) return '(root): expected object';
  if (!isIdToken(v.triggerId)) return 'triggerId: expected letters, digits, _ or -, 1..64 chars';
  const owner = v.owner;
  if (!isRecord(owner)) return 'owner: expected object';
  if (!isIdToken(owner.tradeId)) return 'owner.tradeId: expected letters, digits, _ or -, 1..64 chars';
  if (!PURPOSES.has(owner.purpose)) return `owner.purpose: expected one of ${[...PURPOSES].join(', ')}`;
  if (!isNonNegativeInt(v.at)) return 'at: expected epoch ms';
  const tick = v.tick;
  if (!isRecord(tick)) return 'tick: expected object';
  if (!isPositiveInt(tick.conId)) return 'tick.conId: expected a positive integer';
  if (!isPositivePrice(tick.price)) return 'tick.price: expected a positive price';
  if (!SOURCES.has(tick.source)) return `tick.source: expected one of ${[...SOURCES].join(', ')}`;
  if (!isNonNegativeInt(tick.seq)) return 'tick.seq: expected a non-negative integer';
  if (tick.exchangeTime !== null && !isNonNegativeInt(tick.exchangeTime)) return 'tick.exchangeTime: expected epoch ms or null';
  if (!isNonNegativeInt(tick.receivedAt)) return 'tick.receivedAt: expected epoch ms';
  if (!isPositivePrice(v.level)) return 'level: expected a positive price';
  if (!SESSIONS.has(v.session)) return `session: expected one of ${[...SESSIONS].join(', ')}`;
  return null;
}
