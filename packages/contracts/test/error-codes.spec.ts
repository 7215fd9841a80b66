import { BusErrors, Contracts, HttpStatus, LookupErrors, OrderCommandErrors, QuoteErrors, RiskCommandErrors, RiskReasons, TradeErrors, TriggerErrors, allContracts, type RequestContract } from '../src';

const TABLES = { BusErrors, LookupErrors, OrderCommandErrors, QuoteErrors, RiskCommandErrors, RiskReasons, TradeErrors, TriggerErrors };
const requests = allContracts().filter((c): c is RequestContract => c.kind === 'request');
const statuses = new Set<number>(Object.values(HttpStatus));

describe('error codes', () => {
  it('error codes of every table have an HTTP status and a meaning', () => {
    for (const [name, table] of Object.entries(TABLES)) {
      for (const [code, spec] of Object.entries(table as Record<string, { http: number; meaning: string }>)) {
        expect({ name, code, known: statuses.has(spec.http), meaning: spec.meaning.length > 10 }).toEqual({ name, code, known: true, meaning: true });
      }
    }
  });

  it('error codes mean the same HTTP status in every table that has them', () => {
    const seen = new Map<string, { table: string; http: number }>();
    for (const [table, codes] of Object.entries(TABLES)) {
      for (const [code, spec] of Object.entries(codes as Record<string, { http: number }>)) {
        const first = seen.get(code);
        if (first) expect({ code, table, http: spec.http }).toEqual({ code, table, http: first.http });
        else seen.set(code, { table, http: spec.http });
      }
    }
  });

  it.each(requests.map((c) => [c.subject, c] as const))('error codes: %s answers only its declared codes and the bus\'s', (_subject, contract) => {
    for (const code of [...Object.keys(contract.errors), ...Object.keys(BusErrors)]) {
      expect(contract.reply.safeParse({ ok: false, code, message: 'm' }).success).toBe(true);
    }
    expect(contract.reply.safeParse({ ok: false, code: 'SOMETHING_UNDECLARED', message: 'm' }).success).toBe(false);
  });

  it('error codes of a trade command include what it passes on from the services it asks', () => {
    expect(Object.keys(Contracts.ArmTrade.errors)).toEqual(expect.arrayContaining(['NOT_A_BREAKOUT', 'CONTRACT_NOT_FOUND', 'PRICE_SANITY', 'ALREADY_MET']));
    expect(Contracts.ModifyTrade.errors).toMatchObject({ INVALID_STATE: { http: 409 }, NOT_ARMED: { http: 409 } });
    expect(Object.keys(Contracts.ListTrades.errors)).toEqual([]);
  });
});
