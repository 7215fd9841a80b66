import type { ConnectionState } from '@arctrigger/contracts';
import { ManualClock } from '@arctrigger/service-kit';
import { ConnectionReporter } from '../../src/connection/connection-reporter';

describe('connection reporter', () => {
  it('connection reporter re-announces an unchanged state with a new announcement time and its period, keeping when it changed', () => {
    const clock = new ManualClock(1_000);
    const states: ConnectionState[] = [];
    const reporter = new ConnectionReporter(clock, (s) => states.push(s), 7, 2_000);

    reporter.connected({ clientId: 7, account: 'DU1', serverVersion: 193 });
    clock.advance(2_000);
    reporter.republish();
    clock.advance(500);
    reporter.disconnected('socket closed');

    expect(states.map((s) => [s.status, s.at, s.announcedAt, s.announceIntervalMs])).toEqual([
      ['connected', 1_000, 1_000, 2_000],
      ['connected', 1_000, 3_000, 2_000],
      ['disconnected', 3_500, 3_500, 2_000],
    ]);
  });
});
