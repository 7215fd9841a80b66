import { allContracts, contractForPattern, Contracts } from '../src/catalogue';
import { patternOf, subjectOf, subjectParams, defineEvent } from '../src/core/contract';
import { Streams } from '../src/streams';
import { permissionsFor } from '../src/nats-permissions';
import { z } from 'zod';

/** NATS subject matching: `*` one token, `>` the rest. */
function matches(filter: string, subject: string): boolean {
  const f = filter.split('.');
  const s = subject.split('.');
  for (let i = 0; i < f.length; i++) {
    if (f[i] === '>') return s.length > i;
    if (f[i] !== '*' && f[i] !== s[i]) return false;
  }
  return f.length === s.length;
}

describe('catalogue', () => {
  it('catalogue gives every contract a unique subscription pattern', () => {
    const patterns = allContracts().map(patternOf);
    expect(new Set(patterns).size).toBe(patterns.length);
    for (const c of allContracts()) expect(contractForPattern(patternOf(c))).toBe(c);
  });

  it('catalogue carries the version token in every subject', () => {
    for (const c of allContracts()) expect(c.subject.split('.')).toContain(`v${c.version}`);
  });

  it('catalogue names at least one publisher and consumer for every contract', () => {
    for (const c of allContracts()) {
      expect(c.publishers.length).toBeGreaterThan(0);
      expect(c.consumers.length).toBeGreaterThan(0);
    }
  });

  it('catalogue puts every durable contract on a stream that captures its subject', () => {
    const streams = Object.values(Streams);
    for (const c of allContracts().filter((x) => x.stream)) {
      const stream = streams.find((s) => s.name === c.stream);
      expect(stream).toBeDefined();
      expect(stream!.subjects.some((f) => matches(f, patternOf(c)))).toBe(true);
    }
  });

  it('contract definition refuses a subject without its version token', () => {
    expect(() =>
      defineEvent({ name: 'x', version: 2, subject: 'x.v1.{id}', schema: z.object({}), publishers: ['gateway'], consumers: ['console'], description: '' }),
    ).toThrow(/v2/);
  });

  it('subject builder fills placeholders and refuses values that are not a single token', () => {
    expect(subjectParams(Contracts.MarketTick)).toEqual(['conId']);
    expect(subjectOf(Contracts.MarketTick, { conId: 265598 })).toBe('md.tick.v1.265598');
    expect(() => subjectOf(Contracts.MarketTick, { conId: 'a.b' })).toThrow(/not a token/);
    expect(() => subjectOf(Contracts.MarketTick, {})).toThrow(/missing param conId/);
  });

  it('subject builder fills several placeholders between literals, every time alike, and takes none for a fixed subject', () => {
    const base = { schema: z.object({}), publishers: ['gateway' as const], consumers: ['console' as const], description: '' };
    const two = defineEvent({ ...base, name: 'x', version: 1, subject: 'x.v1.{a}.mid.{b}.end' });
    const fixed = defineEvent({ ...base, name: 'y', version: 1, subject: 'y.v1' });
    expect(subjectParams(two)).toEqual(['a', 'b']);
    expect(patternOf(two)).toBe('x.v1.*.mid.*.end');
    for (let i = 0; i < 3; i++) expect(subjectOf(two, { a: i, b: 'q' })).toBe(`x.v1.${i}.mid.q.end`);
    expect(() => subjectOf(two, { a: 1 })).toThrow(/missing param b/);
    expect(() => subjectOf(two, { a: '>', b: 1 })).toThrow(/a=> is not a token/);
    expect(subjectOf(fixed)).toBe('y.v1');
    expect(patternOf(fixed)).toBe('y.v1');
  });

  it('permissions let only the order-service send broker order commands, v1 and v2', () => {
    for (const subject of ['gw.order.cmd.place.v1', 'gw.order.cmd.place.v2']) {
      const senders = (['gateway', 'order-service', 'trigger-service', 'risk-service', 'console'] as const).filter((s) =>
        permissionsFor(s).publish.includes(subject),
      );
      expect(senders).toEqual(['order-service']);
    }
  });

  it('permissions let only the risk-service publish risk decisions, and the gateway hear them', () => {
    const services = ['gateway', 'order-service', 'trigger-service', 'risk-service', 'console'] as const;
    const subject = subjectOf(Contracts.RiskDecided, { tradeId: 't1', leg: 'entry', attempt: 1 });
    expect(subject).toBe('risk.decision.v1.t1.entry.1');
    expect(services.filter((s) => permissionsFor(s).publish.some((f) => matches(f, subject)))).toEqual(['risk-service']);
    expect(services.filter((s) => permissionsFor(s).subscribe.some((f) => matches(f, subject)))).toEqual(['gateway']);
  });

  it('place v2 is v1 plus the risk check it waits for: riskCheckId required, the price rules kept, v1 unchanged', () => {
    const v1 = { orderRef: 't1.entry.1', conId: 11, side: 'BUY', quantity: 2, orderType: 'LMT', limitPrice: 2.5, opening: true };
    expect(Contracts.PlaceOrder.schema.safeParse(v1).success).toBe(true);
    expect(Contracts.PlaceOrderV2.schema.safeParse(v1).success).toBe(false);
    expect(Contracts.PlaceOrderV2.schema.parse({ ...v1, riskCheckId: 't1.entry.1' })).toMatchObject({ riskCheckId: 't1.entry.1', tif: 'DAY', outsideRth: false });
    const noLimit = Contracts.PlaceOrderV2.schema.safeParse({ ...v1, limitPrice: undefined, riskCheckId: 'c' });
    expect(noLimit.success ? [] : noLimit.error.issues.map((i) => i.path.join('.'))).toEqual(['limitPrice']);
    expect(Contracts.PlaceOrderV2.subject).toBe('gw.order.cmd.place.v2');
    expect(Contracts.PlaceOrderOnApproval.subject).toBe('gw.order.cmd.place-on-approval.v1');
    expect(Contracts.PlaceOrderOnApproval.schema).toBe(Contracts.PlaceOrderV2.schema);
    expect(Contracts.PlaceOrder.subject).toBe('gw.order.cmd.place.v1');
  });

  it('permissions let only the gateway publish market data and broker events', () => {
    for (const subject of ['md.tick.v1.*', 'gw.order.evt.v1.*', 'gw.exec.v1.*']) {
      const publishers = (['gateway', 'order-service', 'trigger-service', 'risk-service', 'console'] as const).filter((s) =>
        permissionsFor(s).publish.includes(subject),
      );
      expect(publishers).toEqual(['gateway']);
    }
  });
});
