import { fail, ok, OrderCommandErrorCode, type OrderRef, type PlaceOrderCommandV2, type Reply, type RiskDecided } from '@arctrigger/contracts';
import type { Clock } from '@arctrigger/service-kit';

/** How long a heard decision is kept for a placement that arrives after it. */
export const HEARD_DECISIONS_KEPT_MS = 10 * 60_000;

/**
 * The risk-service's decisions, heard as they are published (`risk.decision`) and kept a while by
 * orderRef, so that an order placed "on approval" (PlaceOrder v2) leaves the moment the approval of
 * its check is out, whichever of the two arrives first. Only an approval of the very check the
 * command names, of the same order (contract, side, quantity, opening; a limit no worse than the
 * approved price), not yet expired, lets the order go. A denial or a different order is refused;
 * no decision heard within `waitMs` (this gateway restarted, the event was lost) is refused as
 * retryable: the order-service holds the answer and places with v1.
 */
export class RiskApprovals {
  private readonly heard = new Map<OrderRef, { readonly decided: RiskDecided; readonly heardAt: number }>();
  private readonly waiters = new Map<OrderRef, Set<(decided: RiskDecided) => void>>();

  constructor(
    private readonly clock: Clock,
    private readonly waitMs: number,
  ) {}

  onDecision(decided: RiskDecided): void {
    const now = this.clock.now();
    this.heard.delete(decided.orderRef);
    this.heard.set(decided.orderRef, { decided, heardAt: now });
    for (const [ref, h] of this.heard) {
      if (now - h.heardAt < HEARD_DECISIONS_KEPT_MS) break;
      this.heard.delete(ref);
    }
    for (const waiter of [...(this.waiters.get(decided.orderRef) ?? [])]) waiter(decided);
  }

  /** The approval of `cmd`'s check, waited for up to `waitMs`; RISK_NOT_APPROVED when there is none. */
  async approvalOf(cmd: PlaceOrderCommandV2): Promise<Reply<RiskDecided>> {
    return this.verdict(cmd, await this.decisionOf(cmd.orderRef, cmd.riskCheckId));
  }

  private decisionOf(orderRef: OrderRef, checkId: string): Promise<RiskDecided | undefined> {
    const known = this.heard.get(orderRef)?.decided;
    if (known?.checkId === checkId) return Promise.resolve(known);
    return new Promise((resolve) => {
      const waiting = this.waiters.get(orderRef) ?? new Set<(decided: RiskDecided) => void>();
      this.waiters.set(orderRef, waiting);
      const finish = (decided: RiskDecided | undefined) => {
        timer.cancel();
        waiting.delete(hear);
        if (waiting.size === 0) this.waiters.delete(orderRef);
        resolve(decided);
      };
      const hear = (decided: RiskDecided) => {
        if (decided.checkId === checkId) finish(decided);
      };
      waiting.add(hear);
      const timer = this.clock.setTimer(this.waitMs, () => finish(undefined));
    });
  }

  private verdict(cmd: PlaceOrderCommandV2, decided: RiskDecided | undefined): Reply<RiskDecided> {
    const code = OrderCommandErrorCode.RISK_NOT_APPROVED;
    const check = `risk check ${cmd.riskCheckId}`;
    if (!decided) return fail(code, `No decision of ${check} was heard within ${this.waitMs} ms: nothing was sent; place it with v1 once approved.`, { retryable: true });
    if (!decided.decision.approved) return fail(code, `The ${check} was denied (${decided.decision.code}): ${decided.decision.message}`);
    const different = differenceOf(cmd, decided);
    if (different) return fail(code, `The ${check} approved a different order (${different}): nothing was sent.`);
    if (decided.decision.expiresAt <= this.clock.now()) return fail(code, `The approval of ${check} expired: nothing was sent.`);
    return ok(decided);
  }
}

/** What of the order differs from what was approved; undefined when nothing does. */
function differenceOf(cmd: PlaceOrderCommandV2, approved: RiskDecided): string | undefined {
  if (cmd.conId !== approved.conId) return `conId ${cmd.conId}, approved ${approved.conId}`;
  if (cmd.side !== approved.side) return `side ${cmd.side}, approved ${approved.side}`;
  if (cmd.opening !== approved.opening) return `opening ${cmd.opening}, approved ${approved.opening}`;
  if (cmd.quantity !== approved.quantity) return `quantity ${cmd.quantity}, approved ${approved.quantity}`;
  const limit = cmd.limitPrice;
  const worse = limit !== undefined && (cmd.side === 'BUY' ? limit > approved.price + 1e-9 : limit < approved.price - 1e-9);
  if (worse) return `limit ${limit}, approved at ${approved.price}`;
  return undefined;
}
