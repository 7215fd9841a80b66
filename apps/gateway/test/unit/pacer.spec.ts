import { ManualClock } from '@arctrigger/service-kit';
import { Pacer, Priority } from '../../src/pacing/pacer';

describe('pacer', () => {
  it('pacer sends at once while tokens last, then at the configured rate', () => {
    const clock = new ManualClock(0);
    const pacer = new Pacer(clock, { ratePerSec: 10, burst: 2 });
    const sent: number[] = [];
    for (let i = 0; i < 5; i++) pacer.submit(Priority.LOOKUP, () => sent.push(clock.now()));
    expect(sent).toEqual([0, 0]);
    clock.advance(1000);
    expect(sent).toEqual([0, 0, 100, 200, 300]);
  });

  it('pacer sends a queued order ahead of every queued look-up', () => {
    const clock = new ManualClock(0);
    const pacer = new Pacer(clock, { ratePerSec: 45, burst: 1 });
    const sent: string[] = [];
    for (let i = 0; i < 200; i++) pacer.submit(Priority.LOOKUP, () => sent.push(`lookup${i}`));
    pacer.submit(Priority.MARKET_DATA, () => sent.push('md'));
    pacer.submit(Priority.ORDER, () => sent.push('order'));
    clock.advance(100);
    expect(sent.slice(0, 3)).toEqual(['lookup0', 'order', 'md']);
    expect(pacer.waiting.order).toBe(0);
  });

  it('pacer never exceeds its rate over any one-second window', () => {
    const clock = new ManualClock(0);
    const pacer = new Pacer(clock, { ratePerSec: 45, burst: 5 });
    const sent: number[] = [];
    for (let i = 0; i < 300; i++) pacer.submit(i % 3 === 0 ? Priority.ORDER : Priority.LOOKUP, () => sent.push(clock.now()));
    clock.advance(10_000);
    expect(sent).toHaveLength(300);
    for (let i = 0; i < sent.length; i++) {
      const inWindow = sent.filter((t) => t >= sent[i]! && t < sent[i]! + 1000).length;
      expect(inWindow).toBeLessThanOrEqual(50);
    }
  });

  it('pacer drops queued messages when cleared', () => {
    const clock = new ManualClock(0);
    const pacer = new Pacer(clock, { ratePerSec: 1, burst: 1 });
    const sent: number[] = [];
    for (let i = 0; i < 3; i++) pacer.submit(Priority.LOOKUP, () => sent.push(i));
    expect(pacer.clear()).toBe(2);
    clock.advance(5000);
    expect(sent).toEqual([0]);
  });
});
