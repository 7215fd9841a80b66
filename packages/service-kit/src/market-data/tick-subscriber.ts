import { Contracts, marketTickProblem, subjectOf, type MarketTick } from '@arctrigger/contracts';
import type { Msg, Subscription } from '@nats-io/transport-node';
import type { Bus } from '../bus/bus';

/**
 * The callback of a raw `md.tick.v1.<conId>` subscription: JSON, hand validation with the
 * contract's rules (`marketTickProblem`: no zod allocations on the hot path), then `onTick`. Every
 * reader of ticks uses it: a burst of ticks (a market step moves every contract at once) costs
 * microseconds each, not the tens a zod parse does, so what arrives in the same read — a
 * trigger's fire notice, a risk check — is not held up behind it. A payload that is not a
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
      const [path, message] = problem.split(': ');
      bus.deadLetter(msg, Contracts.MarketTick, 'invalid-payload', 'payload does not match its contract', [{ path: path ?? '', message: message ?? problem }]);
      return;
    }
    onTick(value as MarketTick);
  };
}

/** One contract's ticks on a raw subscription read through `tickSubscriber`. */
export function subscribeTicks(bus: Bus, conId: number, onTick: (tick: MarketTick) => void): Subscription {
  return bus.nc.subscribe(subjectOf(Contracts.MarketTick, { conId }), { callback: tickSubscriber(bus, onTick) });
}
