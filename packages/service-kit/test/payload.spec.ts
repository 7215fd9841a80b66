import { z } from 'zod';
import { receivePayload } from '../src/bus/payload';

const Schema = z.object({ conId: z.number().int().positive(), side: z.enum(['BUY', 'SELL']) });
const bytes = (text: string) => new TextEncoder().encode(text);

describe('received payload', () => {
  it('received payload is decoded and parsed (defaults and transforms of the schema applied)', () => {
    const WithDefault = Schema.extend({ tif: z.string().default('DAY') });
    expect(receivePayload(bytes('{"conId":7,"side":"BUY"}'), WithDefault)).toEqual({ ok: true, value: { conId: 7, side: 'BUY', tif: 'DAY' } });
  });

  it('received payload passed by its contract\'s hand check is used as it came; one the check refuses is decided by the schema', () => {
    const WithDefault = Schema.extend({ tif: z.string().default('DAY') });
    // Stricter than the schema: it wants the defaulted field there.
    const complete = (v: unknown) => ((v as { tif?: unknown }).tif === undefined ? 'tif: left out' : null);
    const checked = receivePayload(bytes('{"conId":7,"side":"BUY","tif":"GTC","extra":1}'), WithDefault, complete);
    expect(checked).toEqual({ ok: true, value: { conId: 7, side: 'BUY', tif: 'GTC', extra: 1 } });
    expect(receivePayload(bytes('{"conId":7,"side":"BUY"}'), WithDefault, complete)).toEqual({ ok: true, value: { conId: 7, side: 'BUY', tif: 'DAY' } });
    const refused = receivePayload(bytes('{"conId":0,"side":"BUY"}'), WithDefault, complete);
    expect(refused).toEqual({ ok: false, notJson: undefined, issues: [{ path: 'conId', message: expect.any(String) }] });
  });

  it('received payload that is not JSON is refused with the JSON error and no field issues', () => {
    const r = receivePayload(bytes('{"conId":7,'), Schema);
    expect(r).toMatchObject({ ok: false, notJson: expect.stringMatching(/^payload is not JSON: /), issues: [] });
  });

  it('received payload that is not UTF-8 is refused, not read with replacement characters', () => {
    // {"conId":7,"side":"BUY","note":"\xc3("}: a stray byte inside a string the schema would strip.
    const invalid = new Uint8Array([...bytes('{"conId":7,"side":"BUY","note":"'), 0xc3, 0x28, ...bytes('"}')]);
    expect(receivePayload(invalid, Schema)).toEqual({ ok: false, notJson: 'payload is not UTF-8', issues: [] });
  });

  it('received payload that does not match its schema is refused with the path of every bad field', () => {
    expect(receivePayload(bytes('{"conId":-1,"side":"HOLD"}'), Schema)).toEqual({
      ok: false,
      notJson: undefined,
      issues: [
        { path: 'conId', message: expect.any(String) },
        { path: 'side', message: expect.any(String) },
      ],
    });
  });

  it('received payload with thousands of bad entries reports the first 20 and a count of the rest, paths and messages clipped', () => {
    const Many = z.object({ states: z.array(z.enum(['ARMED', 'FIRED'])), [`k${'x'.repeat(300)}`]: z.number().optional() });
    const r = receivePayload(bytes(JSON.stringify({ states: Array.from({ length: 500 }, () => 7) })), Many);
    if (r.ok) throw new Error('accepted');
    expect(r.issues).toHaveLength(21);
    expect(r.issues[0]).toEqual({ path: 'states.0', message: expect.any(String) });
    expect(r.issues[20]).toEqual({ path: '(more)', message: 'and 480 more issues' });
    const deep = receivePayload(bytes(JSON.stringify({ states: [], [`k${'x'.repeat(300)}`]: 'not a number' })), Many);
    if (deep.ok) throw new Error('accepted');
    expect(deep.issues[0]!.path.length).toBeLessThanOrEqual(200);
  });
});
