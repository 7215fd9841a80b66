import type { ServiceHealth } from '@arctrigger/contracts';
import { parseExpectedServices, ServiceRoster, type ServiceStatus, type ExpectedServiceView } from '../src/system/service-roster';

const BEAT = 1_000;

function beat(service: string, instanceId: string, over: Partial<ServiceHealth> = {}): ServiceHealth {
  return { service, instanceId, version: '1', status: 'ok', startedAt: 0, readyAt: 1, at: 0, checks: [{ name: 'nats', ok: true }], ...over };
}

function roster(expected = 'risk-service:1,order-service:2') {
  const changes: Array<{ view: ExpectedServiceView; previous: string }> = [];
  const r = new ServiceRoster(parseExpectedServices(expected), BEAT, (view, previous) => changes.push({ view, previous }), 0);
  const statusOf = (service: string) => r.list().find((v) => v.service === service)!;
  return { r, changes, statusOf };
}

describe('service roster', () => {
  it('roster lists every expected service DOWN since the start until it beats', () => {
    const { r } = roster();
    expect(r.list()).toEqual([
      { service: 'risk-service', expectedInstances: 1, liveInstances: 0, status: 'DOWN', since: 0, reason: 'no heartbeat heard yet' },
      { service: 'order-service', expectedInstances: 2, liveInstances: 0, status: 'DOWN', since: 0, reason: 'no heartbeat heard yet' },
    ]);
  });

  // Every transition of one service's status, each as the beats that cause it.
  const cases: Array<{ name: string; from: (r: ServiceRoster) => void; then: (r: ServiceRoster) => void; to: ServiceStatus }> = [
    { name: 'DOWN → UP when every expected instance beats ready', from: () => undefined, then: (r) => r.heard(beat('risk-service', 'r1'), 100), to: 'UP' },
    { name: 'DOWN → DEGRADED when an instance beats while still starting', from: () => undefined, then: (r) => r.heard(beat('risk-service', 'r1', { readyAt: undefined }), 100), to: 'DEGRADED' },
    { name: 'UP → DEGRADED when a check fails', from: (r) => r.heard(beat('risk-service', 'r1'), 100), then: (r) => r.heard(beat('risk-service', 'r1', { status: 'degraded', checks: [{ name: 'nats', ok: false }] }), 200), to: 'DEGRADED' },
    { name: 'UP → DOWN after three missed heartbeats', from: (r) => r.heard(beat('risk-service', 'r1'), 100), then: (r) => r.evaluate(100 + 3 * BEAT + 1), to: 'DOWN' },
    { name: 'DEGRADED → UP when ready', from: (r) => r.heard(beat('risk-service', 'r1', { readyAt: undefined }), 100), then: (r) => r.heard(beat('risk-service', 'r1'), 200), to: 'UP' },
    { name: 'DEGRADED → DOWN when it falls silent', from: (r) => r.heard(beat('risk-service', 'r1', { readyAt: undefined }), 100), then: (r) => r.evaluate(100 + 3 * BEAT + 1), to: 'DOWN' },
  ];
  it.each(cases)('roster moves $name', ({ from, then, to }) => {
    const { r, changes, statusOf } = roster();
    from(r);
    const before = statusOf('risk-service').status;
    then(r);
    expect(statusOf('risk-service').status).toBe(to);
    expect(changes.at(-1)).toMatchObject({ view: { service: 'risk-service', status: to }, previous: before });
  });

  it('roster keeps a service UP through two missed heartbeats and its since unchanged by further beats', () => {
    const { r, changes, statusOf } = roster();
    r.heard(beat('risk-service', 'r1'), 100);
    r.evaluate(100 + 3 * BEAT);
    r.heard(beat('risk-service', 'r1'), 100 + 3 * BEAT);
    expect(statusOf('risk-service')).toMatchObject({ status: 'UP', since: 100 });
    expect(changes.filter((c) => c.view.service === 'risk-service')).toHaveLength(1);
  });

  it('roster says DEGRADED while fewer instances beat than expected, UP once all do, DOWN when none', () => {
    const { r, statusOf } = roster();
    r.heard(beat('order-service', 'o1'), 100);
    expect(statusOf('order-service')).toMatchObject({ status: 'DEGRADED', liveInstances: 1, reason: '1 of 2 instances beat' });
    r.heard(beat('order-service', 'o2'), 150);
    expect(statusOf('order-service')).toMatchObject({ status: 'UP', liveInstances: 2, since: 150 });
    r.evaluate(150 + 3 * BEAT + 1);
    expect(statusOf('order-service')).toMatchObject({ status: 'DOWN', liveInstances: 0 });
  });

  it('roster ignores heartbeats of services it does not expect', () => {
    const { r, changes } = roster();
    r.heard(beat('watchlist-service', 'w1'), 100);
    expect(changes).toEqual([]);
    expect(r.list().map((v) => v.service)).toEqual(['risk-service', 'order-service']);
  });

  it.each(['gateway:0', 'Gateway', 'order-service:two', 'a:1:2'])('expected services refuse %p', (text) => {
    expect(() => parseExpectedServices(text)).toThrow(/expected service\[:instances\]/);
  });
});
