import type { Subscription } from '@nats-io/transport-node';
import { Contracts, ok, type ServiceHealth } from '@arctrigger/contracts';
import type { Bus } from '../bus/bus';
import type { Clock, TimerHandle } from '../clock/clock';

/** A named check a service contributes to its health (NATS connected, TWS connected, …). */
export interface HealthCheckProvider {
  name: string;
  check(): { ok: boolean; detail?: string };
}

export interface HealthReporterOptions {
  service: string;
  instanceId: string;
  version: string;
  heartbeatIntervalMs: number;
}

/**
 * Answers `sys.health.v1` (every instance answers: no queue group) and publishes a heartbeat on
 * `sys.heartbeat.v1.<service>` at a fixed interval.
 */
export class HealthReporter {
  private readonly checks: HealthCheckProvider[] = [];
  private readonly startedAt: number;
  private readyAt: number | undefined;
  private subscription?: Subscription;
  private timer?: TimerHandle;

  constructor(
    private readonly bus: Bus,
    private readonly clock: Clock,
    private readonly options: HealthReporterOptions,
  ) {
    this.startedAt = clock.now();
  }

  addCheck(check: HealthCheckProvider): void {
    this.checks.push(check);
  }

  snapshot(): ServiceHealth {
    const checks = this.checks.map((c) => ({ name: c.name, ...c.check() }));
    const failing = checks.filter((c) => !c.ok).length;
    return {
      service: this.options.service,
      instanceId: this.options.instanceId,
      version: this.options.version,
      status: failing === 0 ? 'ok' : 'degraded',
      startedAt: this.startedAt,
      ...(this.readyAt === undefined ? {} : { readyAt: this.readyAt }),
      at: this.clock.now(),
      checks,
    };
  }

  /**
   * The service answers its commands and its consumers are bound: health says so from now on
   * (`readyAt`). `runService` calls it once the app listens and `onReady` is done.
   */
  markReady(): void {
    this.readyAt ??= this.clock.now();
  }

  get isReady(): boolean {
    return this.readyAt !== undefined;
  }

  start(): void {
    this.subscription = this.bus.reply(Contracts.Health, () => ok(this.snapshot()), { queue: null });
    const beat = () => {
      if (this.bus.nc.isClosed() || this.bus.nc.isDraining()) return;
      this.bus.publish(Contracts.Heartbeat, this.snapshot(), { params: { service: this.options.service } });
      this.timer = this.clock.setTimer(this.options.heartbeatIntervalMs, beat);
    };
    beat();
  }

  stop(): void {
    this.timer?.cancel();
    this.subscription?.unsubscribe();
  }
}

/** Lists every live service instance by asking all of them (scatter-gather within `windowMs`). */
export async function listLiveServices(bus: Bus, windowMs = 500): Promise<ServiceHealth[]> {
  const replies = await bus.requestAll(Contracts.Health, {}, windowMs);
  return replies
    .flatMap((r) => (r.ok ? [r.value] : []))
    .sort((a, b) => a.service.localeCompare(b.service) || a.instanceId.localeCompare(b.instanceId));
}
