import { OcaType } from './oca-type';
import { remaining, type SimOrder } from './sim-order';


/** What one execution does to another member of its group. */
export type OcaAdjustment =
  | { type: 'cancel'; order: SimOrder }
  /** The member's new total quantity (its filled quantity plus its reduced remainder). */
  | { type: 'reduce'; order: SimOrder; totalQuantity: number };

/**
 * The adjustments after `filled` executed and its remaining went from `remainingBefore` to what
 * it is now. A complete fill cancels every other member. Short of that, type 1 cancels them on
 * any execution; types 2 and 3 shrink each member's remainder by the fraction that executed
 * (rounded down; a member reduced to nothing is cancelled), so same-size orders — a stop and its
 * exits for one position — always have the position's unsold size left between them.
 */
export function ocaAdjustments(filled: SimOrder, remainingBefore: number, members: readonly SimOrder[]): OcaAdjustment[] {
  const left = remaining(filled);
  const cancelsAll = left <= 0 || filled.ocaType === OcaType.NONE || filled.ocaType === OcaType.CANCEL_WITH_BLOCK;
  const adjustments: OcaAdjustment[] = [];
  for (const order of members) {
    if (cancelsAll) {
      adjustments.push({ type: 'cancel', order });
      continue;
    }
    const reduced = Math.floor((remaining(order) * left) / remainingBefore);
    if (reduced <= 0) adjustments.push({ type: 'cancel', order });
    else if (reduced < remaining(order)) adjustments.push({ type: 'reduce', order, totalQuantity: order.filled + reduced });
  }
  return adjustments;
}

/** Whether the group's other members learn of an execution only after the current market step. */
export function adjustsAfterStep(order: SimOrder): boolean {
  return order.ocaType === OcaType.REDUCE_NON_BLOCK;
}

/**
 * OCA membership. Groups are per account, as at IB: orders from different API clients with the
 * same group name and account are one group.
 */
export class OcaGroups {
  private readonly groups = new Map<string, Set<SimOrder>>();

  join(order: SimOrder): void {
    if (order.ocaGroup === '') return;
    const key = groupKey(order);
    let members = this.groups.get(key);
    if (!members) this.groups.set(key, (members = new Set()));
    members.add(order);
  }

  leave(order: SimOrder): void {
    if (order.ocaGroup === '') return;
    const key = groupKey(order);
    const members = this.groups.get(key);
    members?.delete(order);
    if (members?.size === 0) this.groups.delete(key);
  }

  /** Every group with all its members, finished ones included, in placement order. */
  all(): { account: string; name: string; orders: SimOrder[] }[] {
    return [...this.groups.values()].map((members) => {
      const orders = [...members];
      return { account: orders[0]!.account, name: orders[0]!.ocaGroup, orders };
    });
  }

  /** The members of one group (any account), in placement order. */
  group(name: string): SimOrder[] {
    return this.all().filter((g) => g.name === name).flatMap((g) => g.orders);
  }

  /** The other members of `order`'s group that `isOpen` accepts, in placement order. */
  others(order: SimOrder, isOpen: (o: SimOrder) => boolean): SimOrder[] {
    if (order.ocaGroup === '') return [];
    const members = this.groups.get(groupKey(order));
    return members ? [...members].filter((o) => o !== order && isOpen(o)) : [];
  }
}

function groupKey(order: SimOrder): string {
  return `${order.account}\u0000${order.ocaGroup}`;
}
