import type { TradeView } from '@arctrigger/contracts';
import { awaitingProtection } from '../lifecycle/trade-state-sets';

/** Whether the position lacks the stop it should have (a waived stop asks for none; a full close needs none). */
export function isUnprotected(v: TradeView): boolean {
  return v.openQuantity > 0 && v.stopLevel !== null && v.stopTriggerId === null && v.closing === null && awaitingProtection(v.state);
}
