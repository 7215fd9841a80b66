import { z } from 'zod';
import { OrderLeg, parseOrderRef, type CommissionReport, type Execution } from '@arctrigger/contracts';
import type { TypedKv, RunningKvWatch } from '@arctrigger/service-kit';
import type { Cents } from '../rules/money';
import { OpenedNotional } from './opened-notional';
import { applyCommission, applyExecution, newPosition, type PositionRecord, type ContractInfo } from './position';

/** What the risk-service learned about a contract from the checks it approved. */
export const ContractRecord = z.object({ underlying: z.string(), multiplier: z.number().int().positive() });
export type ContractRecord = z.infer<typeof ContractRecord>;

/** US equity options: 100 shares per contract, used when a fill arrives for a contract never checked. */
const DEFAULT_MULTIPLIER = 100;

/**
 * Positions per trade, in memory and in KV (`risk/position.<tradeId>`). Executions carry only the
 * conId, so the underlying and multiplier come from the approved risk checks (`risk/contract.<conId>`);
 * a fill for a contract never checked here is kept with underlying null and multiplier 100.
 * Fills whose orderRef is not ours (placed in TWS by hand) are not tracked.
 */
export class PositionBook {
  private readonly positions = new Map<string, PositionRecord>();
  private readonly contracts = new Map<number, ContractInfo>();
  private readonly opened = new OpenedNotional();
  private watching: RunningKvWatch | undefined;

  constructor(
    private readonly positionsKv: TypedKv<typeof PositionRecord>,
    private readonly contractsKv: TypedKv<typeof ContractRecord>,
  ) {}

  async load(): Promise<void> {
    for (const e of await this.contractsKv.entries('contract.>')) this.contracts.set(Number(e.key.slice('contract.'.length)), e.value);
    for (const e of await this.positionsKv.entries('position.>')) this.hold(e.value);
    // Instances share the executions consumer: each sees the positions the others wrote.
    this.watching = await this.positionsKv.watch(({ value: p }) => p && this.hold(p), { key: 'position.>', from: 'updates' });
  }

  stop(): void {
    this.watching?.stop();
  }

  async rememberContract(conId: number, info: ContractRecord): Promise<void> {
    const known = this.contracts.get(conId);
    if (known && known.underlying === info.underlying && known.multiplier === info.multiplier) return;
    this.contracts.set(conId, info);
    await this.contractsKv.put(`contract.${conId}`, info);
  }

  contractInfo(conId: number): ContractInfo {
    return this.contracts.get(conId) ?? { underlying: null, multiplier: DEFAULT_MULTIPLIER };
  }

  /**
   * Applies a fill (an entry fill also counts its premium as opened on `day`); returns the updated
   * position, or undefined when not ours or already applied.
   */
  async applyExecution(exec: Execution, day: string): Promise<PositionRecord | undefined> {
    const ref = parseOrderRef(exec.orderRef);
    if (!ref) return undefined;
    const current = this.positions.get(ref.tradeId) ?? newPosition(ref.tradeId, exec.conId, this.contractInfo(exec.conId), exec.executedAt);
    const next = applyExecution(current, exec, day, ref.leg === OrderLeg.ENTRY);
    if (!next) return undefined;
    await this.save(next);
    return next;
  }

  async applyCommission(report: CommissionReport, day: string, at: number): Promise<PositionRecord | undefined> {
    const ref = report.orderRef ? parseOrderRef(report.orderRef) : undefined;
    const current = ref ? this.positions.get(ref.tradeId) : undefined;
    if (!current) return undefined;
    const next = applyCommission(current, report.execId, report.commission, day, at);
    if (!next) return undefined;
    await this.save(next);
    return next;
  }

  all(): PositionRecord[] {
    return [...this.positions.values()];
  }

  /** Trades holding a non-zero position. */
  openTradeIds(): Set<string> {
    const open = new Set<string>();
    for (const p of this.positions.values()) if (p.quantity !== 0) open.add(p.tradeId);
    return open;
  }

  /** Whether this contract is ours: checked here, or held by one of our trades. */
  knows(conId: number): boolean {
    if (this.contracts.has(conId)) return true;
    for (const p of this.positions.values()) if (p.conId === conId) return true;
    return false;
  }

  /** Contracts of `conId` held over every trade (signed), as counted from executions. */
  quantityOf(conId: number): number {
    let sum = 0;
    for (const p of this.positions.values()) if (p.conId === conId) sum += p.quantity;
    return sum;
  }

  heldConIds(): Set<number> {
    const held = new Set<number>();
    for (const p of this.positions.values()) if (p.quantity !== 0) held.add(p.conId);
    return held;
  }

  /** Entry premium filled on `day` over every trade (cents). */
  openedOn(day: string): Cents {
    return this.opened.onDay(day);
  }

  /** Entry premium filled on `day` in contracts of `underlying` (cents). */
  openedOnUnderlying(day: string, underlying: string): Cents {
    return this.opened.onDayFor(day, underlying);
  }

  /** Premium the fills of one entry order have paid so far (cents): the part of its reservation already used. */
  filledByOrder(orderRef: string): Cents {
    const ref = parseOrderRef(orderRef);
    return (ref ? (this.positions.get(ref.tradeId)?.openedByOrder[orderRef] ?? 0) : 0) as Cents;
  }

  realizedOn(day: string): number {
    let sum = 0;
    for (const p of this.positions.values()) sum += p.realizedByDay[day] ?? 0;
    return sum;
  }

  private async save(position: PositionRecord): Promise<void> {
    await this.positionsKv.put(`position.${position.tradeId}`, position);
    this.hold(position);
  }

  private hold(position: PositionRecord): void {
    this.opened.replace(this.positions.get(position.tradeId), position);
    this.positions.set(position.tradeId, position);
  }
}
