import { AlertPublisher, type Bus, type Clock } from '@arctrigger/service-kit';
import { AuditSources } from './adapters/audit-sources';
import { Repairs } from './adapters/repairs';
import { TradeMirror } from './adapters/trade-mirror';
import { ViolationStore } from './adapters/violation-store';
import { AuditRunner } from './audit-runner';
import type { AuditorConfig } from './config';

export interface AuditorAppDeps {
  readonly bus: Bus;
  readonly clock: Clock;
  readonly config: AuditorConfig;
}

/**
 * The auditor, wired: the ledger in KV, the trades mirrored from KV `trades`, the sources and repairs over the bus, the audit loop and
 * the runner the queries read (answered on the bus by AuditQueriesController). Plain code, started
 * by the Nest module in the service process.
 */
export class AuditorApp {
  private constructor(
    readonly runner: AuditRunner,
    private readonly mirror: TradeMirror,
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
    await runner.start();
    return new AuditorApp(runner, mirror);
  }

  async stop(): Promise<void> {
    await this.runner.stop();
    this.mirror.stop();
  }
}
