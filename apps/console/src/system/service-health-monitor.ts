import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { Subscription } from '@nats-io/transport-node';
import { AlertCode, AlertSeverity, Contracts } from '@arctrigger/contracts';
import { AlertPublisher, Bus, CLOCK, SERVICE_CONFIG, type Clock, type TimerHandle } from '@arctrigger/service-kit';
import type { ConsoleConfig } from '../config';
import { parseExpectedServices, ServiceRoster, ServiceStatus, type ExpectedServiceView } from './service-roster';

/**
 * Nest edge of the roster: hears every heartbeat, re-evaluates every heartbeat interval, and
 * raises SERVICE_DOWN when an expected service that was heard goes silent (its all-clear when it
 * is back). Every console instance raises it; JetStream's de-duplication stores one.
 */
@Injectable()
export class ServiceHealthMonitor implements OnModuleInit, OnModuleDestroy {
  private readonly roster: ServiceRoster;
  private readonly alerts: AlertPublisher;
  private subscription?: Subscription;
  private timer?: TimerHandle;
  /** Services a SERVICE_DOWN was raised for, waiting for their all-clear. */
  private readonly alerted = new Set<string>();

  constructor(
    private readonly bus: Bus,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(SERVICE_CONFIG) private readonly config: ConsoleConfig,
  ) {
    this.alerts = new AlertPublisher(bus, clock, bus.options.instanceId);
    this.roster = new ServiceRoster(parseExpectedServices(config.EXPECTED_SERVICES), config.HEARTBEAT_INTERVAL_MS, (view, previous) => this.changed(view, previous), clock.now());
  }

  onModuleInit(): void {
    this.subscription = this.bus.subscribe(Contracts.Heartbeat, (health) => this.roster.heard(health, this.clock.now()));
    // Twice per heartbeat: a silent service is DOWN at most half an interval after its third missed beat.
    const everyMs = Math.max(50, Math.floor(this.config.HEARTBEAT_INTERVAL_MS / 2));
    const tick = () => {
      this.roster.evaluate(this.clock.now());
      this.timer = this.clock.setTimer(everyMs, tick);
    };
    this.timer = this.clock.setTimer(everyMs, tick);
  }

  onModuleDestroy(): void {
    this.timer?.cancel();
    this.subscription?.unsubscribe();
  }

  /** Every expected service with its status and since when. */
  expected(): ExpectedServiceView[] {
    return this.roster.list();
  }

  private changed(view: ExpectedServiceView, previous: ServiceStatus): void {
    const dedupKey = `${AlertCode.SERVICE_DOWN}:${view.service}`;
    if (view.status === ServiceStatus.DOWN) {
      this.alerted.add(view.service);
      void this.alerts.raise({
        code: AlertCode.SERVICE_DOWN, severity: AlertSeverity.CRITICAL, dedupKey,
        message: `${view.service} is DOWN: ${view.reason ?? 'no heartbeat'} (it was ${previous}).`,
        facts: { service: view.service, expectedInstances: view.expectedInstances, liveInstances: view.liveInstances, since: view.since, previous },
      });
    } else if (view.status === ServiceStatus.UP && this.alerted.delete(view.service)) {
      void this.alerts.raise({
        code: AlertCode.SERVICE_DOWN, severity: AlertSeverity.INFO, dedupKey, active: false,
        message: `${view.service} is UP again.`,
        facts: { service: view.service, liveInstances: view.liveInstances, since: view.since },
      });
    }
  }
}
