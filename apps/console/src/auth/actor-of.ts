import type { Actor } from '@arctrigger/contracts';
import type { Principal } from './principal';

/** The caller as a trade command's `by`: the order-service records it on the events and checks it against the trade's owner. */
export function actorOf(caller: Principal): Actor {
  return { kind: 'user', id: caller.tokenId, name: caller.name, role: caller.role };
}
