import { ok } from '@arctrigger/contracts';
import { ManualClock } from '@arctrigger/service-kit';
import { PendingRequests } from '../../src/tws/pending-requests';

describe('pending requests', () => {
  it('pending request times out only after it was sent, with a clear error', async () => {
    const clock = new ManualClock(0);
    const pending = new PendingRequests(clock);
    let markSent!: () => void;
    const sent = new Promise<void>((r) => (markSent = r));
    const reply = pending.wait(7, 1_000, 'contract AAPL', sent);
    clock.advance(5_000);
    expect(pending.has(7)).toBe(true);
    markSent();
    await sent;
    await Promise.resolve();
    clock.advance(1_000);
    expect(await reply).toEqual({ ok: false, code: 'LOOKUP_TIMEOUT', message: 'TWS did not answer contract AAPL within 1000 ms.', retryable: true });
  });

  it('pending request is answered once, by whichever comes first', async () => {
    const clock = new ManualClock(0);
    const pending = new PendingRequests(clock);
    const reply = pending.wait(1, 1_000, 'x');
    expect(pending.resolve(1, ok(42))).toBe(true);
    expect(pending.resolve(1, ok(43))).toBe(false);
    clock.advance(2_000);
    expect(await reply).toEqual(ok(42));
  });

  it('pending requests all fail at once when the connection is lost', async () => {
    const pending = new PendingRequests(new ManualClock(0));
    const a = pending.wait(1, 1_000, 'a');
    const b = pending.wait(2, 1_000, 'b');
    pending.failAll({ ok: false, code: 'TWS_DISCONNECTED', message: 'gone' });
    expect(await Promise.all([a, b])).toEqual([
      { ok: false, code: 'TWS_DISCONNECTED', message: 'gone' },
      { ok: false, code: 'TWS_DISCONNECTED', message: 'gone' },
    ]);
  });
});
