import { z } from 'zod';
import { EpochMs, type ServiceHealth } from '@arctrigger/contracts';

/** What the console says of one expected service. */
export const ServiceStatus = { UP: 'UP', DEGRADED: 'DEGRADED', DOWN: 'DOWN' } as const;
export type ServiceStatus = (typeof ServiceStatus)[keyof typeof ServiceStatus];

/** Heartbeats an instance may miss before it counts as gone. */
export const MISSED_HEARTBEATS = 3;

export const ExpectedServiceView = z.object({
  service: z.string(),
  expectedInstances: z.number().int().positive(),
  /** Instances heard within the last MISSED_HEARTBEATS heartbeats. */
  liveInstances: z.number().int().nonnegative(),
  /** UP: every expected instance beats and is ready with its checks passing; DOWN: none beats; else DEGRADED. */
  status: z.enum([ServiceStatus.UP, ServiceStatus.DEGRADED, ServiceStatus.DOWN]),
  /** Since when the service has had this status (the console's clock; its start for the first status). */
  since: EpochMs,
  /** Why it is not UP, in a sentence. */
  reason: z.string().nullable(),
});
export type ExpectedServiceView = z.infer<typeof ExpectedServiceView>;

/** `gateway:1,order-service:2` → the expected instance count per service. */
export function parseExpectedServices(text: string): Map<string, number> {
  const expected = new Map<string, number>();
  for (const item of text.split(',').map((s) => s.trim()).filter(Boolean)) {
    const match = /^([a-z][a-z0-9-]*)(?::(\d+))?$/.exec(item);
    const name = match?.[1];
    const n = Number(match?.[2] ?? '1');
    if (!name || n < 1) throw new Error(`"${item}": expected service[:instances], e.g. order-service:2`);
    expected.set(name, n);
  }
  return expected;
}

export type StatusChange = (view: ExpectedServiceView, previous: ServiceStatus) => void;

/**
 * The expected services and what their heartbeats say. An instance not heard for
 * MISSED_HEARTBEATS intervals is gone (a killed process says nothing); `evaluate` runs twice per
 * heartbeat interval, so a dead service is DOWN within three heartbeats and half an interval.
 * Plain code: the console's clock drives it, changes go to `onChange`.
 */
export class ServiceRoster {
  private readonly instances = new Map<string, { health: ServiceHealth; heardAt: number }>();
  private readonly views = new Map<string, ExpectedServiceView>();

  constructor(
    private readonly expected: ReadonlyMap<string, number>,
    private readonly heartbeatIntervalMs: number,
    private readonly onChange: StatusChange,
    startedAt: number,
  ) {
    // Nothing heard yet: DOWN since the console started, until the first heartbeat.
    for (const [service, expectedInstances] of expected) {
      this.views.set(service, { service, expectedInstances, liveInstances: 0, status: ServiceStatus.DOWN, since: startedAt, reason: 'no heartbeat heard yet' });
    }
  }

  heard(health: ServiceHealth, now: number): void {
    this.instances.set(health.instanceId, { health, heardAt: now });
    if (this.expected.has(health.service)) this.evaluateOne(health.service, now);
  }

  evaluate(now: number): void {
    for (const [id, i] of this.instances) if (now - i.heardAt > this.staleAfterMs() * 4) this.instances.delete(id);
    for (const service of this.expected.keys()) this.evaluateOne(service, now);
  }

  list(): ExpectedServiceView[] {
    return [...this.views.values()];
  }

  private staleAfterMs(): number {
    return MISSED_HEARTBEATS * this.heartbeatIntervalMs;
  }

  private evaluateOne(service: string, now: number): void {
    const expectedInstances = this.expected.get(service)!;
    const live = [...this.instances.values()].filter((i) => i.health.service === service && now - i.heardAt <= this.staleAfterMs());
    const notReady = live.filter((i) => i.health.readyAt === undefined || i.health.status !== 'ok');
    let status: ServiceStatus;
    let reason: string | null = null;
    if (live.length === 0) {
      status = ServiceStatus.DOWN;
      reason = `no heartbeat for ${MISSED_HEARTBEATS} intervals (${this.staleAfterMs()} ms)`;
    } else if (live.length < expectedInstances || notReady.length > 0) {
      status = ServiceStatus.DEGRADED;
      const failing = notReady.flatMap((i) => i.health.checks.filter((c) => !c.ok).map((c) => `${i.health.instanceId} ${c.name}: ${c.detail ?? 'failing'}`));
      reason = [live.length < expectedInstances ? `${live.length} of ${expectedInstances} instances beat` : null, ...failing, notReady.some((i) => i.health.readyAt === undefined) ? 'starting' : null].filter(Boolean).join('; ');
    } else {
      status = ServiceStatus.UP;
    }
    const before = this.views.get(service)!;
    const changed = before.status !== status;
    const view = { service, expectedInstances, liveInstances: live.length, status, since: changed ? now : before.since, reason };
    this.views.set(service, view);
    if (changed) this.onChange(view, before.status);
  }
}
