import { z } from 'zod';
import { OrderLeg, parseOrderRef, type AdoptRiskPositionCommand, type CommissionReport, type Execution, type RiskPositionAdopted } from '@arctrigger/contracts';
import type { TypedKv, RunningKvWatch } from '@arctrigger/service-kit';
import type { Cents } from '../rules/money';
import { KvContentionError } from '../kv/kv-contention-error';
import { OpenedNotional } from './opened-notional';
import { PositionIndex } from './position-index';
import { applyAdoption, applyCommission, applyExecution, newPosition, type PositionRecord, type ContractInfo } from './position';

/** What the risk-service learned about a contract from the checks it approved. */
export const ContractRecord = z.object({ underlying: z.string(), multiplier: z.number().int().positive() });
export type ContractRecord = z.infer<typeof ContractRecord>;

/** US equity options: 100 shares per contract, used when a fill arrives for a contract never checked. */
const DEFAULT_MULTIPLIER = 100;
const MAX_CAS_ATTEMPTS = 20;

/**
 * Positions per trade, in memory and in KV (`risk/position.<tradeId>`). Executions carry only the
 * conId, so the underlying and multiplier come from the approved risk checks (`risk/contract.<conId>`);
 * a fill for a contract never checked here is kept with underlying null and multiplier 100.
 * Fills whose orderRef is not ours (placed in TWS by hand) are not tracked. Every write is a
 * compare-and-set on the revision last seen: instances share the executions consumer, so two fills
 * of one trade can be applied by two instances at once, and the one that loses applies its fill
 * again to what the other wrote (fills count once per execId) instead of overwriting it.
 */
export class PositionBook {
  private readonly positions = new Map<string, PositionRecord>();
  /** KV revision of each position held: what the next write must find. */
  private readonly revisions = new Map<string, number>();
  private readonly contracts = new Map<number, ContractInfo>();
  private readonly opened = new OpenedNotional();
  private readonly index = new PositionIndex();
  private watching: RunningKvWatch | undefined;

  constructor(
    private readonly positionsKv: TypedKv<typeof PositionRecord>,
    private readonly contractsKv: TypedKv<typeof ContractRecord>,
  ) {}

  async load(): Promise<void> {
    for (const e of await this.contractsKv.entries('contract.>')) this.contracts.set(Number(e.key.slice('contract.'.length)), e.value);
    for (const e of await this.positionsKv.entries('position.>')) this.hold(e.value, e.revision);
    // Instances share the executions consumer: each sees the positions the others wrote.
    this.watching = await this.positionsKv.watch(({ value: p, revision }) => p && this.hold(p, revision), { key: 'position.>', from: 'updates' });
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
    return this.change(ref.tradeId, (current) =>
      applyExecution(current ?? newPosition(ref.tradeId, exec.conId, this.contractInfo(exec.conId), exec.executedAt), exec, day, ref.leg === OrderLeg.ENTRY));
  }

  /**
   * Books an adopted external position on its trade (the order-service adopting it): the contract
   * is remembered as ours, the contracts held at the adoption's price. Asked again, it books nothing.
   */
  async adopt(cmd: AdoptRiskPositionCommand): Promise<RiskPositionAdopted> {
    await this.rememberContract(cmd.conId, { underlying: cmd.underlying, multiplier: cmd.multiplier });
    const adoptionId = `adopted:${cmd.tradeId}`;
    const info = { underlying: cmd.underlying, multiplier: cmd.multiplier };
    const booked = await this.change(cmd.tradeId, (current) => applyAdoption(current ?? newPosition(cmd.tradeId, cmd.conId, info, cmd.at), adoptionId, cmd.quantity, cmd.price, cmd.at));
    return { tradeId: cmd.tradeId, quantity: (booked ?? this.positions.get(cmd.tradeId))?.quantity ?? 0, booked: booked !== undefined };
  }

  async applyCommission(report: CommissionReport, day: string, at: number): Promise<PositionRecord | undefined> {
    const ref = report.orderRef ? parseOrderRef(report.orderRef) : undefined;
    if (!ref || !this.positions.has(ref.tradeId)) return undefined;
    return this.change(ref.tradeId, (current) => (current ? applyCommission(current, report.execId, report.commission, day, at) : undefined));
  }

  /** Every position recorded, closed ones included (for the console's view). */
  all(): PositionRecord[] {
    return [...this.positions.values()];
  }

  /** Positions holding contracts (read on every quote of a held contract: iterated, not copied). */
  openPositions(): Iterable<PositionRecord> {
    return this.index.openPositions();
  }

  /** Trades holding a non-zero position (a live set: read it before the next change). */
  openTradeIds(): ReadonlySet<string> {
    return this.index.openTradeIds();
  }

  /** Whether this contract is ours: checked here, or traded by one of our trades. */
  knows(conId: number): boolean {
    return this.contracts.has(conId) || this.index.hasContract(conId);
  }

  /** Contracts of `conId` held over every trade (signed), as counted from executions. */
  quantityOf(conId: number): number {
    let sum = 0;
    for (const p of this.index.openPositions()) if (p.conId === conId) sum += p.quantity;
    return sum;
  }

  heldConIds(): Set<number> {
    const held = new Set<number>();
    for (const p of this.index.openPositions()) held.add(p.conId);
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

  /** P&L realized on `day` over every trade (net of commissions). */
  realizedOn(day: string): number {
    let sum = 0;
    for (const tradeId of this.index.realizedOn(day)) sum += this.positions.get(tradeId)?.realizedByDay[day] ?? 0;
    return sum;
  }

  /**
   * Writes `apply(position held)` with compare-and-set; when another instance wrote first, reads
   * what it wrote and applies again. Undefined: nothing to write (already applied, not ours).
   */
  private async change(tradeId: string, apply: (current: PositionRecord | undefined) => PositionRecord | undefined): Promise<PositionRecord | undefined> {
    const key = `position.${tradeId}`;
    for (let attempt = 1; attempt <= MAX_CAS_ATTEMPTS; attempt++) {
      const next = apply(this.positions.get(tradeId));
      if (!next) return undefined;
      const revision = this.revisions.get(tradeId);
      const written = revision === undefined ? await this.positionsKv.create(key, next) : await this.positionsKv.update(key, next, revision);
      if (written.ok) {
        this.hold(next, written.revision);
        return next;
      }
      const stored = await this.positionsKv.get(key);
      if (stored) this.hold(stored.value, stored.revision);
      else this.revisions.delete(tradeId); // deleted meanwhile: created again
    }
    throw new KvContentionError(`position ${tradeId}`, MAX_CAS_ATTEMPTS);
  }

  /** Takes a position at its KV revision; an older revision than the one held (a late watch delivery) changes nothing. */
  private hold(position: PositionRecord, revision: number): void {
    const held = this.revisions.get(position.tradeId);
    if (held !== undefined && held >= revision) return;
    this.revisions.set(position.tradeId, revision);
    const previous = this.positions.get(position.tradeId);
    this.opened.replace(previous, position);
    this.index.replace(previous, position);
    this.positions.set(position.tradeId, position);
  }
}
