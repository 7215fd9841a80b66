import { Contracts, type MarketTick } from '@arctrigger/contracts';
import type { Bus } from '@arctrigger/service-kit';
import type { Msg } from '@nats-io/transport-node';
import { tickProblem } from './tick-validator';

/**
 * The callback of a raw `md.tick.v1.<conId>` subscription: JSON, hand validation with the
 * contract's rules (no zod allocations on the hot path), then `onTick`. A payload that is not a
 * valid MarketTick is dead-lettered with the offending field.
 */
export function tickSubscriber(bus: Bus, onTick: (tick: MarketTick) => void): (err: Error | null, msg: Msg) => void {
  return (err, msg) => {
    if (err) return;
    let value: unknown;
    try {
      value = msg.json();
    } catch {
      bus.deadLetter(msg, Contracts.MarketTick, 'invalid-payload', 'payload is not JSON', []);
      return;
    }
    const problem = tickProblem(value);
    if (problem !== null) {
      const [path, message] = problem.split(': ');
      bus.deadLetter(msg, Contracts.MarketTick, 'invalid-payload', 'payload does not match its contract', [{ path: path ?? '', message: message ?? problem }]);
      return;
    }
    onTick(value as MarketTick);
  };
}
