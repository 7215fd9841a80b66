import { BusErrorCode, Contracts, fail, ok } from '@arctrigger/contracts';
import type { Bus } from '@arctrigger/service-kit';
import type { Subscription } from '@nats-io/transport-node';
import type { BookStore } from '../book/book-store';
import type { DeciderLease } from '../book/decider-lease';
import type { PositionBook } from '../positions/position-book';
import type { OrderChecker } from './order-checker';
import type { RiskMetrics } from './risk-metrics';

/**
 * The risk gate on the bus, served only by the instance holding the decider lease: the checks
 * (v2, and v1 for order-services of the previous release) and the reservation releases, on direct
 * subscriptions (the fire path, not through Nest). Winning the lease loads the book (its snapshot
 * and the decisions logged after it) before the first check is taken; losing it, or finding the
 * book written by another instance, stops the subscriptions at once. A check that finds the lease
 * run out in this instance's clock renews it first, or answers retryable: no instance decides.
 */
export class RiskDecider {
  private subscriptions: Subscription[] = [];
  private lease!: DeciderLease;
  private readonly servingWaiters: Array<() => void> = [];
  private loaded = false;

  constructor(
    private readonly bus: Bus,
    private readonly book: BookStore,
    private readonly checker: OrderChecker,
    private readonly positions: PositionBook,
    private readonly metrics: RiskMetrics,
  ) {}

  /** The lease this decider serves under (set once, before it starts). */
  useLease(lease: DeciderLease): void {
    this.lease = lease;
  }

  get serving(): boolean {
    return this.subscriptions.length > 0;
  }

  /** Resolves once this instance decides, its subscriptions in place at the server. */
  ready(): Promise<void> {
    if (this.loaded) return Promise.resolve();
    return new Promise<void>((resolve) => this.servingWaiters.push(resolve));
  }

  /** Won the lease: the book first, then the subscriptions. */
  async won(): Promise<void> {
    const started = Date.now();
    const { decisions } = await this.book.load((decided) => {
      if (decided.underlying !== undefined && decided.multiplier !== undefined) {
        this.positions.rememberContract(decided.conId, { underlying: decided.underlying, multiplier: decided.multiplier })
          .catch((error: unknown) => this.bus.logger.warn({ err: error, conId: decided.conId }, 'contract not remembered in KV'));
      }
    });
    this.serve();
    // Subscribed at the server before it says it decides.
    await this.bus.nc.flush();
    this.loaded = true;
    for (const resolve of this.servingWaiters.splice(0)) resolve();
    this.bus.logger.info({ decisionsReplayed: decisions, ms: Date.now() - started }, 'risk book loaded: deciding');
  }

  /** Lost the lease (or was fenced by another instance's write): stop deciding at once. */
  lost(): void {
    this.loaded = false;
    for (const s of this.subscriptions.splice(0)) s.unsubscribe();
  }

  /** Stops deciding and writes the book's last changes (at most 2 s: what is not written is in the decision log). */
  async stop(): Promise<void> {
    this.lost();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.book.flush(), new Promise<void>((resolve) => (timer = setTimeout(resolve, 2_000)))]);
    clearTimeout(timer);
  }

  private serve(): void {
    if (this.serving) return;
    const { bus, checker, metrics } = this;
    this.subscriptions = [
      bus.reply(Contracts.RiskCheckV2, async (order) => {
        const decision = await this.decide(() => checker.check(order));
        if (!decision) return notDeciding();
        // Decisions counted are those of orders about to be sent; arm-time pre-checks are not.
        if (order.purpose === 'fire') metrics.decided(decision);
        return ok(decision);
      }),
      // Version 1 (order-services of the previous release) checks the order about to be sent.
      bus.reply(Contracts.RiskCheck, async (order) => {
        const decision = await this.decide(() => checker.check({ ...order, purpose: 'fire' }));
        if (!decision) return notDeciding();
        metrics.decided(decision);
        return ok(decision);
      }),
      bus.reply(Contracts.ReleaseReservation, async (command) => {
        const released = await this.decide(() => checker.release(command));
        return released ? ok(released) : notDeciding();
      }),
    ];
  }

  /** Decides at once while the lease is valid (no I/O, no extra turn); otherwise renews it first. */
  private decide<R>(check: () => R | Promise<R | undefined>): R | Promise<R | undefined> {
    if (this.serving && this.lease.valid()) return check();
    return this.renewThen(check);
  }

  private async renewThen<R>(check: () => R | Promise<R | undefined>): Promise<R | undefined> {
    return this.serving && (await this.lease.renewNow()) ? check() : undefined;
  }
}

function notDeciding() {
  return fail(BusErrorCode.NO_RESPONDERS, 'no risk-service instance holds the decider lease at this moment; ask again', { retryable: true });
}
