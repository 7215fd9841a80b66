import type { BrokerOrderEvent } from '@arctrigger/contracts';
import { entryEventFor, exitOutcomeFor } from '../../src/domain/lifecycle/broker-event-mapping';

const base = { orderRef: 't1.entry.1', ibOrderId: 7, permId: 99, conId: 1, at: 1, reconciled: false } as const;
const status = (s: string) => ({ type: 'status', ...base, status: s, filled: 0, remaining: 1, avgFillPrice: 0, whyHeld: null }) as unknown as BrokerOrderEvent;

describe('broker event mapping', () => {
  it.each([
    ['pending-submit', false, 'accepted'],
    ['pre-submitted', false, 'accepted'],
    ['submitted', false, 'accepted'],
    ['inactive', false, 'broker-inactive'],
    ['cancelled', false, 'cancelled'],
    ['cancelled', true, 'remainder-cancelled'],
    ['pending-cancel', false, null],
    ['filled', false, null],
  ])('entry mapping turns status %s (fills: %s) into %s', (s, hasFills, expected) => {
    expect(entryEventFor(status(s), hasFills)).toBe(expected);
  });

  it('entry mapping treats a rejection as rejected, or as the end of the remainder when some filled', () => {
    const rejected = { type: 'rejected', ...base, code: 201, reason: 'Order rejected - no margin' } as unknown as BrokerOrderEvent;
    expect(entryEventFor(rejected, false)).toBe('rejected');
    expect(entryEventFor(rejected, true)).toBe('remainder-cancelled');
  });

  it('entry mapping maps unknown and not-found placements', () => {
    expect(entryEventFor({ type: 'unknown', ...base, reason: 'timeout' } as unknown as BrokerOrderEvent, false)).toBe('submit-unknown');
    expect(entryEventFor({ type: 'not-found', ...base } as unknown as BrokerOrderEvent, false)).toBe('not-found');
  });

  it.each([
    ['submitted', 'accepted'],
    ['pre-submitted', 'accepted'],
    ['cancelled', 'ended'],
    ['filled', null],
    ['inactive', null],
  ])('exit mapping turns status %s into %s', (s, expected) => {
    expect(exitOutcomeFor(status(s))).toBe(expected);
  });

  it('exit mapping ends a rejected exit and marks a lost one', () => {
    expect(exitOutcomeFor({ type: 'rejected', ...base, code: 201, reason: 'x' } as unknown as BrokerOrderEvent)).toBe('ended');
    expect(exitOutcomeFor({ type: 'not-found', ...base } as unknown as BrokerOrderEvent)).toBe('lost');
    expect(exitOutcomeFor({ type: 'unknown', ...base, reason: 'x' } as unknown as BrokerOrderEvent)).toBeNull();
  });
});
