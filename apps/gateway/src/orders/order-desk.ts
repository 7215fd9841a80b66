import { OrderAction, type Contract, type Order, type OrderType as IbOrderType } from '@stoqey/ib';
import {
  fail,
  ok,
  OrderCommandErrorCode,
  PlacementOutcome,
  type ConId,
  type ModifyOrderCommand,
  type OrderPlacement,
  type OrderRef,
  type PlaceOrderCommand,
  type PlaceOrderCommandV2,
  type Reply,
  type RiskDecided,
} from '@arctrigger/contracts';
import type { CasResult, Clock } from '@arctrigger/service-kit';
import type { OrderIdAllocator } from '../ids/order-id-allocator';
import type { TwsLookups } from '../lookups/tws-lookups';
import { Priority } from '../pacing/pacer';
import type { TwsSession } from '../tws/tws-session';
import type { BrokerOrderTracker } from './broker-order-tracker';
import type { ContractPositions } from './contract-positions';
import { PACING_VIOLATION } from '../connection/ib-codes';
import { killSwitchVerdict, type TradingStateRead } from './kill-switch';
import type { OrderSignals } from './order-signals';
import { PlacementState, type PlacementRecord, type SentOrder } from './placement-record';
import type { PlacementStore } from './placement-store';
import type { RiskApprovals } from './risk-approvals';
import { isOnTickGrid, incrementAt } from './tick-grid';

/** A placement's start: its record, and the record's create, the id's save and the kill-switch read, settled together. */
interface PlacementStart {
  readonly record: PlacementRecord;
  readonly settled: Promise<{
    readonly saved: PromiseSettledResult<void>;
    readonly stored: PromiseSettledResult<CasResult>;
    readonly tradingState: PromiseSettledResult<TradingStateRead>;
  }>;
}

/** Order command failures are part of the contract. */
const OrderCode = OrderCommandErrorCode;

/**
 * An order TWS drops for pacing (100) is sent again by the gateway after these pauses (nothing is
 * at the broker, the id is unused): a paced entry goes out within four seconds instead of waiting
 * for the order-service's retry, by when its price may be too old to trade on. Still dropped after
 * the last one: answered retryable.
 */
export const PACING_RESEND_PAUSES_MS: readonly number[] = [250, 500, 1_000, 2_000];

export interface OrderDeskDeps {
  session: TwsSession;
  store: PlacementStore;
  tracker: BrokerOrderTracker;
  signals: OrderSignals;
  allocator: OrderIdAllocator;
  lookups: TwsLookups;
  tradingState: () => Promise<TradingStateRead>;
  approvals: RiskApprovals;
  /** The position per contract and what our sells hold of it: closing orders never sell more. */
  positions: ContractPositions;
  clock: Clock;
  ackTimeoutMs: number;
  /** A placement was answered `unknown`: its outcome must still be found at the broker. */
  onUnknownOutcome: (orderRef: OrderRef) => void;
  /** An order (placement or modification) was written to TWS. */
  onWritten?: (orderRef: OrderRef) => void;
}

/**
 * Order commands from the order-service: place (idempotent by orderRef), modify, cancel, and the
 * kill switch's cancel-opening. A placement is recorded in KV before it leaves, so a repeat — even
 * concurrent, even after a restart — gets the first answer and never a second broker order. An
 * unacknowledged placement is answered `unknown` and resolved by reconciliation, never re-sent.
 */
export class OrderDesk {
  private readonly inFlight = new Map<OrderRef, Promise<Reply<OrderPlacement>>>();

  constructor(private readonly d: OrderDeskDeps) {}

  /** True while a placement for `orderRef` is being decided in this process. */
  isPlacing(orderRef: OrderRef): boolean {
    return this.inFlight.has(orderRef);
  }

  place(cmd: PlaceOrderCommand): Promise<Reply<OrderPlacement>> {
    return this.placeOnceAtATime(cmd);
  }

  /**
   * v2: the same placement, sent only on the risk-service's approval of `cmd.riskCheckId`, waited
   * for while the record is written; without it the record goes and nothing is sent.
   */
  placeOnApproval(cmd: PlaceOrderCommandV2): Promise<Reply<OrderPlacement>> {
    return this.placeOnceAtATime(cmd, () => this.d.approvals.approvalOf(cmd));
  }

  private placeOnceAtATime(cmd: PlaceOrderCommand, approval?: () => Promise<Reply<RiskDecided>>): Promise<Reply<OrderPlacement>> {
    const running = this.inFlight.get(cmd.orderRef);
    if (running) return running;
    const started = this.placeOnce(cmd, approval?.()).finally(() => this.inFlight.delete(cmd.orderRef));
    this.inFlight.set(cmd.orderRef, started);
    return started;
  }

  private async placeOnce(cmd: PlaceOrderCommand, approval?: Promise<Reply<RiskDecided>>): Promise<Reply<OrderPlacement>> {
    const sent: SentOrder = { conId: cmd.conId, side: cmd.side, quantity: cmd.quantity, orderType: cmd.orderType, limitPrice: cmd.limitPrice, stopPrice: cmd.stopPrice, tif: cmd.tif, outsideRth: cmd.outsideRth, opening: cmd.opening, ocaGroup: cmd.ocaGroup };
    // A command that cannot be sent now answers with its earlier placement, if there is one.
    if (!this.d.session.isReady || !this.d.allocator.seeded) {
      return this.refusedUnlessPlaced(cmd, fail(OrderCode.TWS_DISCONNECTED, 'The gateway is not connected to TWS; nothing was sent.', { retryable: true }));
    }
    // The placement's one round trip leaves first, in the command's own turn: the record's create
    // (whose compare-and-set finds a repeat) and the kill-switch read travel while the order is
    // checked against the contract (cached look-ups) and, for v2, while its approval is awaited.
    const writing = this.startPlacement(cmd, sent);
    let refused: Reply<never> | undefined;
    try {
      refused = (await this.validate(sent)) ?? this.closingRefusal(cmd.orderRef, sent);
    } catch (error) {
      await this.withdraw(cmd, writing);
      throw error;
    }
    if (refused) return (await this.withdraw(cmd, writing)) ? this.refusedUnlessPlaced(cmd, refused) : refused;
    // Checked and counted in one turn of the event loop: two closing sells cannot both take the same contracts.
    this.d.positions.ordered(cmd.orderRef, cmd.conId, cmd.side, cmd.quantity);
    // Accepted or unknown: it is (or may be) at the broker and holds its contracts. Refused: it sells nothing.
    const answer = await this.placeChecked(cmd, sent, writing, approval).catch((error: unknown) => {
      this.d.positions.dropped(cmd.orderRef);
      throw error;
    });
    if (!answer.ok) this.d.positions.dropped(cmd.orderRef);
    return answer;
  }

  /** A refused command's answer: its earlier placement when there is one, else the refusal. */
  private async refusedUnlessPlaced(cmd: PlaceOrderCommand, refused: Reply<never>): Promise<Reply<OrderPlacement>> {
    const existing = await this.d.store.get(cmd.orderRef);
    return existing ? answerFor(existing.value, cmd) : refused;
  }

  /**
   * The placement's record (SENDING, under a fresh IB order id), written with a compare-and-set, and
   * beside it the high-water save of the id and the kill-switch read (KV, read after the command
   * arrived): one round trip, all three settled together.
   */
  private startPlacement(cmd: PlaceOrderCommand, sent: SentOrder): PlacementStart {
    const { id: ibOrderId, persisted } = this.d.allocator.take();
    const now = this.d.clock.now();
    const record: PlacementRecord = { orderRef: cmd.orderRef, ibOrderId, clientId: this.d.session.clientId, permId: null, state: PlacementState.SENDING, order: sent, rejection: null, createdAt: now, updatedAt: now };
    const settled = Promise.allSettled([persisted, this.d.store.create(record), this.d.tradingState()]).then(([saved, stored, tradingState]) => ({ saved, stored, tradingState }));
    return { record, settled };
  }

  /**
   * A command refused (or failed) after its placement started: the record it wrote goes. True when
   * its create found an earlier placement of the orderRef, which answers a repeat.
   */
  private async withdraw(cmd: PlaceOrderCommand, writing: PlacementStart): Promise<boolean> {
    const { stored } = await writing.settled;
    if (stored.status === 'rejected') return false;
    if (!stored.value.ok) return true;
    await this.d.store.remove(cmd.orderRef, stored.value.revision);
    return false;
  }

  /**
   * Closing means closing: a closing SELL for more than the account holds in the contract, net of
   * what our working sells may still sell, is refused before it reaches TWS. Opening orders and
   * closing BUYs (covering a short) are not bounded here.
   */
  private closingRefusal(orderRef: OrderRef, order: SentOrder, alreadyExecuted = 0): Reply<never> | undefined {
    if (order.opening || order.side !== 'SELL') return undefined;
    const why = this.d.positions.closingRefusal(orderRef, order.conId, order.quantity - alreadyExecuted);
    return why ? fail(OrderCode.CLOSING_EXCEEDS_POSITION, why, { retryable: true }) : undefined;
  }

  private async placeChecked(cmd: PlaceOrderCommand, sent: SentOrder, writing: PlacementStart, approval?: Promise<Reply<RiskDecided>>): Promise<Reply<OrderPlacement>> {
    const { record } = writing;
    const { ibOrderId } = record;
    // A failed save or a refusal leaves nothing behind: the record goes, nothing was sent.
    const { saved, stored, tradingState } = await writing.settled;
    if (stored.status === 'rejected') throw stored.reason;
    const created = stored.value;
    if (saved.status === 'rejected') {
      if (created.ok) await this.d.store.remove(cmd.orderRef, created.revision);
      throw saved.reason;
    }
    if (!created.ok) {
      const winner = await this.d.store.get(cmd.orderRef);
      return winner ? answerFor(winner.value, cmd) : fail(OrderCode.OUTCOME_UNKNOWN, 'Placement record vanished; ask again.', { retryable: true });
    }
    // A repeat was answered above from the first placement; a new one waits for its approval here.
    const approved = approval ? await approval : undefined;
    const withheld = approved && !approved.ok ? approved : killSwitchVerdict(tradingState.status === 'fulfilled' ? tradingState.value : { error: String(tradingState.reason) }, cmd.opening);
    if (withheld) {
      await this.d.store.remove(cmd.orderRef, created.revision);
      return withheld;
    }
    this.d.tracker.expect(cmd.orderRef, ibOrderId, cmd.conId);
    let { result, written } = await this.sendAndWait(cmd, ibOrderId, sent);
    for (const pause of PACING_RESEND_PAUSES_MS) {
      if (!(result.kind === 'signal' && result.signal.kind === 'error' && result.signal.code === PACING_VIOLATION)) break;
      await new Promise<void>((resolve) => void this.d.clock.setTimer(pause, resolve));
      // The kill switch may have been thrown during the pause: an opening order it stops is not sent again.
      const halted = killSwitchVerdict(await this.d.tradingState().catch((error: unknown) => ({ error: String(error) })), cmd.opening);
      if (halted) {
        await this.d.store.remove(cmd.orderRef, created.revision);
        return halted;
      }
      ({ result, written } = await this.sendAndWait(cmd, ibOrderId, sent));
    }
    let next: PlacementRecord;
    if (result.kind === 'signal' && result.signal.kind === 'status') {
      next = { ...record, state: PlacementState.ACCEPTED, permId: result.signal.permId };
    } else if (result.kind === 'signal' && result.signal.kind === 'error' && result.signal.code === PACING_VIOLATION) {
      // TWS dropped the request (pacing) every time it was sent: nothing is at the broker, so the
      // record goes and the same command may be sent again.
      await this.d.store.remove(cmd.orderRef, created.revision);
      return fail(OrderCode.ORDER_REJECTED, `TWS dropped the order for pacing (100): ${result.signal.message}. Nothing was placed; send it again.`, { retryable: true });
    } else if (result.kind === 'signal' && result.signal.kind === 'error') {
      next = { ...record, state: PlacementState.REJECTED, rejection: { code: String(result.signal.code), message: result.signal.message } };
    } else if (!written) {
      // It never left the gateway: the record goes, so the same command may be sent again later.
      await this.d.store.remove(cmd.orderRef, created.revision);
      return fail(OrderCode.TWS_DISCONNECTED, 'The connection to TWS was lost before the order was sent; nothing reached the broker.', { retryable: true });
    } else {
      next = { ...record, state: PlacementState.UNKNOWN };
      const reason = result.kind === 'connection-lost' ? result.reason : `no acknowledgement within ${this.d.ackTimeoutMs} ms`;
      this.d.tracker.publishResolution('unknown', cmd.orderRef, ibOrderId, cmd.conId, reason);
      this.resolveWhenHeard(cmd.orderRef);
      this.d.onUnknownOutcome(cmd.orderRef);
    }
    next.updatedAt = this.d.clock.now();
    await this.d.store.save(next, created.revision);
    return answerFor(next, cmd);
  }

  /** Writes the placement to TWS and waits for its first answer (a status, an error, or none within the ack timeout). */
  private async sendAndWait(cmd: PlaceOrderCommand, ibOrderId: PlacementRecord['ibOrderId'], sent: SentOrder) {
    const { outcome } = this.d.signals.wait(cmd.orderRef, () => true, this.d.ackTimeoutMs);
    let written = false;
    this.d.session.send(Priority.ORDER, (api) => {
      written = true;
      api.placeOrder(ibOrderId, ibContract(cmd.conId), ibOrder(cmd.orderRef, sent));
      this.d.onWritten?.(cmd.orderRef);
    });
    return { result: await outcome, written };
  }

  /** A late acknowledgement or rejection settles an `unknown` placement without waiting for reconciliation. */
  private resolveWhenHeard(orderRef: OrderRef): void {
    const stop = this.d.tracker.watch(orderRef, (signal) => {
      stop();
      void (async () => {
        const current = await this.d.store.get(orderRef);
        if (!current || current.value.state !== PlacementState.UNKNOWN) return;
        const settled: PlacementRecord =
          signal.kind === 'status'
            ? { ...current.value, state: PlacementState.ACCEPTED, permId: signal.permId, updatedAt: this.d.clock.now() }
            : { ...current.value, state: PlacementState.REJECTED, rejection: { code: String(signal.code), message: signal.message }, updatedAt: this.d.clock.now() };
        await this.d.store.save(settled, current.revision);
      })();
    });
  }

  async modify(cmd: ModifyOrderCommand): Promise<Reply<{ orderRef: OrderRef; ibOrderId: PlacementRecord['ibOrderId'] }>> {
    const existing = await this.d.store.get(cmd.orderRef);
    if (!existing) return fail(OrderCode.ORDER_NOT_FOUND, `No order ${cmd.orderRef} was placed through this gateway.`);
    const record = existing.value;
    const status = this.d.tracker.get(cmd.orderRef)?.status;
    if (record.state !== PlacementState.ACCEPTED || status === 'filled' || status === 'cancelled') {
      return fail(OrderCode.ORDER_NOT_WORKING, `Order ${cmd.orderRef} is not working at the broker (${status ?? record.state}).`);
    }
    const changed: SentOrder = { ...record.order, quantity: cmd.quantity ?? record.order.quantity, limitPrice: cmd.limitPrice ?? record.order.limitPrice, stopPrice: cmd.stopPrice ?? record.order.stopPrice };
    const refused = killSwitchVerdict(await this.d.tradingState(), record.order.opening && changed.quantity >= record.order.quantity);
    if (refused) return refused;
    const invalid = (await this.validate(changed)) ?? (changed.quantity > record.order.quantity ? this.closingRefusal(cmd.orderRef, changed, this.d.positions.executedBy(cmd.orderRef)) : undefined);
    if (invalid) return invalid;
    const { outcome } = this.d.signals.wait(cmd.orderRef, () => true, this.d.ackTimeoutMs);
    if (!this.d.session.send(Priority.ORDER, (api) => api.placeOrder(record.ibOrderId, ibContract(changed.conId), ibOrder(cmd.orderRef, changed)))) {
      return fail(OrderCode.TWS_DISCONNECTED, 'The gateway is not connected to TWS; nothing was sent.', { retryable: true });
    }
    const result = await outcome;
    if (result.kind === 'signal' && result.signal.kind === 'error') return fail(OrderCode.ORDER_REJECTED, `TWS refused the modification (${result.signal.code}): ${result.signal.message}`);
    await this.d.store.save({ ...record, order: changed, updatedAt: this.d.clock.now() }, existing.revision);
    this.d.positions.resized(cmd.orderRef, changed.quantity);
    if (result.kind !== 'signal') return fail(OrderCode.OUTCOME_UNKNOWN, `The modification was sent but not acknowledged (${result.kind}); watch the order's events.`, { retryable: false });
    return ok({ orderRef: cmd.orderRef, ibOrderId: record.ibOrderId });
  }

  async cancel(orderRef: OrderRef): Promise<Reply<{ orderRef: OrderRef; ibOrderId: PlacementRecord['ibOrderId'] }>> {
    const existing = await this.d.store.get(orderRef);
    if (!existing) return fail(OrderCode.ORDER_NOT_FOUND, `No order ${orderRef} was placed through this gateway.`);
    const { ibOrderId } = existing.value;
    const status = this.d.tracker.get(orderRef)?.status;
    if (status === 'filled' || status === 'cancelled') return fail(OrderCode.ORDER_NOT_WORKING, `Order ${orderRef} is already ${status}.`);
    const { outcome } = this.d.signals.wait(orderRef, (s) => (s.kind === 'status' && (s.status === 'cancelled' || s.status === 'pending-cancel' || s.status === 'filled')) || (s.kind === 'error' && s.code !== 202), this.d.ackTimeoutMs);
    if (!this.d.session.send(Priority.ORDER, (api) => api.cancelOrder(ibOrderId))) {
      return fail(OrderCode.TWS_DISCONNECTED, 'The gateway is not connected to TWS; nothing was sent.', { retryable: true });
    }
    const result = await outcome;
    if (result.kind === 'signal' && result.signal.kind === 'error') return fail(OrderCode.ORDER_NOT_WORKING, `TWS could not cancel ${orderRef} (${result.signal.code}): ${result.signal.message}`);
    if (result.kind === 'signal' && result.signal.kind === 'status' && result.signal.status === 'filled') return fail(OrderCode.ORDER_NOT_WORKING, `Order ${orderRef} filled before the cancel.`);
    if (result.kind !== 'signal') return fail(OrderCode.OUTCOME_UNKNOWN, `The cancel was sent but not confirmed (${result.kind}); watch the order's events.`);
    return ok({ orderRef, ibOrderId });
  }

  /** Kill switch: cancels every working opening order this gateway knows of. */
  async cancelOpening(): Promise<Reply<{ cancelled: OrderRef[] }>> {
    const working = this.d.tracker.orders().filter((o) => o.status !== 'filled' && o.status !== 'cancelled');
    const cancelled: OrderRef[] = [];
    await Promise.all(
      working.map(async (o) => {
        const record = await this.d.store.get(o.orderRef);
        if (!record?.value.order.opening) return;
        const r = await this.cancel(o.orderRef);
        if (r.ok || r.code === OrderCode.OUTCOME_UNKNOWN) cancelled.push(o.orderRef);
      }),
    );
    return ok({ cancelled: cancelled.sort() });
  }

  /** Schema-valid but impossible orders never reach the broker: unknown contract, off-grid price. */
  private async validate(order: SentOrder): Promise<Reply<never> | undefined> {
    const contract = await this.d.lookups.contractById(order.conId, Priority.ORDER);
    if (!contract.ok) {
      return contract.code === 'CONTRACT_NOT_FOUND' ? fail(OrderCode.UNKNOWN_CONTRACT, `conId ${order.conId} is not a contract TWS knows.`) : contract;
    }
    const ruleId = contract.value.marketRuleIds[0];
    const prices = [order.limitPrice, order.stopPrice].filter((p): p is number => p !== undefined);
    if (ruleId === undefined || prices.length === 0) return undefined;
    const rule = await this.d.lookups.marketRule(ruleId, Priority.ORDER);
    if (!rule.ok) return rule;
    for (const price of prices) {
      if (!isOnTickGrid(rule.value, price)) {
        return fail(OrderCode.OFF_TICK_GRID, `Price ${price} is off the tick grid for ${contract.value.localSymbol || order.conId}: it must be a multiple of ${incrementAt(rule.value, price)} at this price.`);
      }
    }
    return undefined;
  }
}

function answerFor(record: PlacementRecord, cmd: PlaceOrderCommand): Reply<OrderPlacement> {
  if (record.order.conId !== cmd.conId || record.order.side !== cmd.side || record.order.opening !== cmd.opening) {
    return fail(OrderCode.ORDER_REF_CONFLICT, `orderRef ${cmd.orderRef} was already used for a different order.`);
  }
  const placement = { orderRef: record.orderRef, ibOrderId: record.ibOrderId, permId: record.permId };
  switch (record.state) {
    case PlacementState.ACCEPTED:
      return ok({ ...placement, outcome: PlacementOutcome.ACCEPTED });
    case PlacementState.SENDING:
    case PlacementState.UNKNOWN:
      return ok({ ...placement, outcome: PlacementOutcome.UNKNOWN });
    case PlacementState.REJECTED:
      return fail(OrderCode.ORDER_REJECTED, `TWS rejected the order (${record.rejection?.code}): ${record.rejection?.message}`);
    case PlacementState.NOT_FOUND:
      return fail(OrderCode.ORDER_LOST, `Order ${record.orderRef} never reached the broker; place it again under a new attempt.`);
  }
}

function ibContract(conId: ConId): Contract {
  return { conId, exchange: 'SMART' };
}

function ibOrder(orderRef: OrderRef, o: SentOrder): Order {
  return {
    action: o.side === 'BUY' ? OrderAction.BUY : OrderAction.SELL,
    totalQuantity: o.quantity,
    orderType: o.orderType as IbOrderType,
    ...(o.limitPrice !== undefined ? { lmtPrice: o.limitPrice } : {}),
    ...(o.stopPrice !== undefined ? { auxPrice: o.stopPrice } : {}),
    tif: o.tif,
    outsideRth: o.outsideRth,
    orderRef,
    transmit: true,
    ...(o.ocaGroup ? { ocaGroup: o.ocaGroup, ocaType: 1 } : {}),
  };
}
