import { planLeases, type LeaseView } from '../../src/partitions/lease-plan';
import { partitionOf } from '../../src/partitions/partition-of';

const NOW = 10_000;
const leases = (owners: Array<string | undefined>, expiresAt = NOW + 1_000): LeaseView[] =>
  owners.map((owner, i) => ({ lease: owner === undefined ? undefined : { owner, expiresAt }, revision: i + 1 }));

describe('lease plan', () => {
  it('lease plan claims every free partition when the instance is alone', () => {
    const plan = planLeases('a', NOW, leases(new Array<string | undefined>(8).fill(undefined)), new Set(['a']));
    expect(plan.claim.sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(plan.release).toEqual([]);
  });

  it('lease plan releases half when a second live member owns nothing', () => {
    const plan = planLeases('a', NOW, leases(new Array<string>(8).fill("a")), new Set(['a', 'b']));
    expect(plan.release).toHaveLength(4);
    expect(plan.renew).toHaveLength(4);
  });

  it('lease plan takes over the partitions of a member whose leases expired', () => {
    const views = [...leases(['a', 'a', 'a', 'a']), ...leases(['b', 'b', 'b', 'b'], NOW - 1)];
    const plan = planLeases('a', NOW, views, new Set(['a']));
    expect(plan.claim.sort()).toEqual([4, 5, 6, 7]);
    expect(plan.renew.sort()).toEqual([0, 1, 2, 3]);
  });

  it('lease plan never claims a partition another member holds unexpired', () => {
    const plan = planLeases('a', NOW, leases(['b', 'b', undefined, undefined]), new Set(['a', 'b']));
    expect(plan.claim.sort()).toEqual([2, 3]);
  });

  it('partition of a conId is stable and spreads sequential ids over every partition', () => {
    const counts = new Array<number>(64).fill(0);
    for (let c = 1; c <= 6_400; c++) counts[partitionOf(c, 64)] = (counts[partitionOf(c, 64)] ?? 0) + 1;
    expect(partitionOf(265598, 64)).toBe(partitionOf(265598, 64));
    expect(Math.min(...counts)).toBeGreaterThan(60);
    expect(Math.max(...counts)).toBeLessThan(140);
  });
});
