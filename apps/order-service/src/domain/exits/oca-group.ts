import type { TradeId } from '@arctrigger/contracts';

/** The OCA group of a trade's exits and its protective stop: at the broker, one execution cancels the others. */
export function ocaGroupOf(id: TradeId): string {
  return `oca-${id}`;
}
