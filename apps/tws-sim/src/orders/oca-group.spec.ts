import { OcaGroups, ocaAdjustments } from './oca-group';
import { OcaType, parseOcaType } from './oca-type';
import type { SimOrder } from './sim-order';

function member(orderId: number, ocaType: OcaType, totalQuantity: number, filled = 0, ocaGroup = 'g'): SimOrder {
  return { orderId, clientId: 1, account: 'DU1', ocaGroup, ocaType, totalQuantity, filled } as SimOrder;
}

/** [case, ocaType of the executing order, its size, filled before, filled after, other member's size, expected] */
const CASES: [string, OcaType, number, number, number, number, string][] = [
  ['type 1 partial execution cancels', OcaType.CANCEL_WITH_BLOCK, 100, 0, 30, 100, 'cancel'],
  ['type 1 complete execution cancels', OcaType.CANCEL_WITH_BLOCK, 100, 0, 100, 100, 'cancel'],
  ['unset type in a group cancels like type 1', OcaType.NONE, 100, 0, 30, 100, 'cancel'],
  ['type 2 partial execution reduces by the executed fraction', OcaType.REDUCE_WITH_BLOCK, 100, 0, 30, 100, 'reduce 70'],
  ['type 2 second partial reduces from what is left', OcaType.REDUCE_WITH_BLOCK, 100, 30, 60, 70, 'reduce 40'],
  ['type 2 reduces a smaller member in proportion, rounding down', OcaType.REDUCE_WITH_BLOCK, 100, 0, 30, 50, 'reduce 35'],
  ['type 2 complete execution cancels', OcaType.REDUCE_WITH_BLOCK, 100, 40, 100, 60, 'cancel'],
  ['type 2 reduction to nothing cancels', OcaType.REDUCE_WITH_BLOCK, 100, 0, 99, 50, 'cancel'],
  ['type 3 partial execution reduces like type 2', OcaType.REDUCE_NON_BLOCK, 100, 0, 30, 100, 'reduce 70'],
];

describe('OCA adjustments', () => {
  it.each(CASES)('OCA adjustment: %s', (_case, ocaType, size, filledBefore, filledAfter, otherSize, expected) => {
    const executing = member(1, ocaType, size, filledAfter);
    const other = member(2, ocaType, otherSize);
    const [adjustment] = ocaAdjustments(executing, size - filledBefore, [other]);
    const actual = adjustment?.type === 'reduce' ? `reduce ${adjustment.totalQuantity}` : adjustment?.type;
    expect(actual).toBe(expected);
  });

  it.each([
    [0, OcaType.NONE],
    [1, OcaType.CANCEL_WITH_BLOCK],
    [2, OcaType.REDUCE_WITH_BLOCK],
    [3, OcaType.REDUCE_NON_BLOCK],
    [7, OcaType.NONE],
  ])('ocaType %i from the wire reads as %i', (raw, expected) => {
    expect(parseOcaType(raw)).toBe(expected);
  });
});

describe('OCA groups', () => {
  it('OCA groups list the other open members of a group by account and name', () => {
    const groups = new OcaGroups();
    const a = member(1, 1, 10);
    const b = member(2, 1, 10);
    const otherGroup = member(3, 1, 10, 0, 'h');
    const noGroup = member(4, 1, 10, 0, '');
    for (const o of [a, b, otherGroup, noGroup]) groups.join(o);
    expect(groups.others(a, () => true)).toEqual([b]);
    expect(groups.others(a, (o) => o !== b)).toEqual([]);
    expect(groups.others(noGroup, () => true)).toEqual([]);
    groups.leave(b);
    expect(groups.group('g')).toEqual([a]);
    expect(groups.all().map((g) => g.name)).toEqual(['g', 'h']);
  });
});
