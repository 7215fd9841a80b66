import { ArmTradeRequest, mayActOn, ModifyTradeRequest, TradeIdRequest, type Actor } from '@arctrigger/contracts';

const alice: Actor = { kind: 'user', id: 'tok-alice', name: 'alice', role: 'trader' };
const bob: Actor = { kind: 'user', id: 'tok-bob', name: 'bob', role: 'trader' };
const admin: Actor = { kind: 'user', id: 'bootstrap', name: 'bootstrap-admin', role: 'admin' };

describe('trade owners and actors', () => {
  it('a trader acts on the trades their token armed, not on another trader’s', () => {
    expect(mayActOn(alice, alice)).toBe(true);
    expect(mayActOn(alice, bob)).toBe(false);
    // Same name, another token: the token is the owner.
    expect(mayActOn(alice, { ...bob, name: 'alice' })).toBe(false);
  });

  it('an admin acts on every trade; a trade without owner (armed before owners existed) is anyone’s', () => {
    expect(mayActOn(alice, admin)).toBe(true);
    expect(mayActOn(null, bob)).toBe(true);
  });

  it('services and the auditor are not traders: they act on any trade, as does a sender of the previous release (no `by`)', () => {
    expect(mayActOn(alice, { kind: 'auditor', id: 'auditor' })).toBe(true);
    expect(mayActOn(alice, { kind: 'service', id: 'console' })).toBe(true);
    expect(mayActOn(alice, undefined)).toBe(true);
  });

  it('the bus commands carry `by` optionally and validate it', () => {
    expect(TradeIdRequest.safeParse({ tradeId: 't1' }).success).toBe(true);
    expect(TradeIdRequest.safeParse({ tradeId: 't1', by: alice }).success).toBe(true);
    expect(TradeIdRequest.safeParse({ tradeId: 't1', by: { kind: 'robot', id: 'x' } }).success).toBe(false);
    expect(ModifyTradeRequest.safeParse({ tradeId: 't1', by: alice }).success).toBe(false); // still needs something to modify
    expect(ModifyTradeRequest.safeParse({ tradeId: 't1', triggerPrice: 231, by: alice }).success).toBe(true);
    const arm = ArmTradeRequest.parse({
      symbol: 'AAPL', right: 'CALL', expiry: '20261211', strike: 230, trigger: { price: 231.4 }, size: { by: 'contracts', contracts: 1 },
      entry: { type: 'MKT' }, stopLoss: { mode: 'waived' }, by: alice,
    });
    expect(arm.by).toEqual(alice);
  });
});
