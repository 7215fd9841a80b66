import { Contracts, KvBuckets, ok, TradingStateRecord, type CancelAllCommand, type EmergencyReport, type FlattenAllCommand, type OrderRef } from '@arctrigger/contracts';
import { TypedKv } from '@arctrigger/service-kit';
import { RiskFixture } from './support/risk-fixture';

const ALICE = { kind: 'user' as const, id: 'tok-alice', name: 'alice', role: 'admin' as const };

const stepOf = (command: EmergencyReport['command'], step: EmergencyReport['steps'][number]['step'], orderRef: string): EmergencyReport => ({
  command, actor: 'alice', reason: 'x', startedAt: 1, finishedAt: 2,
  steps: [{ step, ok: true, summary: '1 order', error: null, orders: [{ tradeId: null, orderRef: orderRef as OrderRef, conId: null, side: 'SELL', quantity: 1, action: step === 'flatten-all' ? 'sell' : 'cancel', outcome: 'sent', error: null, note: null }] }],
});

describe('panic (real nats-server)', () => {
  let fx: RiskFixture;
  afterEach(async () => fx?.stop());

  it('panic halts first, then asks the order-service to cancel all and then to flatten all, and reports every step in that order', async () => {
    fx = await RiskFixture.start();
    const orders = await fx.bus('order-service');
    const state = await TypedKv.open(await fx.connect('gateway'), KvBuckets.TRADING_STATE, TradingStateRecord);
    const seen: string[] = [];
    const cancels: CancelAllCommand[] = [];
    const flattens: FlattenAllCommand[] = [];
    orders.reply(Contracts.CancelAll, async (cmd) => {
      cancels.push(cmd);
      seen.push(`cancel-all while ${(await state.get('current'))?.value.state}`);
      return ok(stepOf('cancel-all', 'cancel-all', 'T1.guard.1'));
    });
    orders.reply(Contracts.FlattenAll, (cmd) => {
      flattens.push(cmd);
      seen.push('flatten-all');
      return ok(stepOf('flatten-all', 'flatten-all', 'T1.flat.1'));
    });
    await orders.nc.flush();
    const consoleBus = await fx.bus('console');

    const reply = await consoleBus.request(Contracts.Panic, { reason: 'desk on fire', by: ALICE, broker: true });

    expect(seen).toEqual(['cancel-all while HALTED', 'flatten-all']);
    expect(cancels).toEqual([{ reason: 'panic: desk on fire', by: ALICE, broker: true }]);
    expect(flattens).toEqual([{ reason: 'panic: desk on fire', by: ALICE }]);
    expect(reply.ok && reply.value.steps.map((s) => [s.step, s.ok, s.orders.map((o) => o.orderRef)])).toEqual([
      ['halt', true, []], ['cancel-all', true, ['T1.guard.1']], ['flatten-all', true, ['T1.flat.1']],
    ]);
    expect(reply.ok && reply.value.steps[0]?.summary).toMatch(/^trading ACTIVE → HALTED/);

    const again = await consoleBus.request(Contracts.Panic, { reason: 'again', by: ALICE, broker: false });
    expect(again.ok && again.value.steps[0]).toMatchObject({ step: 'halt', ok: true, summary: 'trading already HALTED: kept' });
    expect(seen).toHaveLength(4);
  });

  it('panic still halts and reports each step it could not run when no order-service answers', async () => {
    fx = await RiskFixture.start();
    const consoleBus = await fx.bus('console');

    const reply = await consoleBus.request(Contracts.Panic, { reason: 'alone', by: ALICE, broker: false });

    expect(reply.ok && reply.value.steps.map((s) => [s.step, s.ok, s.error?.code ?? null])).toEqual([
      ['halt', true, null], ['cancel-all', false, 'NO_RESPONDERS'], ['flatten-all', false, 'NO_RESPONDERS'],
    ]);
    const state = await TypedKv.open(await fx.connect('gateway'), KvBuckets.TRADING_STATE, TradingStateRecord);
    expect((await state.get('current'))?.value.state).toBe('HALTED');
  });
});
