import { Controller, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Ctx, EventPattern, MessagePattern, Payload } from '@nestjs/microservices';
import type { INestMicroservice } from '@nestjs/common';
import { Contracts, patternOf, type MarketRuleRequest, type DeadLetter } from '@arctrigger/contracts';
import { BusRecorder } from '@arctrigger/testkit';
import type { z } from 'zod';
import { BusTransport } from '../src/nest/bus-transport.strategy';
import { BusContext } from '../src/nest/bus-context';
import { encodeJson } from '../src/bus/json-codec';
import { BusFixture } from './bus-fixture';

const calls: Array<{ kind: string; payload: unknown; subject?: string }> = [];
let onCall: (() => void) | undefined;
const record = (call: (typeof calls)[number]) => {
  calls.push(call);
  onCall?.();
};
const nextCall = () => new Promise<void>((resolve) => (onCall = resolve));

@Controller()
class LookupController {
  @MessagePattern(patternOf(Contracts.MarketRule))
  marketRule(@Payload() req: z.infer<typeof MarketRuleRequest>, @Ctx() ctx: BusContext) {
    record({ kind: 'request', payload: req, subject: ctx.message.subject });
    return { ok: true, value: { marketRuleId: req.marketRuleId, increments: [{ lowEdge: 0, increment: 0.05 }] } };
  }

  @EventPattern(patternOf(Contracts.TradingStateChanged))
  connection(@Payload() event: unknown) {
    record({ kind: 'event', payload: event });
  }
}

@Module({ controllers: [LookupController] })
class LookupModule {}

describe('nest bus transport', () => {
  let fx: BusFixture;
  let app: INestMicroservice;

  beforeAll(async () => {
    fx = await BusFixture.start();
    const bus = await fx.bus('gateway');
    app = await NestFactory.createMicroservice(LookupModule, { strategy: new BusTransport(bus), logger: false });
    await app.listen();
    await bus.nc.flush();
  });
  afterAll(async () => {
    await app.close();
    await fx.stop();
  });
  beforeEach(() => (calls.length = 0));

  it('nest event handler receives a valid event', async () => {
    const risk = await fx.bus('risk-service');
    const event = {
      previous: 'ACTIVE' as const,
      current: { state: 'HALTED' as const, reason: 'test', changedBy: 'admin', at: 1 },
      cancelledOrders: [],
      disarmedTriggers: [],
    };
    const called = nextCall();
    risk.publish(Contracts.TradingStateChanged, event);
    await called;
    expect(calls).toEqual([{ kind: 'event', payload: expect.objectContaining(event) }]);
  });

  it('nest handler answers a valid request through the bus like a raw handler', async () => {
    const orders = await fx.bus('order-service');
    const reply = await orders.request(Contracts.MarketRule, { marketRuleId: 26 });
    expect(reply).toEqual({ ok: true, value: { marketRuleId: 26, increments: [{ lowEdge: 0, increment: 0.05 }] } });
    expect(calls).toEqual([{ kind: 'request', payload: { marketRuleId: 26 }, subject: 'gw.lookup.market-rule.v1' }]);
  });

  it('nest handler is never called for an invalid request, which gets field-level issues', async () => {
    const raw = await fx.connect('order-service');
    const msg = await raw.request('gw.lookup.market-rule.v1', encodeJson({ marketRuleId: 'x' }), { timeout: 2000 });
    expect(msg.json()).toMatchObject({
      ok: false,
      code: 'INVALID_REQUEST',
      issues: [{ path: 'marketRuleId', message: expect.any(String) }],
    });
    expect(calls).toEqual([]);
  });

  it('nest event handler is never called for an invalid event, which is dead-lettered', async () => {
    const admin = await fx.connect('admin');
    const dlq = await BusRecorder.start(admin, 'dlq.v1.gateway');
    await admin.flush();
    admin.publish('risk.evt.trading-state.v1', encodeJson({ previous: 'SIDEWAYS' }));
    const letter = (await dlq.waitFor(() => true)).json as DeadLetter;
    expect(letter).toMatchObject({ reason: 'invalid-payload', contract: 'risk.evt.trading-state.v1', subject: 'risk.evt.trading-state.v1' });
    expect(letter.issues.map((i) => i.path)).toEqual(expect.arrayContaining(['previous', 'current', 'cancelledOrders']));
    expect(calls).toEqual([]);
    dlq.stop();
  });
});
