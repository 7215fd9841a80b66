import { Contracts, ok } from '@arctrigger/contracts';
import { AlertPublisher, type Bus, type Clock } from '@arctrigger/service-kit';
import type { Subscription } from '@nats-io/transport-node';
import { AuditSources } from './adapters/audit-sources';
import { Repairs } from './adapters/repairs';
import { TradeMirror } from './adapters/trade-mirror';
import { ViolationStore } from './adapters/violation-store';
import { AuditRunner } from './audit-runner';
import type { AuditorConfig } from './config';
import { externalPositionsOf } from './external-positions';

export interface AuditorAppDeps {
  readonly bus: Bus;
  readonly clock: Clock;
  readonly config: AuditorConfig;
}

/**
 * The auditor, wired: the ledger in KV, the trades mirrored from KV `trades`, the sources and repairs over the bus, the audit loop and
 * the queries (violations, external positions). Plain code, started by the Nest module in the
 * service process and directly by tests.
 */
export class AuditorApp {
  private constructor(
    readonly runner: AuditRunner,
    private readonly mirror: TradeMirror,
    private readonly subscriptions: Subscription[],
  ) {}

  static async start({ bus, clock, config }: AuditorAppDeps): Promise<AuditorApp> {
    const mirror = await TradeMirror.open(bus);
    const runner = new AuditRunner({
      bus, clock,
      sources: new AuditSources(bus, mirror),
      store: await ViolationStore.open(bus),
      repairs: new Repairs(bus),
      alerts: new AlertPublisher(bus, clock, `auditor:${bus.options.instanceId}`),
      periodMs: config.AUDITOR_PERIOD_MS,
      bounds: { protectionDeadlineMs: config.AUDITOR_PROTECTION_DEADLINE_MS, submitBoundMs: config.AUDITOR_SUBMIT_BOUND_MS, exitBoundMs: config.AUDITOR_EXIT_BOUND_MS },
      retry: { baseMs: config.AUDITOR_RETRY_BASE_MS, maxMs: config.AUDITOR_RETRY_MAX_MS },
    });
    const subscriptions = [
      bus.reply(Contracts.ListViolations, (q) => ok({ violations: runner.violations(q.includeResolved), lastPassAt: runner.lastPassAt })),
      bus.reply(Contracts.ListExternalPositions, () => ok({ positions: externalPositionsOf(runner.violations(false)) })),
    ];
    await runner.start();
    return new AuditorApp(runner, mirror, subscriptions);
  }

  async stop(): Promise<void> {
    for (const s of this.subscriptions) s.unsubscribe();
    await this.runner.stop();
    this.mirror.stop();
  }
}
