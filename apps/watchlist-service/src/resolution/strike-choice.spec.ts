import { nextExpiry, strikesFor } from './strike-choice';

const chain = [235, 225, 230, 232.5, 227.5, 240];

describe('strikesFor', () => {
  it.each([
    ['the nearest strike alone when width is 0', 231.1, 0, [230]],
    ['width strikes each side of the nearest', 231.1, 1, [227.5, 230, 232.5]],
    ['the lower strike on a tie', 231.25, 0, [230]],
    ['only what the chain has near its edge', 239, 2, [232.5, 235, 240]],
  ])('strikesFor atm returns %s', (_name, price, width, expected) => {
    expect(strikesFor({ mode: 'atm', width }, chain, price, 'AAPL 20261127')).toEqual({ ok: true, value: expected });
  });

  it('strikesFor refuses atm with NO_UNDERLYING_PRICE when there is no price', () => {
    expect(strikesFor({ mode: 'atm', width: 1 }, chain, null, 'AAPL 20261127')).toMatchObject({ ok: false, code: 'NO_UNDERLYING_PRICE' });
  });

  it('strikesFor returns listed strikes sorted when each exists in the expiry', () => {
    expect(strikesFor({ mode: 'list', strikes: [235, 230] }, chain, null, 'AAPL 20261127')).toEqual({ ok: true, value: [230, 235] });
  });

  it('strikesFor refuses a listed strike the expiry does not have with STRIKE_NOT_FOUND, naming it', () => {
    const reply = strikesFor({ mode: 'list', strikes: [230, 231] }, chain, null, 'AAPL 20261127');
    expect(reply).toMatchObject({ ok: false, code: 'STRIKE_NOT_FOUND' });
    expect(!reply.ok && reply.message).toContain('strike 231 does not exist for AAPL 20261127');
  });
});

describe('nextExpiry', () => {
  it('nextExpiry picks the nearest expiry strictly after today', () => {
    expect(nextExpiry(['20261204', '20261124', '20261127'], '20261124')).toBe('20261127');
  });

  it('nextExpiry finds nothing when every expiry is today or past', () => {
    expect(nextExpiry(['20261120', '20261124'], '20261124')).toBeUndefined();
  });
});
