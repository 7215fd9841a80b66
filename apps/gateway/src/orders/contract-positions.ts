import type { BrokerOrderStatus, OrderRef, Side } from '@arctrigger/contracts';
import { isDone } from './broker-status';

/** One of our selling orders, as far as it may still sell. */
interface SellOrder {
  readonly conId: number;
  quantity: number;
  /** Ended at the broker (cancelled, filled, rejected, never sent): only its reported fills still count. */
  ended: boolean;
  /** Filled, as the broker's order status last said (executions may still be on their way). */
  reported: number;
  /** Filled, from the executions counted here. */
  executed: number;
}

/** One execution as the position counts it. */
export interface CountedFill {
  readonly execId: string;
  readonly orderRef: OrderRef;
  readonly conId: number;
  readonly side: Side;
  readonly shares: number;
}

/** Execution ids remembered to count each fill once (a repeat from reconciliation changes nothing). */
const MAX_REMEMBERED = 200_000;

/**
 * "Closing means closing": the contracts the account holds per contract and what our selling
 * orders may still sell of them, so that a closing order for more than is free is refused before
 * it reaches TWS. The position is the broker's own (reqPositions at every reconciliation) moved by
 * every execution the gateway hears after it — the freshest there is: the order-service learns
 * of a fill only from the gateway. A selling order holds its contracts until it is done, and a done
 * one holds what its last status said it filled until those executions are counted (IB may send
 * an execution after the cancel's status), so a fill in flight never frees a contract twice.
 */
export class ContractPositions {
  private readonly held = new Map<number, number>();
  private readonly sells = new Map<OrderRef, SellOrder>();
  private readonly counted = new Set<string>();
  /** Contracts an execution moved while a position snapshot was being read. */
  private movedDuringSnapshot: Set<number> | undefined;
  private reported = new Set<number>();
  private snapshots = 0;

  /** True once the broker's positions were read in this process: until then the position is not known. */
  get known(): boolean {
    return this.snapshots > 0;
  }

  /** Contracts held in `conId` (signed: short is negative). */
  heldIn(conId: number): number {
    return this.held.get(conId) ?? 0;
  }

  /** What our selling orders in `conId` (but `except`) may still sell, or have sold without the execution counted. */
  sellingIn(conId: number, except?: OrderRef): number {
    let sum = 0;
    for (const [ref, o] of this.sells) {
      if (o.conId !== conId || ref === except) continue;
      sum += Math.max(0, (o.ended ? o.reported : o.quantity) - o.executed);
    }
    return sum;
  }

  /** Contracts of order `orderRef` whose executions were counted here. */
  executedBy(orderRef: OrderRef): number {
    return this.sells.get(orderRef)?.executed ?? 0;
  }

  /** Why a closing SELL of `quantity` in `conId` (order `orderRef`) may not go now; undefined when it may. */
  closingRefusal(orderRef: OrderRef, conId: number, quantity: number): string | undefined {
    if (!this.known) return 'The position in this contract is not known yet (the broker\'s positions are being read); nothing was sent. Ask again shortly.';
    const held = this.heldIn(conId);
    const selling = this.sellingIn(conId, orderRef);
    if (quantity <= held - selling) return undefined;
    return `A closing sell of ${quantity} exceeds the position: ${held} held in conId ${conId}, ${selling} already being sold by working orders, so at most ${Math.max(0, held - selling)} may be closed; nothing was sent.`;
  }

  /** A selling order is on its way to the broker (or restored at start): it holds its contracts from now. */
  ordered(orderRef: OrderRef, conId: number, side: Side, quantity: number): void {
    if (side !== 'SELL') return;
    const known = this.sells.get(orderRef);
    this.sells.set(orderRef, { conId, quantity, ended: known?.ended ?? false, reported: known?.reported ?? 0, executed: known?.executed ?? 0 });
  }

  resized(orderRef: OrderRef, quantity: number): void {
    const o = this.sells.get(orderRef);
    if (o) o.quantity = quantity;
  }

  /** The order never reached the broker, or was refused there: it sells nothing. */
  dropped(orderRef: OrderRef): void {
    const o = this.sells.get(orderRef);
    if (o) o.ended = true;
    this.forgetIfSpent(orderRef);
  }

  status(orderRef: OrderRef, status: BrokerOrderStatus, filled: number): void {
    const o = this.sells.get(orderRef);
    if (!o) return;
    o.reported = Math.max(o.reported, filled);
    if (isDone(status)) o.ended = true;
    this.forgetIfSpent(orderRef);
  }

  fill(f: CountedFill): void {
    if (this.counted.has(f.execId)) return;
    if (this.counted.size >= MAX_REMEMBERED) this.counted.delete(this.counted.values().next().value as string);
    this.counted.add(f.execId);
    this.held.set(f.conId, this.heldIn(f.conId) + (f.side === 'BUY' ? f.shares : -f.shares));
    this.movedDuringSnapshot?.add(f.conId);
    const o = this.sells.get(f.orderRef);
    if (o) o.executed += f.shares;
    this.forgetIfSpent(f.orderRef);
  }

  /** An ended order whose reported fills are all counted holds nothing more. */
  private forgetIfSpent(orderRef: OrderRef): void {
    const o = this.sells.get(orderRef);
    if (o && o.ended && o.executed >= o.reported) this.sells.delete(orderRef);
  }

  /** reqPositions sent: the broker's answer replaces what the executions counted so far. */
  snapshotStarted(): void {
    this.movedDuringSnapshot = new Set();
    this.reported = new Set();
  }

  /**
   * One position of the broker's answer. Messages arrive on the same connection as executions and
   * in the broker's order, so the position includes every execution counted before it.
   */
  brokerPosition(conId: number, position: number): void {
    this.held.set(conId, position);
    this.reported.add(conId);
  }

  /** The answer is complete: a contract it does not list is flat, unless an execution moved it meanwhile. */
  snapshotEnded(): void {
    for (const conId of this.held.keys()) {
      if (!this.reported.has(conId) && !this.movedDuringSnapshot?.has(conId)) this.held.set(conId, 0);
    }
    this.movedDuringSnapshot = undefined;
    this.snapshots++;
  }
}
