/**
 * Values that break naive handlers: wrong types, boundary and non-finite numbers, huge strings and
 * arrays, deep nesting, wildcard and path characters, prototype keys. `INFINITY` is a marker the
 * encoder turns into the JSON text `1e999` (which JSON.parse reads as Infinity).
 */
import type { SeededRandom } from './seeded-random';

export const INFINITY = '\u0000__fuzz_inf__';
export const NEG_INFINITY = '\u0000__fuzz_neg_inf__';

function deep(depth: number): unknown {
  let v: unknown = 1;
  for (let i = 0; i < depth; i++) v = [v];
  return v;
}

const SMALL: readonly unknown[] = [
  null, true, false, 0, -0, -1, 1.5, -1e-9, 2 ** 53 + 2, -(2 ** 53 + 2), 1e308, -1e308, 5e-324, INFINITY, NEG_INFINITY,
  '', ' ', 'NaN', 'Infinity', '1', '-1', 'true', 'null', '\u0000', '\ud800', '\uffff', '😀'.repeat(3), '<script>alert(1)</script>',
  '../../etc/passwd', 'a.b.*.>', '*', '>', 'x y', "'; DROP TABLE trades; --", '2026-13-45', '9999-12-31T99:99:99Z',
  [], [null], [[]], {}, JSON.parse('{"__proto__":{"polluted":true}}'), { constructor: { prototype: { polluted: true } } }, { $gt: '' },
];

/** One adversarial value (large ones rarely: they are costly to send by the ten thousand). */
export function adversarialValue(r: SeededRandom): unknown {
  if (r.chance(0.02)) {
    switch (r.int(4)) {
      case 0:
        return 'x'.repeat(100_000 + r.int(100_000));
      case 1:
        return Array.from({ length: 5_000 + r.int(5_000) }, (_, i) => i);
      case 2:
        return deep(500 + r.int(1_500));
      default:
        return Object.fromEntries(Array.from({ length: 2_000 }, (_, i) => [`k${i}`, i]));
    }
  }
  const v = r.pick(SMALL);
  // Own `__proto__` keys survive only a JSON round trip (structuredClone and spreads drop them).
  return v !== null && typeof v === 'object' ? JSON.parse(JSON.stringify(v)) : v;
}

/** JSON text with the infinity markers turned into numbers JSON.parse reads as ±Infinity. */
export function encodeAdversarial(value: unknown): string {
  const text = JSON.stringify(value) ?? 'null';
  return text.replaceAll(JSON.stringify(INFINITY), '1e999').replaceAll(JSON.stringify(NEG_INFINITY), '-1e999');
}
