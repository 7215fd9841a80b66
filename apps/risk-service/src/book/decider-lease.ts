import { z } from 'zod';
import { EpochMs } from '@arctrigger/contracts';
import type { Clock, KvRecord, TimerHandle, TypedKv } from '@arctrigger/service-kit';

const LEASE_KEY = 'decider';

/** Who decides on the risk book (KV `risk/decider`), and until when. */
export const DeciderLeaseRecord = z.object({
  holder: z.string().min(1),
  /** The holder decides only before this instant (less a margin); another may take over after it. */
  until: EpochMs,
});
export type DeciderLeaseRecord = z.infer<typeof DeciderLeaseRecord>;

export interface DeciderLeaseEvents {
  /** This instance holds the lease (it must load the book before it decides). */
  won(): Promise<void>;
  /** This instance lost the lease (another took it over); it must stop deciding at once. */
  lost(): void;
}

/**
 * One risk-service instance decides at a time: the risk book lives in its memory, so two deciders
 * could jointly pass a cap. The lease is a KV record taken and renewed by compare-and-set; the
 * holder renews it every third of its length and decides only while `now < until − margin`
 * (a check in memory, no I/O on the fire path). A standby takes it over once it has expired; an
 * instance restarted under the same SERVICE_INSTANCE_ID takes its own lease back at once.
 */
export class DeciderLease {
  private record: KvRecord<DeciderLeaseRecord> | undefined;
  private holding = false;
  private timer: TimerHandle | undefined;
  private stopped = false;
  private attempt: Promise<boolean> | undefined;

  constructor(
    private readonly kv: TypedKv<typeof DeciderLeaseRecord>,
    private readonly clock: Clock,
    private readonly instanceId: string,
    private readonly lengthMs: number,
    private readonly events: DeciderLeaseEvents,
    private readonly log: (message: string, fields?: Record<string, unknown>) => void,
  ) {}

  /** Tries to take the lease now, then keeps renewing (holder) or watching for expiry (standby). */
  async start(): Promise<void> {
    await this.tryTake();
    this.schedule();
  }

  /** True while this instance may decide: it holds the lease and it has not run out (less the margin). */
  valid(): boolean {
    return this.holding && this.record !== undefined && this.clock.now() < this.record.value.until - this.marginMs;
  }

  get holds(): boolean {
    return this.holding;
  }

  /** Takes the lease now if it is free, run out or this instance's own (else the standby's next look is at its period). */
  async takeIfFree(): Promise<boolean> {
    // An attempt in flight judged the lease as it was when it started: this one judges it now.
    await this.attempt;
    return this.tryTake();
  }

  /**
   * Renews at once (a holder whose lease ran out in its own clock, e.g. after a long pause): true
   * when it holds a valid lease afterwards. Never takes a lease another holds.
   */
  async renewNow(): Promise<boolean> {
    // An attempt already in flight may have started before the pause: then one more, from now.
    for (let attempt = 0; attempt < 2 && this.holding && !this.valid(); attempt++) await this.tryTake();
    return this.valid();
  }

  /** Gives the lease up (a clean stop): a standby takes over at once instead of after expiry. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.timer?.cancel();
    await this.attempt?.catch(() => undefined);
    if (!this.holding || !this.record) return;
    this.holding = false;
    await this.kv.update(LEASE_KEY, { holder: this.instanceId, until: 0 }, this.record.revision).catch(() => undefined);
  }

  private get marginMs(): number {
    return Math.min(1_000, Math.floor(this.lengthMs / 4));
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = this.clock.setTimer(Math.max(50, Math.floor(this.lengthMs / 3)), () => {
      void this.tryTake().finally(() => this.schedule());
    });
  }

  /** One attempt at a time: concurrent callers share it. */
  private tryTake(): Promise<boolean> {
    this.attempt ??= this.takeOrRenew().finally(() => (this.attempt = undefined));
    return this.attempt;
  }

  private async takeOrRenew(): Promise<boolean> {
    try {
      const now = this.clock.now();
      const next: DeciderLeaseRecord = { holder: this.instanceId, until: now + this.lengthMs };
      const current = this.holding && this.record ? this.record : await this.kv.get(LEASE_KEY);
      let written;
      if (!current) written = await this.kv.create(LEASE_KEY, next);
      else if (current.value.holder === this.instanceId || current.value.until <= now) written = await this.kv.update(LEASE_KEY, next, current.revision);
      else return this.lose();
      if (!written.ok) {
        // Someone else wrote first: read what won on the next attempt.
        this.record = undefined;
        return this.lose();
      }
      this.record = { value: next, revision: written.revision };
      if (!this.holding && !this.stopped) {
        this.holding = true;
        this.log('risk decider lease taken', { until: next.until, previous: current?.value.holder ?? null });
        try {
          await this.events.won();
        } catch (error) {
          // It cannot decide (the book did not load): the lease goes back, this or another instance tries again.
          this.holding = false;
          this.log('risk decider could not take over; lease given back', { err: String(error) });
          await this.kv.update(LEASE_KEY, { holder: this.instanceId, until: 0 }, written.revision).catch(() => undefined);
          this.record = undefined;
          return false;
        }
      }
      return true;
    } catch (error) {
      // NATS unreachable: a holder keeps its lease until it runs out (valid() says so), then stops deciding.
      this.log('risk decider lease not renewed', { err: String(error) });
      return false;
    }
  }

  private lose(): false {
    if (this.holding) {
      this.holding = false;
      this.log('risk decider lease lost to another instance');
      this.events.lost();
    }
    return false;
  }
}
