import type { ConnectionState } from '@arctrigger/contracts';
import { reportConnection, staleAfterMs } from '../src/system/connection-report';

const state = (over: Partial<ConnectionState> = {}): ConnectionState => ({
  status: 'connected', reason: 'connected', code: null, account: 'DU1', clientId: 7, serverVersion: 193, firingAllowed: true, at: 1_000, announcedAt: 9_000, announceIntervalMs: 2_000, ...over,
});

describe('connection report', () => {
  it.each([
    ['connection report passes the state on with its age when the last announcement is fresh', 6_000, 'connected', true],
    ['connection report still believes the state at exactly three missed announcements', 6_000, 'connected', true],
    ['connection report says unknown when more than three announcements were missed', 6_001, 'unknown', false],
  ] as const)('%s', (_name, age, status, firingAllowed) => {
    const report = reportConnection(state(), 10_000, 10_000 + age);
    expect(report).toMatchObject({ status, firingAllowed, ageMs: age, at: 1_000, account: 'DU1' });
  });

  it('connection report keeps what the gateway said last when it turns unknown', () => {
    const report = reportConnection(state({ status: 'degraded', reason: 'TWS lost connectivity (1100)', firingAllowed: false }), 0, 7_400);
    expect(report).toMatchObject({ status: 'unknown', lastStatus: 'degraded', ageMs: 7_400 });
    expect(report.reason).toBe('no word from the gateway for 7.4 s; it last said degraded (TWS lost connectivity (1100))');
  });

  it('connection report gives a gateway that does not say its period the 5 s it used to re-announce at', () => {
    expect(staleAfterMs(state({ announceIntervalMs: undefined }))).toBe(15_000);
    expect(staleAfterMs(state())).toBe(6_000);
  });
});
