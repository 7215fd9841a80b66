import { PlaceOrderCommandV2, RiskDecided, type Reply } from '@arctrigger/contracts';
import type { z } from 'zod';
import { ManualClock } from '@arctrigger/service-kit';
import { HEARD_DECISIONS_KEPT_MS, RiskApprovals } from '../../src/orders/risk-approvals';

const WAIT_MS = 1_000;
const HOUR = 3_600_000;

const command = (over: Partial<z.input<typeof PlaceOrderCommandV2>> = {}): PlaceOrderCommandV2 =>
  PlaceOrderCommandV2.parse({ orderRef: 't1.entry.1', conId: 265598, side: 'BUY', quantity: 10, orderType: 'LMT', limitPrice: 2.5, opening: true, riskCheckId: 'chk-1', ...over });

const approval = (over: Partial<z.input<typeof RiskDecided>> = {}, expiresAt = HOUR): RiskDecided =>
  RiskDecided.parse({
    checkId: 'chk-1', orderRef: 't1.entry.1', tradeId: 't1', conId: 265598, side: 'BUY', quantity: 10, price: 2.5, opening: true,
    decision: { approved: true, reservationId: 'res-1', expiresAt }, decidedAt: 0, ...over,
  });

const denial = (over: Partial<z.input<typeof RiskDecided>> = {}): RiskDecided =>
  approval({ decision: { approved: false, code: 'NOTIONAL_PER_ORDER_EXCEEDED', message: 'The order notional 2500 exceeds 2000.' }, ...over });

/** Lets pending promise callbacks run (no time passes on the manual clock). */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

/** A promise whose outcome can be looked at without awaiting it. */
function watch<T>(promise: Promise<T>): { readonly settled: boolean; readonly value: T | undefined } {
  const state: { settled: boolean; value: T | undefined } = { settled: false, value: undefined };
  void promise.then((value) => {
    state.settled = true;
    state.value = value;
  });
  return state;
}

describe('risk approvals', () => {
  let clock: ManualClock;
  let approvals: RiskApprovals;
  beforeEach(() => {
    clock = new ManualClock(0);
    approvals = new RiskApprovals(clock, WAIT_MS);
  });

  it('risk approvals let an order go at once on an approval heard before the command', async () => {
    const decided = approval();
    approvals.onDecision(decided);

    const answer = watch(approvals.approvalOf(command()));
    await settle();

    expect(answer.settled).toBe(true);
    expect(answer.value).toEqual({ ok: true, value: decided });
    expect(clock.pendingTimers()).toBe(0);
  });

  it('risk approvals let a waiting order go the moment its approval is heard', async () => {
    const answer = watch(approvals.approvalOf(command()));
    clock.advance(WAIT_MS - 1);
    await settle();
    expect(answer.settled).toBe(false);

    const decided = approval();
    approvals.onDecision(decided);
    await settle();

    expect(answer.value).toEqual({ ok: true, value: decided });
    expect(clock.pendingTimers()).toBe(0);
  });

  it('risk approvals ignore a decision of another check of the same order and keep waiting for theirs', async () => {
    approvals.onDecision(approval({ checkId: 'chk-0' }));
    const answer = watch(approvals.approvalOf(command({ riskCheckId: 'chk-1' })));
    await settle();
    expect(answer.settled).toBe(false);

    approvals.onDecision(approval({ checkId: 'chk-2' }));
    approvals.onDecision(approval({ orderRef: 't2.entry.1', tradeId: 't2' }));
    await settle();
    expect(answer.settled).toBe(false);

    const decided = approval({ checkId: 'chk-1', decidedAt: 5 });
    approvals.onDecision(decided);
    await settle();
    expect(answer.value).toEqual({ ok: true, value: decided });
  });

  it('risk approvals refuse a denied check, not retryable, naming the risk code', async () => {
    approvals.onDecision(denial());

    const answer = await approvals.approvalOf(command());

    expect(answer).toEqual({ ok: false, code: 'RISK_NOT_APPROVED', message: 'The risk check chk-1 was denied (NOTIONAL_PER_ORDER_EXCEEDED): The order notional 2500 exceeds 2000.' });
  });

  it('risk approvals refuse a waiting order on the denial of its check', async () => {
    const answer = approvals.approvalOf(command());
    approvals.onDecision(denial());

    expect(await answer).toMatchObject({ ok: false, code: 'RISK_NOT_APPROVED', message: expect.stringContaining('NOTIONAL_PER_ORDER_EXCEEDED') });
  });

  it.each([
    ['another contract', { conId: 756733 }, 'conId 756733, approved 265598'],
    ['the other side', { side: 'SELL', limitPrice: 2.5 }, 'side SELL, approved BUY'],
    ['a closing order approved as opening', { opening: false }, 'opening false, approved true'],
    ['a larger quantity', { quantity: 11 }, 'quantity 11, approved 10'],
    ['a smaller quantity', { quantity: 9 }, 'quantity 9, approved 10'],
    ['a BUY limit above the approved price', { limitPrice: 2.51 }, 'limit 2.51, approved at 2.5'],
  ] as const)('risk approvals refuse an approval of a different order: %s', async (_what, over, difference) => {
    approvals.onDecision(approval());

    const answer = await approvals.approvalOf(command(over));

    expect(answer).toEqual({ ok: false, code: 'RISK_NOT_APPROVED', message: `The risk check chk-1 approved a different order (${difference}): nothing was sent.` });
  });

  it('risk approvals refuse a SELL limit below the approved price and allow one above it', async () => {
    approvals.onDecision(approval({ side: 'SELL', opening: false }));

    const below = await approvals.approvalOf(command({ side: 'SELL', opening: false, limitPrice: 2.49 }));
    const above = await approvals.approvalOf(command({ side: 'SELL', opening: false, limitPrice: 2.6 }));

    expect(below).toMatchObject({ ok: false, code: 'RISK_NOT_APPROVED', message: expect.stringContaining('limit 2.49, approved at 2.5') });
    expect(above).toMatchObject({ ok: true });
  });

  it.each([
    ['below the approved price', 2.4],
    ['at the approved price', 2.5],
  ])('risk approvals let a BUY limit %s go', async (_what, limitPrice) => {
    const decided = approval();
    approvals.onDecision(decided);

    expect(await approvals.approvalOf(command({ limitPrice }))).toEqual({ ok: true, value: decided });
  });

  it('risk approvals refuse an approval that has expired and accept it until then', async () => {
    approvals.onDecision(approval({}, 5_000));

    clock.advance(4_999);
    const inTime = await approvals.approvalOf(command());
    clock.advance(1);
    const late = await approvals.approvalOf(command());

    expect(inTime).toMatchObject({ ok: true });
    expect(late).toEqual({ ok: false, code: 'RISK_NOT_APPROVED', message: 'The approval of risk check chk-1 expired: nothing was sent.' });
  });

  it('risk approvals refuse as retryable when no decision is heard within the wait', async () => {
    const answer = watch(approvals.approvalOf(command()));
    clock.advance(WAIT_MS - 1);
    await settle();
    expect(answer.settled).toBe(false);

    clock.advance(1);
    await settle();

    expect(answer.value).toEqual({
      ok: false, code: 'RISK_NOT_APPROVED', retryable: true,
      message: 'No decision of risk check chk-1 was heard within 1000 ms: nothing was sent; place it with v1 once approved.',
    });
    // A decision heard after the refusal reaches no one (and does not throw).
    expect(() => approvals.onDecision(approval())).not.toThrow();
    expect(clock.pendingTimers()).toBe(0);
  });

  it('risk approvals answer each of several orders waiting for the same check', async () => {
    const first = approvals.approvalOf(command());
    const second = approvals.approvalOf(command());
    const decided = approval();
    approvals.onDecision(decided);

    expect(await Promise.all([first, second])).toEqual([{ ok: true, value: decided }, { ok: true, value: decided }]);
  });

  it('risk approvals forget a decision heard 10 minutes ago once a newer decision arrives', async () => {
    approvals.onDecision(approval());
    approvals.onDecision(approval({ orderRef: 't2.entry.1', tradeId: 't2', checkId: 'chk-2' }));
    // Just short of the horizon a newer decision forgets nothing.
    clock.advance(HEARD_DECISIONS_KEPT_MS - 1);
    approvals.onDecision(approval({ orderRef: 't3.entry.1', tradeId: 't3', checkId: 'chk-3' }));
    expect(await approvals.approvalOf(command({ orderRef: 't2.entry.1', riskCheckId: 'chk-2' }))).toMatchObject({ ok: true });

    clock.advance(1);
    // Not pruned until something newer is heard.
    expect(await approvals.approvalOf(command())).toMatchObject({ ok: true });
    approvals.onDecision(approval({ orderRef: 't4.entry.1', tradeId: 't4', checkId: 'chk-4' }));

    const forgotten = watch(approvals.approvalOf(command()));
    const forgottenToo = watch(approvals.approvalOf(command({ orderRef: 't2.entry.1', riskCheckId: 'chk-2' })));
    const kept = await approvals.approvalOf(command({ orderRef: 't3.entry.1', riskCheckId: 'chk-3' }));
    await settle();
    expect(kept).toMatchObject({ ok: true });
    expect(forgotten.settled).toBe(false);
    expect(forgottenToo.settled).toBe(false);

    clock.advance(WAIT_MS);
    await settle();
    expect(forgotten.value).toMatchObject({ ok: false, code: 'RISK_NOT_APPROVED', retryable: true });
    expect(forgottenToo.value).toMatchObject({ ok: false, code: 'RISK_NOT_APPROVED', retryable: true });
  });

  it('risk approvals keep a decision heard again as new: hearing it renews how long it is kept', async () => {
    approvals.onDecision(approval());
    approvals.onDecision(approval({ orderRef: 't2.entry.1', tradeId: 't2', checkId: 'chk-2' }));
    clock.advance(HEARD_DECISIONS_KEPT_MS - 1);
    // t1's check decided again (a newer check): it is now the freshest, behind t2 in age order.
    approvals.onDecision(approval({ checkId: 'chk-1b' }));
    clock.advance(1);
    approvals.onDecision(approval({ orderRef: 't3.entry.1', tradeId: 't3', checkId: 'chk-3' }));

    const t1: Reply<RiskDecided> = await approvals.approvalOf(command({ riskCheckId: 'chk-1b' }));
    const t2 = watch(approvals.approvalOf(command({ orderRef: 't2.entry.1', riskCheckId: 'chk-2' })));
    await settle();

    expect(t1).toMatchObject({ ok: true, value: { checkId: 'chk-1b' } });
    expect(t2.settled).toBe(false);
    clock.advance(WAIT_MS);
  });
});
