import type { ConnectionState } from '@arctrigger/contracts';
import { createLogger, ManualClock, type Bus } from '@arctrigger/service-kit';
import { SystemMessages, type SystemReactions } from '../../src/app/system-messages';
import { ConnectionReporter } from '../../src/connection/connection-reporter';

function setup() {
  const published: Array<{ subject: string; payload: unknown }> = [];
  const bus = { publish: (contract: { name: string }, payload: unknown) => published.push({ subject: contract.name, payload }) } as unknown as Bus;
  const states: ConnectionState[] = [];
  const reporter = new ConnectionReporter(new ManualClock(1_000), (s) => states.push(s), 7, 2_000);
  reporter.connected({ clientId: 7, account: 'DU1', serverVersion: 193 });
  const reactions: jest.Mocked<SystemReactions> = { connectivityLost: jest.fn(), restoredDataLost: jest.fn(), restoredDataKept: jest.fn(), clientIdInUse: jest.fn() };
  const system = new SystemMessages(bus, createLogger({ service: 'gateway', instanceId: 't', level: 'silent' }), reporter, reactions, () => 5);
  return { published, states, reactions, system };
}

describe('system messages', () => {
  it('system messages suspend firing and make in-flight submits unknown on 1100', () => {
    const { states, reactions, system } = setup();
    system.handle(1100, 'Connectivity between IB and TWS has been lost.', null);
    expect(states.at(-1)).toMatchObject({ status: 'degraded', code: 1100, firingAllowed: false });
    expect(reactions.connectivityLost).toHaveBeenCalledTimes(1);
  });

  it('system messages resubscribe and reconcile on 1101 and only reconcile on 1102', () => {
    const { states, reactions, system } = setup();
    system.handle(1101, 'restored, data lost', null);
    expect(states.at(-1)).toMatchObject({ status: 'connected', code: 1101, firingAllowed: true });
    system.handle(1102, 'restored, data maintained', null);
    expect(reactions.restoredDataLost).toHaveBeenCalledTimes(1);
    expect(reactions.restoredDataKept).toHaveBeenCalledTimes(1);
  });

  it.each([
    [2103, true], [2105, true], [2157, true], [2104, false], [2106, false], [2158, false],
  ])('system messages publish farm code %i as stale=%s', (code, stale) => {
    const { published, system } = setup();
    system.handle(code, 'Market data farm connection:usfarm', null);
    expect(published).toEqual([{ subject: 'gw.feed', payload: { feed: 'usfarm', stale, code, message: 'Market data farm connection:usfarm', at: 5 } }]);
  });

  it.each([101, 354, 10167, 10197, 100])('system messages surface code %i to users as a notice', (code) => {
    const { published, system } = setup();
    system.handle(code, 'something the user must see', 1_000_000_003);
    expect(published).toEqual([{ subject: 'gw.notice', payload: { code, message: 'something the user must see', reqId: 1_000_000_003, at: 5 } }]);
  });

  it('system messages switch client id on 326 and stay quiet on benign farm codes', () => {
    const { published, reactions, system } = setup();
    system.handle(2107, 'HMDS data farm connection is inactive', null);
    expect(published).toEqual([]);
    system.handle(326, 'client id in use', null);
    expect(reactions.clientIdInUse).toHaveBeenCalledTimes(1);
    expect(published).toHaveLength(1);
  });
});
