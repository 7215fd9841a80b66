import { Contracts, fail, ok, RiskLimits, type RiskLimitsView, type ChangeRiskLimitsCommand, type Reply } from '@arctrigger/contracts';
import type { Bus, Clock, KvRecord, TypedKv, RunningKvWatch } from '@arctrigger/service-kit';
import { SerialQueue } from '../book/serial-queue';

const LIMITS_KEY = 'limits';
const MAX_CAS_ATTEMPTS = 10;

/**
 * Risk limits, versioned in KV (`risk/limits`). The configuration seeds version 1 on an empty
 * bucket; every later change comes over the bus, is validated in full, written by compare-and-set
 * (version + 1) and audited on the RISK_EVENTS stream. A refused change writes nothing.
 */
export class LimitsStore {
  private record: KvRecord<RiskLimitsView> | undefined;
  private readonly queue = new SerialQueue();
  private watching: RunningKvWatch | undefined;

  constructor(
    private readonly kv: TypedKv<typeof RiskLimitsView>,
    private readonly bus: Bus,
    private readonly clock: Clock,
  ) {}

  async load(defaults: RiskLimits): Promise<void> {
    await this.kv.create(LIMITS_KEY, { limits: defaults, version: 1, changedAt: this.clock.now(), changedBy: 'configuration' });
    this.record = await this.kv.get(LIMITS_KEY);
    this.watching = await this.kv.watch(
      ({ value: view }) => {
        if (view && (!this.record || view.version > this.record.value.version)) this.record = { value: view, revision: this.record?.revision ?? 0 };
      },
      { key: LIMITS_KEY, from: 'updates' },
    );
  }

  stop(): void {
    this.watching?.stop();
  }

  view(): RiskLimitsView {
    if (!this.record) throw new Error('LimitsStore used before load()');
    return this.record.value;
  }

  limits(): RiskLimits {
    return this.view().limits;
  }

  change(command: ChangeRiskLimitsCommand): Promise<Reply<RiskLimitsView>> {
    return this.queue.run(async () => {
      const keys = Object.keys(command.changes);
      if (keys.length === 0) return fail('NO_CHANGES', 'The command changes no limit: give at least one limit and its new value.');
      for (let attempt = 0; attempt < MAX_CAS_ATTEMPTS; attempt++) {
        const current = await this.kv.get(LIMITS_KEY);
        if (!current) throw new Error('risk limits record vanished from KV');
        const merged = RiskLimits.safeParse({ ...current.value.limits, ...command.changes });
        if (!merged.success) {
          return fail('INVALID_LIMITS', `The new limits are not valid: ${merged.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
        }
        const next: RiskLimitsView = { limits: merged.data, version: current.value.version + 1, changedAt: this.clock.now(), changedBy: command.actor };
        const written = await this.kv.update(LIMITS_KEY, next, current.revision);
        if (!written.ok) continue;
        this.record = { value: next, revision: written.revision };
        await this.bus.publishDurable(
          Contracts.RiskLimitsChanged,
          { version: next.version, previous: current.value.limits, current: next.limits, changes: command.changes, actor: command.actor, at: next.changedAt },
          { msgId: `limits:${next.version}` },
        );
        return ok(next);
      }
      return fail('CONFLICT', 'The limits were changed by someone else at the same time; try again.', { retryable: true });
    });
  }
}
