import { ManualClock } from '@arctrigger/service-kit';
import { startTwsSim, type TwsSim } from '../src';
import { quoteSlotsFor } from '../src/market/market';
import { REGULAR, testScenario } from './support/scenario';

describe('market stepping', () => {
  let sim: TwsSim;
  let published: number[];
  const aaplOption = () => sim.context.registry.optionsOf(265598)[0]!.conId;

  beforeEach(async () => {
    sim = await startTwsSim({ port: 0, scenario: testScenario(), seed: 3, clock: new ManualClock(REGULAR) });
    published = [];
    sim.context.market.onQuote((instrument) => published.push(instrument.conId));
    for (const conId of [265598, aaplOption(), 272093, 756733]) sim.context.market.watch(conId);
  });
  afterEach(() => sim.close());

  it('a set price re-quotes that stock and its watched options only, even when unchanged', () => {
    sim.setPrice('AAPL', 201);
    sim.setPrice('AAPL', 201);
    expect(published).toEqual([265598, aaplOption(), 265598, aaplOption()]);
  });

  it('a full step re-quotes every watched instrument', () => {
    sim.step();
    expect([...published].sort()).toEqual([265598, aaplOption(), 272093, 756733].sort());
  });

  it('slots split the watched instruments: each is re-quoted in exactly one slot of a cycle', () => {
    const of = 7;
    const perSlot = Array.from({ length: of }, (_, index) => {
      published = [];
      sim.context.market.step(sim.clock.now(), { index, of });
      return published;
    });
    const all = perSlot.flat();
    expect([...all].sort()).toEqual([265598, aaplOption(), 272093, 756733].sort());
    perSlot.forEach((conIds, index) => conIds.forEach((conId) => expect(conId % of).toBe(index)));
  });

  it('spreads one tick interval over slots of at least 10 ms, at most 25', () => {
    expect(quoteSlotsFor(10)).toBe(1);
    expect(quoteSlotsFor(19)).toBe(1);
    expect(quoteSlotsFor(50)).toBe(5);
    expect(quoteSlotsFor(250)).toBe(25);
    expect(quoteSlotsFor(60_000)).toBe(25);
  });
});
