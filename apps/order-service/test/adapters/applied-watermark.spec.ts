import { AppliedWatermark } from '../../src/adapters/applied-watermark';

describe('AppliedWatermark (what a snapshot covers)', () => {
  it('covers what was read in order at start', () => {
    const w = new AppliedWatermark();
    w.readThrough(40);
    expect(w.covered()).toBe(40);
    w.readThrough(12);
    expect(w.covered()).toBe(40);
  });

  it('does not pass an append whose ack has not come back, even when later appends were acked', () => {
    const w = new AppliedWatermark();
    w.readThrough(10);
    w.applied(12);
    w.applied(13);
    expect(w.covered()).toBe(10);
    w.applied(11);
    expect(w.covered()).toBe(13);
  });

  it('stays below a sequence it never saw (a failed append that was stored, another instance\'s append)', () => {
    const w = new AppliedWatermark();
    w.readThrough(5);
    w.applied(7);
    w.applied(8);
    expect(w.covered()).toBe(5);
    // A later start reads the stream in order past the gap.
    w.readThrough(7);
    expect(w.covered()).toBe(8);
  });
});
