import { OrderRef } from '@arctrigger/contracts';
import { ExecutionRouter, type RawCommission, type RawExecution } from '../../src/executions/execution-router';

const parse = (text: string) => {
  const r = OrderRef.safeParse(text);
  return r.success ? r.data : undefined;
};
const ref = OrderRef.parse('t1.entry.1');
const exec = (over: Partial<RawExecution> = {}): RawExecution => ({ execId: 'e1', orderId: 5, permId: 900, orderRef: 't1.entry.1', ...over });

describe('execution router', () => {
  it('execution router publishes an execution once and drops its repeat', () => {
    const router = new ExecutionRouter<RawExecution, RawCommission>(parse);
    expect(router.onExecution(exec())).toEqual({ action: 'publish', orderRef: ref, item: exec() });
    expect(router.onExecution(exec())).toEqual({ action: 'duplicate' });
  });

  it('execution router publishes an execution id seen before when another order reports it', () => {
    const router = new ExecutionRouter<RawExecution, RawCommission>(parse);
    const other = OrderRef.parse('t2.entry.1');
    router.onExecution(exec());
    const sameIdOtherRef = exec({ orderRef: 't2.entry.1', permId: 901 });
    const sameIdOtherPerm = exec({ permId: 902 });

    expect(router.onExecution(sameIdOtherRef)).toEqual({ action: 'publish', orderRef: other, item: sameIdOtherRef });
    expect(router.onExecution(sameIdOtherRef)).toEqual({ action: 'duplicate' });
    expect(router.onCommission({ execId: 'e1' })).toEqual({ action: 'publish', orderRef: other, item: { execId: 'e1' } });
    expect(router.onExecution(sameIdOtherPerm)).toEqual({ action: 'publish', orderRef: ref, item: sameIdOtherPerm });
  });

  it('execution router holds an execution of an unknown order until the order is identified', () => {
    const router = new ExecutionRouter<RawExecution, RawCommission>(parse);
    const orphan = exec({ orderRef: undefined });
    expect(router.onExecution(orphan)).toEqual({ action: 'held' });
    expect(router.onExecution(orphan)).toEqual({ action: 'held' });
    expect(router.held.executions).toBe(1);
    expect(router.identify(ref, { orderId: 5, permId: 900 })).toEqual([{ action: 'publish', orderRef: ref, item: orphan }]);
    expect(router.held.executions).toBe(0);
  });

  it('execution router matches by permId, not by an order id of a previous session', () => {
    const router = new ExecutionRouter<RawExecution, RawCommission>(parse);
    router.identify(ref, { orderId: 5, permId: 900 });
    router.newSession();
    expect(router.onExecution(exec({ execId: 'e2', orderRef: undefined, permId: 777 })).action).toBe('held');
    expect(router.onExecution(exec({ execId: 'e3', orderRef: undefined, orderId: 99 })).action).toBe('publish');
  });

  it('execution router holds a commission until its execution is known', () => {
    const router = new ExecutionRouter<RawExecution, RawCommission>(parse);
    expect(router.onCommission({ execId: 'e1' })).toEqual({ action: 'held' });
    router.onExecution(exec());
    expect(router.releaseCommissions()).toEqual([{ action: 'publish', orderRef: ref, item: { execId: 'e1' } }]);
  });

  it('execution router forgets the oldest exec ids beyond its memory bound', () => {
    const router = new ExecutionRouter<RawExecution, RawCommission>(parse, 2);
    for (const id of ['a', 'b', 'c']) router.onExecution(exec({ execId: id }));
    expect(router.onExecution(exec({ execId: 'a' })).action).toBe('publish');
    expect(router.onExecution(exec({ execId: 'c' })).action).toBe('duplicate');
  });
});
