import { Contracts, marketTickProblem, type MarketTick } from '@arctrigger/contracts';
import { problemIssue, type Bus } from '@arctrigger/service-kit';
import type { Msg } from '@nats-io/transport-node';

/**
 * The callback of a raw `md.tick.v1.<conId>` subscription: JSON, hand validation with the
 * contract's rules (`marketTickProblem`: no zod allocations on the hot path), then `onTick`. One
 * callback for every instrument's subscription (Bus.subscribe makes one per subscription; it checks
 * ticks by the same hand check, MarketTick's `check`). A payload that is not a
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
    const problem = marketTickProblem(value);
    if (problem !== null) {
      bus.deadLetter(msg, Contracts.MarketTick, 'invalid-payload', 'payload does not match its contract', [problemIssue(problem)]);
      return;
    }
    onTick(value as MarketTick);
  };
}
