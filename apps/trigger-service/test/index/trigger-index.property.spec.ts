import fc from 'fast-check';
import { Session, type TriggerId } from '@arctrigger/contracts';
import { TriggerIndex } from '../../src/index/trigger-index';
import type { IndexedTrigger, ScopeCode, SourceCode } from '../../src/index/indexed-trigger';
import { NaiveEvaluator, type NaiveTrigger } from './naive-evaluator';

// Prices and levels on a coarse grid so equal prices (strict crossing) happen often.
const price = fc.integer({ min: 1, max: 12 }).map((n) => n / 2);
const maybePrice = fc.oneof({ weight: 5, arbitrary: price }, { weight: 1, arbitrary: fc.constant(NaN) });
const conId = fc.integer({ min: 1, max: 3 });
const triggerId = fc.integer({ min: 0, max: 15 }).map((n) => `t${n}`);
const session = fc.constantFrom(Session.REGULAR, Session.REGULAR, Session.PREMARKET, Session.AFTER_HOURS, Session.CLOSED);

const trigger = fc.record({
  id: triggerId,
  conId,
  source: fc.integer({ min: 0, max: 3 }),
  scope: fc.integer({ min: 0, max: 1 }),
  above: fc.boolean(),
  level: price,
  confirm: fc.oneof(
    { weight: 3, arbitrary: fc.constant({ ticks: 0, ms: 0 }) },
    { weight: 1, arbitrary: fc.record({ ticks: fc.integer({ min: 1, max: 3 }), ms: fc.constant(0) }) },
    { weight: 2, arbitrary: fc.record({ ticks: fc.constant(0), ms: fc.integer({ min: 1, max: 80 }) }) },
  ),
});

const op = fc.oneof(
  { weight: 3, arbitrary: trigger.map((t) => ({ kind: 'add' as const, t })) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('modify' as const), id: triggerId, level: price }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('remove' as const), id: triggerId }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('stale' as const), conId }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('elapse' as const), conId, session, dt: fc.integer({ min: 0, max: 60 }) }) },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('stale-tick' as const), conId, bid: maybePrice, ask: maybePrice, last: maybePrice, session }),
  },
  {
    weight: 8,
    arbitrary: fc.record({ kind: fc.constant('tick' as const), conId, bid: maybePrice, ask: maybePrice, last: maybePrice, session, dt: fc.integer({ min: 0, max: 20 }) }),
  },
);

function indexed(t: NaiveTrigger): IndexedTrigger {
  return {
    id: t.id as TriggerId,
    conId: t.conId,
    source: t.source as SourceCode,
    scope: t.scope as ScopeCode,
    above: t.above,
    level: t.level,
    confirmTicks: t.confirmTicks,
    confirmMs: t.confirmMs,
  };
}

const firedIds = (index: TriggerIndex) => index.fired.ids.slice(0, index.fired.count).map(String).sort();
const heldIds = (index: TriggerIndex) => index.held.ids.slice(0, index.held.count).map(String).sort();

describe('trigger index', () => {
  it('trigger index fires exactly the triggers a naive scan fires when given random triggers, ticks, time, stale ticks, modifies and disarms', () => {
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 120, size: 'medium' }), (ops) => {
        const index = new TriggerIndex();
        const naive = new NaiveEvaluator();
        let time = 1_000;
        for (const o of ops) {
          let expected: string[] = [];
          let actual: string[] = [];
          switch (o.kind) {
            case 'add': {
              const t: NaiveTrigger = { ...o.t, confirmTicks: o.t.confirm.ticks, confirmMs: o.t.confirm.ms };
              expected = naive.add(t);
              index.add(indexed(t));
              actual = firedIds(index);
              break;
            }
            case 'modify':
              expected = naive.modify(o.id, o.level);
              index.modify(o.id, o.level);
              actual = firedIds(index);
              break;
            case 'remove':
              naive.remove(o.id);
              index.remove(o.id);
              break;
            case 'stale':
              naive.stale(o.conId);
              index.markStale(o.conId);
              break;
            case 'elapse':
              time += o.dt;
              expected = naive.elapse(o.conId, time, o.session);
              index.onTime(o.conId, time, o.session);
              actual = firedIds(index);
              break;
            case 'stale-tick':
              expected = naive.heldBy(o.conId, o.bid, o.ask, o.last, o.session);
              index.collectInCondition(o.conId, o.bid, o.ask, o.last, o.session);
              actual = heldIds(index);
              naive.stale(o.conId);
              index.markStale(o.conId);
              break;
            case 'tick':
              time += o.dt;
              expected = naive.tick(o.conId, o.bid, o.ask, o.last, o.session, time).sort();
              index.onTick(o.conId, o.bid, o.ask, o.last, o.session, time);
              actual = firedIds(index);
              break;
          }
          expect(actual).toEqual(expected.sort());
        }
      }),
      { numRuns: 3000 },
    );
  });
});
