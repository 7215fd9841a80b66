import { TradeEventType, TradeState } from '@arctrigger/contracts';
import { CREATIONS, TRANSITIONS, creation, isFinal, transition } from '../../src/domain/lifecycle/transition-table';

const S = TradeState;
const E = TradeEventType;

/**
 * The expected lifecycle, written out again independently of the implementation: for every state,
 * the events it accepts and where they lead. Every other (state, event) pair must be refused.
 */
const expected: Record<TradeState, Partial<Record<TradeEventType, TradeState>>> = {
  ARMED: { 'commission-charged': S.ARMED, modified: S.ARMED, 'premarket-hit': S.PREMARKET_HIT, fired: S.FIRED, 'entry-rearmed': S.ARMED, rebased: S.ARMED, cancelled: S.CANCELLED, failed: S.FAILED, suspended: S.SUSPENDED },
  SUSPENDED: { resumed: S.ARMED, modified: S.SUSPENDED, cancelled: S.CANCELLED, failed: S.FAILED, 'commission-charged': S.SUSPENDED },
  PREMARKET_HIT: { 'commission-charged': S.PREMARKET_HIT, rebased: S.ARMED, held: S.ARMED, cancelled: S.CANCELLED },
  FIRED: { 'commission-charged': S.FIRED, 'partially-filled': S.PARTIALLY_FILLED, filled: S.OPEN, submitting: S.SUBMITTING, rejected: S.REJECTED, failed: S.FAILED, cancelled: S.CANCELLED },
  SUBMITTING: { 'commission-charged': S.SUBMITTING, accepted: S.WORKING, 'submit-unknown': S.SUBMIT_UNKNOWN, rejected: S.REJECTED, 'partially-filled': S.PARTIALLY_FILLED, filled: S.OPEN, cancelled: S.CANCELLED },
  SUBMIT_UNKNOWN: { 'commission-charged': S.SUBMIT_UNKNOWN, accepted: S.WORKING, 'not-found': S.FAILED, rejected: S.REJECTED, 'partially-filled': S.PARTIALLY_FILLED, filled: S.OPEN, cancelled: S.CANCELLED },
  WORKING: { 'commission-charged': S.WORKING, repriced: S.WORKING, 'broker-inactive': S.WORKING, 'partially-filled': S.PARTIALLY_FILLED, filled: S.OPEN, rejected: S.REJECTED, cancelled: S.CANCELLED },
  PARTIALLY_FILLED: {
    'partially-filled': S.PARTIALLY_FILLED, filled: S.OPEN, repriced: S.PARTIALLY_FILLED, 'broker-inactive': S.PARTIALLY_FILLED,
    protected: S.PARTIALLY_FILLED, 'protection-failed': S.PARTIALLY_FILLED, 'stop-moved': S.PARTIALLY_FILLED,
    'remainder-cancelled': S.OPEN, 'stop-fired': S.EXITING, 'exit-submitted': S.EXITING, 'exit-partially-filled': S.PARTIALLY_FILLED,
    'commission-charged': S.PARTIALLY_FILLED, 'protection-overdue': S.PARTIALLY_FILLED, 'guard-placed': S.PARTIALLY_FILLED, 'guard-updated': S.PARTIALLY_FILLED,
    'stop-lost': S.PARTIALLY_FILLED,
  },
  OPEN: { 'exit-partially-filled': S.OPEN, closed: S.CLOSED, protected: S.PROTECTED, 'protection-failed': S.OPEN, filled: S.OPEN, 'exit-submitted': S.EXITING, 'stop-fired': S.EXITING,
    'commission-charged': S.OPEN, 'protection-overdue': S.OPEN, 'guard-placed': S.OPEN, 'guard-updated': S.OPEN, 'stop-lost': S.OPEN,
  },
  PROTECTED: { 'exit-partially-filled': S.PROTECTED, closed: S.CLOSED, 'stop-moved': S.PROTECTED, filled: S.PROTECTED, 'stop-fired': S.EXITING, 'exit-submitted': S.EXITING,
    'commission-charged': S.PROTECTED, 'guard-placed': S.PROTECTED, 'guard-updated': S.PROTECTED, 'stop-lost': S.OPEN,
  },
  EXITING: {
    'exit-accepted': S.EXITING, 'exit-submitted': S.EXITING, 'exit-partially-filled': S.EXITING, 'stop-fired': S.EXITING,
    'stop-moved': S.EXITING, protected: S.EXITING, filled: S.EXITING, 'exit-ended': S.EXITING, 'exit-done': S.PROTECTED, 'exit-done-unprotected': S.OPEN, closed: S.CLOSED,
    'commission-charged': S.EXITING, 'guard-placed': S.EXITING, 'guard-updated': S.EXITING, 'stop-lost': S.EXITING,
  },
  CLOSED: { filled: S.OPEN, 'exit-partially-filled': S.CLOSED, 'commission-charged': S.CLOSED, 'guard-updated': S.CLOSED },
  REJECTED: { 'partially-filled': S.OPEN, filled: S.OPEN, 'commission-charged': S.REJECTED },
  CANCELLED: { 'partially-filled': S.OPEN, filled: S.OPEN, 'commission-charged': S.CANCELLED },
  FAILED: { 'partially-filled': S.OPEN, filled: S.OPEN, 'commission-charged': S.FAILED },
};

const cases = Object.values(S).flatMap((state) => Object.values(E).map((event) => [state, event, expected[state][event]] as const));

describe('trade transition table', () => {
  it.each(cases.filter(([, , to]) => to !== undefined))('trade transition %s --%s--> %s is allowed', (state, event, to) => {
    expect(transition(state, event)).toEqual({ ok: true, to });
  });

  it.each(cases.filter(([, , to]) => to === undefined))('trade transition refuses %s --%s-->', (state, event) => {
    expect(transition(state, event)).toEqual({ ok: false, code: 'INVALID_TRANSITION', message: `a trade in ${state} cannot take '${event}'` });
  });

  it.each([[E.ARMED, S.ARMED], [E.ADOPTED, S.OPEN]])('trade creation %s starts a trade in %s', (event, to) => {
    expect(creation(event)).toEqual({ ok: true, to });
  });

  it.each(Object.values(E).filter((e) => e !== E.ARMED && e !== E.ADOPTED))('trade creation refuses %s (it needs a trade)', (event) => {
    expect(creation(event)).toEqual({ ok: false, code: 'INVALID_TRANSITION', message: `'${event}' does not create a trade` });
  });

  it('trade transition table takes no creating event on an existing trade (adopting twice is never an edge)', () => {
    const creating = new Set(CREATIONS.map(([event]) => event));
    expect(TRANSITIONS.filter(([, event]) => creating.has(event))).toEqual([]);
    expect(Object.values(S).filter((state) => transition(state, E.ADOPTED).ok)).toEqual([]);
  });

  it('trade transition table has no duplicate edge', () => {
    const keys = TRANSITIONS.map(([from, event]) => `${from}|${event}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('trade transition table leaves a final state only for a late fill (back to holding it) or a commission', () => {
    const leaving = TRANSITIONS.filter(([from, , to]) => isFinal(from) && to !== from);
    expect(leaving.every(([, event, to]) => (event === E.FILLED || event === E.PARTIALLY_FILLED) && to === S.OPEN)).toBe(true);
    const staying = TRANSITIONS.filter(([from, , to]) => isFinal(from) && to === from).map(([, event]) => event);
    expect(new Set(staying)).toEqual(new Set([E.COMMISSION_CHARGED, E.GUARD_UPDATED, E.EXIT_PARTIALLY_FILLED]));
    expect([S.CLOSED, S.REJECTED, S.CANCELLED, S.FAILED].every(isFinal)).toBe(true);
    expect(isFinal(S.PROTECTED)).toBe(false);
  });

  it('trade transition table books a commission in every state', () => {
    expect(Object.values(S).filter((state) => !transition(state, E.COMMISSION_CHARGED).ok)).toEqual([]);
  });
});
