import { Contracts, MarketTick, RiskCheckRequestV2, TradeEvent, type DeadLetter } from '@arctrigger/contracts';
import { fieldIssues } from '../src/bus/field-issues';
import { BusRecorder } from '@arctrigger/testkit';
import { encodeJson } from '../src/bus/json-codec';
import { ContractViolationError } from '../src/errors';
import { BusFixture } from './bus-fixture';

const tick = (over: Partial<MarketTick> = {}) => ({
  conId: 265598,
  seq: 1,
  bid: 231.1,
  ask: 231.2,
  last: 231.15,
  bidSize: 100,
  askSize: 200,
  lastSize: 10,
  exchangeTime: 1_700_000_000_000,
  receivedAt: 1_700_000_000_005,
  ...over,
});

describe('bus', () => {
  let fx: BusFixture;
  beforeAll(async () => {
    fx = await BusFixture.start();
  });
  afterAll(async () => fx.stop());

  it('bus answers an invalid request with field-level issues and never calls the handler', async () => {
    const gateway = await fx.bus('gateway');
    const handler = jest.fn();
    gateway.reply(Contracts.QualifyContract, handler);
    const raw = await fx.connect('order-service');
    await gateway.nc.flush();

    const msg = await raw.request('gw.lookup.contract.v1', encodeJson({ secType: 'OPT', symbol: 'aapl', strike: -5 }), { timeout: 2000 });

    expect(msg.json()).toEqual({
      ok: false,
      code: 'INVALID_REQUEST',
      message: 'invalid gw.lookup.contract request',
      issues: expect.arrayContaining([
        { path: 'symbol', message: expect.stringContaining('upper-case ticker') },
        { path: 'expiry', message: expect.any(String) },
        { path: 'strike', message: expect.any(String) },
        { path: 'right', message: expect.any(String) },
      ]),
    });
    expect(handler).not.toHaveBeenCalled();
    expect(gateway.stats.counters('gw.lookup.contract.v1').invalid).toBe(1);
  });

  it('bus answers a request with thousands of bad entries with the first 20 issues and a count of the rest, and keeps answering on the same connection', async () => {
    const orders = await fx.bus('order-service');
    const handler = jest.fn();
    orders.reply(Contracts.ListTrades, handler);
    const raw = await fx.connect('console');
    await orders.nc.flush();

    // 6,000 wrong states: one issue each. Reported in full, the refusal was larger than the
    // server's max_payload; sending it threw inside the NATS client's reader and the asker heard
    // nothing for as long as the connection took to come back.
    const msg = await raw.request('trade.query.list.v1', encodeJson({ states: Array.from({ length: 6_000 }, (_, i) => i) }), { timeout: 2000 });
    const answer = msg.json<{ ok: boolean; code: string; issues: Array<{ path: string; message: string }> }>();
    expect(answer).toMatchObject({ ok: false, code: 'INVALID_REQUEST' });
    expect(answer.issues).toHaveLength(21);
    expect(answer.issues.slice(0, 3).map((i) => i.path)).toEqual(['states.0', 'states.1', 'states.2']);
    expect(answer.issues[20]).toEqual({ path: '(more)', message: 'and 5980 more issues' });
    expect(msg.data.length).toBeLessThan(20_000);
    expect(handler).not.toHaveBeenCalled();

    const again = await raw.request('trade.query.list.v1', encodeJson({ states: 'x' }), { timeout: 2000 });
    expect(again.json()).toMatchObject({ ok: false, code: 'INVALID_REQUEST' });
  });

  it('bus answers HANDLER_FAILED when the answer is too large to send, and keeps answering on the same connection', async () => {
    const gateway = await fx.bus('gateway');
    let size = 20_000;
    gateway.reply(Contracts.SymbolSearch, () => ({
      ok: true as const,
      value: { matches: Array.from({ length: size }, (_, i) => ({ conId: i + 1, symbol: 'A', secType: 'STK', primaryExchange: 'NASDAQ', currency: 'USD', description: 'x'.repeat(60), derivativeSecTypes: ['OPT'] })) },
    }));
    const consoleBus = await fx.bus('console');
    await gateway.nc.flush();

    const reply = await consoleBus.request(Contracts.SymbolSearch, { pattern: 'A' }, { timeoutMs: 5000 });
    expect(reply).toMatchObject({ ok: false, code: 'HANDLER_FAILED', message: expect.stringContaining('could not be sent') });
    size = 1;
    expect(await consoleBus.request(Contracts.SymbolSearch, { pattern: 'A' }, { timeoutMs: 5000 })).toMatchObject({ ok: true, value: { matches: [{ conId: 1 }] } });
  });

  it('bus answers a request that is not JSON with INVALID_REQUEST', async () => {
    const gateway = await fx.bus('gateway');
    const handler = jest.fn();
    gateway.reply(Contracts.SymbolSearch, handler);
    const raw = await fx.connect('console');
    await gateway.nc.flush();

    const msg = await raw.request('gw.lookup.symbols.v1', new TextEncoder().encode('{nope'), { timeout: 2000 });

    expect(msg.json()).toMatchObject({ ok: false, code: 'INVALID_REQUEST', message: expect.stringContaining('not JSON') });
    expect(handler).not.toHaveBeenCalled();
  });

  it('bus round-trips a valid request through a typed handler', async () => {
    const gateway = await fx.bus('gateway');
    gateway.reply(Contracts.MarketRule, ({ marketRuleId }) => ({
      ok: true as const,
      value: { marketRuleId, increments: [{ lowEdge: 0, increment: 0.01 }, { lowEdge: 3, increment: 0.05 }] },
    }));
    const orders = await fx.bus('order-service');
    await gateway.nc.flush();

    const reply = await orders.request(Contracts.MarketRule, { marketRuleId: 32 });

    expect(reply).toEqual({ ok: true, value: { marketRuleId: 32, increments: [{ lowEdge: 0, increment: 0.01 }, { lowEdge: 3, increment: 0.05 }] } });
  });

  it('bus returns TIMEOUT as a value when the responder does not answer in time', async () => {
    const gateway = await fx.bus('gateway');
    gateway.reply(Contracts.OptionChain, () => new Promise(() => undefined));
    const orders = await fx.bus('order-service');
    await gateway.nc.flush();

    const reply = await orders.request(Contracts.OptionChain, { symbol: 'AAPL', underConId: 265598 }, { timeoutMs: 200 });

    expect(reply).toMatchObject({ ok: false, code: 'TIMEOUT', retryable: true });
  });

  it('bus returns NO_RESPONDERS when no service listens', async () => {
    const orders = await fx.bus('order-service');
    const reply = await orders.request(Contracts.ArmTrigger, {
      triggerId: 'x1', owner: { tradeId: 't1', purpose: 'entry' }, conId: 1, priceSource: 'last',
      direction: 'above', level: 10, sessionScope: 'regular', ifMetOnArm: 'reject',
    });
    expect(reply).toMatchObject({ ok: false, code: 'NO_RESPONDERS' });
  });

  it('bus answers HANDLER_FAILED without leaking the error when a handler throws', async () => {
    const gateway = await fx.bus('gateway');
    gateway.reply(Contracts.QuoteSnapshot, () => {
      throw new Error('secret internal detail');
    });
    const orders = await fx.bus('order-service');
    await gateway.nc.flush();

    const reply = await orders.request(Contracts.QuoteSnapshot, { conId: 5 });

    expect(reply).toMatchObject({ ok: false, code: 'HANDLER_FAILED' });
    expect(JSON.stringify(reply)).not.toContain('secret');
  });

  it('bus parks an invalid event on the dead-letter subject with its reason and never calls the handler', async () => {
    const trigger = await fx.bus('trigger-service');
    const handler = jest.fn();
    trigger.subscribe(Contracts.MarketTick, handler);
    const admin = await fx.connect('admin');
    const dlq = await BusRecorder.start(admin, 'dlq.v1.trigger-service');
    await trigger.nc.flush();
    await admin.flush();

    admin.publish('md.tick.v1.265598', encodeJson({ ...tick(), bid: -1, seq: 'x' }));
    const letter = (await dlq.waitFor(() => true)).json as DeadLetter;

    expect(letter).toMatchObject({
      service: 'trigger-service',
      subject: 'md.tick.v1.265598',
      contract: 'md.tick.v1',
      reason: 'invalid-payload',
      issues: expect.arrayContaining([expect.objectContaining({ path: 'bid' }), expect.objectContaining({ path: 'seq' })]),
    });
    expect(letter.payload).toContain('"bid":-1');
    expect(handler).not.toHaveBeenCalled();
    expect(trigger.stats.counters('md.tick.v1.*')).toMatchObject({ received: 1, invalid: 1, deadLettered: 1 });
    dlq.stop();
  });

  it('bus delivers a valid event to the handler with the parsed payload', async () => {
    const trigger = await fx.bus('trigger-service');
    const received = new Promise<unknown>((resolve) => trigger.subscribe(Contracts.MarketTick, (p) => resolve(p), { trace: false }));
    await trigger.nc.flush();
    const gateway = await fx.bus('gateway');

    gateway.publish(Contracts.MarketTick, tick({ seq: 7 }), { params: { conId: 265598 }, trace: false });

    expect(await received).toEqual(tick({ seq: 7 }));
  });

  it('bus publishes a hot-path tick checked by the contract hand check (MarketTick.check) as given, and refuses an invalid one with the same error as the schema', async () => {
    const gateway = await fx.bus('gateway');
    const raw = await fx.connect('trigger-service');
    const seen = await BusRecorder.start(raw, 'md.tick.v1.777');
    const before = gateway.stats.counters('md.tick.v1.*').published;
    let refused: unknown;
    try {
      gateway.publish(Contracts.MarketTick, { ...tick(), conId: 777, bid: -1 }, { params: { conId: 777 }, trace: false });
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(ContractViolationError);
    // Refused: every issue as the schema states it (the hand check only lets a valid tick skip the parse).
    const schemaIssues = fieldIssues(MarketTick.safeParse({ ...tick(), conId: 777, bid: -1 }).error!);
    expect((refused as ContractViolationError).issues).toEqual(schemaIssues);
    expect(schemaIssues.map((i) => i.path)).toEqual(['bid']);
    gateway.publish(Contracts.MarketTick, { ...tick(), conId: 777 }, { params: { conId: 777 }, trace: false });
    const m = await seen.waitFor(() => true);
    expect(m.json).toEqual({ ...tick(), conId: 777 });
    expect(seen.messages).toHaveLength(1);
    expect(gateway.stats.counters('md.tick.v1.*').published).toBe(before + 1);
    seen.stop();
  });

  it('bus sends a hot-path request checked by the contract hand check (RiskCheckV2.check) as given, and answers an invalid one with the schema issues without sending it', async () => {
    const orders = await fx.bus('order-service');
    const risk = await fx.connect('risk-service');
    const seen = await BusRecorder.start(risk, Contracts.RiskCheckV2.subject);
    const check = {
      checkId: 't1.entry.1', tradeId: 't1', orderRef: 't1.entry.1', underlying: 'AAPL', conId: 5, side: 'BUY', quantity: 2, price: 2.5,
      multiplier: 100, opening: true, session: 'regular', ask: 2.5, purpose: 'fire',
    } as const;
    const invalid = { ...check, quantity: 0, purpose: 'later' };

    const refused = await orders.request(Contracts.RiskCheckV2, invalid as unknown as RiskCheckRequestV2, { timeoutMs: 200 });
    expect(refused).toEqual({
      ok: false, code: 'INVALID_REQUEST', message: 'invalid risk.check request', issues: fieldIssues(RiskCheckRequestV2.safeParse(invalid).error!),
    });
    expect((refused as { issues: Array<{ path: string }> }).issues.map((i) => i.path)).toEqual(['quantity', 'purpose']);
    // Valid: sent as given (no responder here: the ask times out), and the only message on the subject.
    await orders.request(Contracts.RiskCheckV2, check, { timeoutMs: 200 });
    const m = await seen.waitFor(() => true);
    expect(m.json).toEqual(check);
    expect(seen.messages).toHaveLength(1);
    seen.stop();
  });

  it('bus checks a value checked ahead (checked) once, sends it as it is, and checks any other value as it is sent', async () => {
    const orders = await fx.bus('order-service');
    const seen = await BusRecorder.start(await fx.connect('admin'), 'trade.evt.v1.CK1');
    const event = {
      eventId: 'CK1:1', tradeId: 'CK1', seq: 1, type: 'failed', from: 'SUBMITTING', to: 'FAILED', at: 1_700_000_000_000, causationId: null,
      detail: { code: 'NO_QUOTE', message: 'no quote', orderRef: null },
    } as const;
    const parses = jest.spyOn(TradeEvent, 'safeParse');
    try {
      expect(() => orders.checked(Contracts.TradeEvent, { ...event, seq: 0 })).toThrow(ContractViolationError);
      const checked = orders.checked(Contracts.TradeEvent, event);
      expect(checked).toEqual(event);
      expect(parses).toHaveBeenCalledTimes(2);

      await orders.publishDurable(Contracts.TradeEvent, checked, { params: { tradeId: 'CK1' }, msgId: 'CK1:1' });
      expect(parses).toHaveBeenCalledTimes(2);
      // A copy is not the value checked: it is checked as it is sent, and refused when invalid.
      await orders.publishDurable(Contracts.TradeEvent, { ...checked, eventId: 'CK1:2', seq: 2 }, { params: { tradeId: 'CK1' }, msgId: 'CK1:2' });
      expect(parses).toHaveBeenCalledTimes(3);
      await expect(orders.publishDurable(Contracts.TradeEvent, { ...checked, seq: -3 }, { params: { tradeId: 'CK1' }, msgId: 'CK1:3' })).rejects.toThrow(ContractViolationError);
    } finally {
      parses.mockRestore();
    }
    await seen.waitFor(() => seen.messages.length === 2);
    expect(seen.messages.map((m) => m.json)).toEqual([event, { ...event, eventId: 'CK1:2', seq: 2 }]);
    seen.stop();
  });

  it('bus refuses to publish a payload that violates its contract', async () => {
    const gateway = await fx.bus('gateway');
    expect(() => gateway.publish(Contracts.MarketTick, { ...tick(), conId: -1 }, { params: { conId: 1 } })).toThrow(
      ContractViolationError,
    );
    expect(gateway.stats.counters('md.tick.v1.*').published).toBe(0);
  });
});
