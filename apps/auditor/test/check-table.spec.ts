import type { AuditInputs } from '../src/checks/audit-check';
import { AUDIT_CHECKS, runChecks } from '../src/checks/check-table';
import { broker, brokerOrder, holding, inputs, OPTION, order, stopTrigger, T0 } from './support/builders';

type Case = [name: string, given: Partial<AuditInputs>, expected: Array<{ key: string; code: string; repair: string; confirmPasses: number }>];

const protectedTrade = holding('t1');
const armed = [stopTrigger('t1')];
const held = broker({ [OPTION]: 2 });

// Each invariant on both sides of its line: what holds finds nothing; what breaks it finds exactly its violation.
const cases: Case[] = [
  ['a protected trade with its stop armed and the broker agreeing breaks nothing', { trades: [protectedTrade], triggers: armed, broker: held }, []],
  // (a) stop missing
  ['a holding trade whose stop trigger was disarmed misses its stop', { trades: [protectedTrade], triggers: [stopTrigger('t1', 'disarmed')], broker: held },
    [{ key: 'STOP_MISSING:t1:t1-s1', code: 'STOP_MISSING', repair: 'rearm-stop', confirmPasses: 1 }]],
  ['a holding trade whose stop trigger the trigger-service does not know misses its stop', { trades: [protectedTrade], triggers: [], broker: held },
    [{ key: 'STOP_MISSING:t1:t1-s1', code: 'STOP_MISSING', repair: 'rearm-stop', confirmPasses: 1 }]],
  ['a stop waiting for fresh data still guards', { trades: [protectedTrade], triggers: [stopTrigger('t1', 'waiting-fresh-data')], broker: held }, []],
  ['an unprotected trade inside the protection deadline is not yet a violation', { now: T0 + 999, trades: [holding('t1', { state: 'OPEN', stopTriggerId: null })], broker: held }, []],
  ['an unprotected trade past the protection deadline misses its stop', { now: T0 + 1_000, trades: [holding('t1', { state: 'OPEN', stopTriggerId: null })], broker: held },
    [{ key: 'STOP_MISSING:t1:none', code: 'STOP_MISSING', repair: 'rearm-stop', confirmPasses: 1 }]],
  ['a working broker protective stop guards a trade with no stop trigger', {
    trades: [holding('t1', { stopTriggerId: null, exits: [order('t1.guard.1', 'guard', 'accepted')] })], broker: broker({ [OPTION]: 2 }, [brokerOrder('t1.guard.1')]),
  }, []],
  ['a protective stop the broker no longer works does not guard', {
    trades: [holding('t1', { stopTriggerId: null, exits: [order('t1.guard.1', 'guard', 'accepted')] })], broker: held,
  }, [{ key: 'STOP_MISSING:t1:none', code: 'STOP_MISSING', repair: 'rearm-stop', confirmPasses: 1 }]],
  ['a trade that waives its stop asks for none', { trades: [holding('t1', { stopLevel: null, stopTriggerId: null })], broker: held }, []],
  ['a trade closing in full asks for no stop', { trades: [holding('t1', { state: 'EXITING', closing: 'stop', stopTriggerId: null })], broker: held }, []],
  // (b) orphan broker orders
  ['a working order of a live leg is explained', {
    trades: [holding('t1', { exits: [order('t1.tp.1', 'tp', 'accepted')] })], triggers: armed, broker: broker({ [OPTION]: 2 }, [brokerOrder('t1.tp.1')]),
  }, []],
  ['a working order of ours whose leg ended is an orphan', { trades: [protectedTrade], triggers: armed, broker: broker({ [OPTION]: 2 }, [brokerOrder('t1.tp.1')]) },
    [{ key: 'ORPHAN_BROKER_ORDER:77', code: 'ORPHAN_BROKER_ORDER', repair: 'flag', confirmPasses: 2 }]],
  ['an order placed by hand (no ref of ours) is an orphan', { trades: [protectedTrade], triggers: armed, broker: broker({ [OPTION]: 2 }, [brokerOrder('', { permId: null, conId: 5 as never })]) },
    [{ key: 'ORPHAN_BROKER_ORDER:5:', code: 'ORPHAN_BROKER_ORDER', repair: 'flag', confirmPasses: 2 }]],
  // (c) position mismatch
  ['the broker holding more than the trades is a mismatch', { trades: [protectedTrade], triggers: armed, broker: broker({ [OPTION]: 3 }) },
    [{ key: `POSITION_MISMATCH:${OPTION}`, code: 'POSITION_MISMATCH', repair: 'ask-broker', confirmPasses: 2 }]],
  ['the broker holding nothing of a held contract is a mismatch', { trades: [protectedTrade], triggers: armed, broker: broker({}) },
    [{ key: `POSITION_MISMATCH:${OPTION}`, code: 'POSITION_MISMATCH', repair: 'ask-broker', confirmPasses: 2 }]],
  ['two trades in one contract are summed against the broker', { trades: [protectedTrade, holding('t2')], triggers: [...armed, stopTrigger('t2')], broker: broker({ [OPTION]: 4 }) }, []],
  // external positions
  ['a broker position no trade holds is external', { broker: broker({ 4242: 100 }) },
    [{ key: 'EXTERNAL_POSITION:4242', code: 'EXTERNAL_POSITION', repair: 'flag', confirmPasses: 2 }]],
  ['a flat position TWS still lists is not external', { broker: broker({ 4242: 0 }) }, []],
  ['without the broker view, no broker check speaks', { trades: [protectedTrade], triggers: armed, broker: null }, []],
  // (d) stuck transient states
  ['an unknown entry outcome within its bound is not stuck', { now: T0 + 29_999, trades: [holding('t1', { state: 'SUBMIT_UNKNOWN', openQuantity: 0, entryOrder: order('t1.entry.1', 'entry', 'unknown') })] }, []],
  ['an unknown entry outcome past its bound is settled by asking the broker', {
    now: T0 + 30_000, trades: [holding('t1', { state: 'SUBMIT_UNKNOWN', openQuantity: 0, entryOrder: order('t1.entry.1', 'entry', 'unknown') })],
  }, [{ key: 'STUCK_TRANSIENT:t1:t1.entry.1', code: 'STUCK_TRANSIENT', repair: 'ask-broker', confirmPasses: 1 }]],
  ['a protective stop being sent past its bound is settled by asking the broker', {
    now: T0 + 30_000, trades: [holding('t1', { exits: [order('t1.guard.1', 'guard', 'sending')] })], triggers: armed, broker: held,
  }, [{ key: 'STUCK_TRANSIENT:t1:t1.guard.1', code: 'STUCK_TRANSIENT', repair: 'ask-broker', confirmPasses: 1 }]],
  ['an exit working past its bound is flagged for a person', {
    now: T0 + 300_000, trades: [holding('t1', { state: 'EXITING', closing: 'flat', stopTriggerId: null, exits: [order('t1.flat.1', 'flat', 'accepted')] })],
    broker: broker({ [OPTION]: 2 }, [brokerOrder('t1.flat.1')]),
  }, [{ key: 'STUCK_TRANSIENT:t1:EXITING', code: 'STUCK_TRANSIENT', repair: 'flag', confirmPasses: 1 }]],
];

describe('audit checks', () => {
  it.each(cases)('audit checks: %s', (_name, given, expected) => {
    const findings = runChecks(inputs(given));
    expect(findings.map(({ key, code, repair, confirmPasses }) => ({ key, code, repair, confirmPasses }))).toEqual(expected);
    for (const f of findings) expect(f.message.length).toBeGreaterThan(0);
  });

  it('audit checks name each finding after what it is about, the same on every pass', () => {
    const given = inputs({ trades: [protectedTrade], triggers: [], broker: broker({ [OPTION]: 3, 4242: 1 }) });
    expect(runChecks(given).map((f) => f.key)).toEqual(runChecks({ ...given, now: given.now + 5_000 }).map((f) => f.key));
  });

  it('audit checks run every check of the table, each named once', () => {
    const names = AUDIT_CHECKS.map((c) => c.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toEqual(['stop-missing', 'stuck-transient', 'position-mismatch', 'external-position', 'orphan-broker-order']);
  });
});
