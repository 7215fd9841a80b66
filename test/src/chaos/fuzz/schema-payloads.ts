/**
 * Invalid payloads generated from a zod schema: a skeleton of plausible values walked from the
 * schema, then mutated (a value swapped for an adversarial one, a key removed, an unknown key
 * added, the whole payload replaced), or raw bytes that are not JSON or not UTF-8. Only payloads
 * the schema refuses are kept: the fuzzer never sends something a service may rightly act on.
 */
import type { z } from 'zod';
import { adversarialValue, encodeAdversarial } from './adversarial-values';
import type { SeededRandom } from './seeded-random';

interface Def {
  type: string;
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
  options?: z.ZodType[];
  innerType?: z.ZodType;
  in?: z.ZodType;
  values?: unknown[];
  entries?: Record<string, unknown>;
  valueType?: z.ZodType;
  items?: z.ZodType[];
  left?: z.ZodType;
  right?: z.ZodType;
}

const defOf = (s: z.ZodType): Def => (s as unknown as { _zod: { def: Def } })._zod.def;

/** A plausible value for `schema` (often valid, not necessarily). */
export function skeleton(schema: z.ZodType, r: SeededRandom, depth = 0): unknown {
  const d = defOf(schema);
  if (depth > 8) return null;
  switch (d.type) {
    case 'object':
      return Object.fromEntries(Object.entries(d.shape ?? {}).map(([k, v]) => [k, skeleton(v, r, depth + 1)]).filter(([, v]) => v !== undefined));
    case 'string':
      return r.pick(['AAPL', 'x', 't-1', '2026-03-20', 'abc']);
    case 'number':
      return r.pick([1, 2, 100, 0.5]);
    case 'boolean':
      return r.chance(0.5);
    case 'literal':
      return d.values?.[0];
    case 'enum':
      return r.pick(Object.values(d.entries ?? { a: 'a' }));
    case 'array':
      return [skeleton(d.element!, r, depth + 1)];
    case 'optional':
      return r.chance(0.5) ? undefined : skeleton(d.innerType!, r, depth + 1);
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'catch':
    case 'nonoptional':
      return skeleton(d.innerType!, r, depth + 1);
    case 'union':
      return skeleton(r.pick(d.options!), r, depth + 1);
    case 'pipe':
      return skeleton(d.in!, r, depth + 1);
    case 'record':
      return { k: skeleton(d.valueType!, r, depth + 1) };
    case 'tuple':
      return (d.items ?? []).map((i) => skeleton(i, r, depth + 1));
    case 'intersection':
      return { ...(skeleton(d.left!, r, depth + 1) as object), ...(skeleton(d.right!, r, depth + 1) as object) };
    default:
      return null;
  }
}

/** Every path to a value inside `v` (object keys and array indices), the root excluded. */
function paths(v: unknown, prefix: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  if (out.length > 200) return out;
  const children: [string | number, unknown][] = Array.isArray(v) ? v.map((x, i) => [i, x]) : v && typeof v === 'object' ? Object.entries(v) : [];
  for (const [k, x] of children) {
    out.push([...prefix, k]);
    paths(x, [...prefix, k], out);
  }
  return out;
}

function parentAt(root: unknown, path: (string | number)[]): Record<string | number, unknown> {
  let p = root as Record<string | number, unknown>;
  for (const k of path.slice(0, -1)) p = p[k] as Record<string | number, unknown>;
  return p;
}

/** One mutation of the skeleton, as JSON text. */
function mutated(schema: z.ZodType, r: SeededRandom): string {
  const v = skeleton(schema, r);
  const all = paths(v);
  const op = all.length === 0 ? 0 : r.int(5);
  if (op === 0) return encodeAdversarial(adversarialValue(r));
  const path = r.pick(all);
  const parent = parentAt(v, path);
  const key = path[path.length - 1]!;
  if (op === 1 || op === 2) Object.defineProperty(parent, key, { value: adversarialValue(r), enumerable: true, writable: true, configurable: true });
  else if (op === 3) {
    if (Array.isArray(parent)) parent.splice(Number(key), 1);
    else delete parent[key];
  } else if (v && typeof v === 'object' && !Array.isArray(v)) (v as Record<string, unknown>)[r.pick(['extra', '__proto__', 'constructor', 'x'.repeat(300), ''])] = adversarialValue(r);
  else return encodeAdversarial(adversarialValue(r));
  if (r.chance(0.3) && all.length > 1) {
    const second = r.pick(all);
    try {
      parentAt(v, second)[second[second.length - 1]!] = adversarialValue(r);
    } catch {
      // The first mutation removed its parent: one mutation is enough.
    }
  }
  return encodeAdversarial(v);
}

/** Raw payloads that are not valid JSON, or not UTF-8. */
const RAW: readonly Uint8Array[] = [
  new Uint8Array([]),
  new Uint8Array([0xff, 0xfe, 0xfd]),
  new Uint8Array([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0x22, 0x7d]), // {"a":"\xc3("}
  new Uint8Array([0xef, 0xbb, 0xbf, 0x7b, 0x22, 0x61, 0x22, 0x3a]), // BOM + {"a": (a BOM alone may be ignored, RFC 8259)
  new TextEncoder().encode('{"symbol":'),
  new TextEncoder().encode('{"a":NaN}'),
  new TextEncoder().encode('{"a":Infinity}'),
  new TextEncoder().encode("{'single':'quotes'}"),
  new TextEncoder().encode('[1,2,'),
  new TextEncoder().encode('\u0000\u0000'),
  new Uint8Array([0xed, 0xa0, 0x80]), // an encoded surrogate: invalid UTF-8
];

export interface Payload {
  bytes: Uint8Array;
  kind: 'mutated' | 'raw';
}

/**
 * The next invalid payload for `schema`. `refused` says whether the schema refuses a parsed
 * value; generated payloads the schema would accept are dropped and counted in `validSkipped`.
 */
export class PayloadGenerator {
  validSkipped = 0;

  constructor(
    private readonly schema: z.ZodType,
    private readonly r: SeededRandom,
  ) {}

  next(): Payload {
    if (this.r.chance(0.05)) return { bytes: this.r.pick(RAW), kind: 'raw' };
    for (;;) {
      const text = mutated(this.schema, this.r);
      if (this.refused(text)) return { bytes: new TextEncoder().encode(text), kind: 'mutated' };
      this.validSkipped++;
    }
  }

  private refused(text: string): boolean {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      return true;
    }
    return !this.schema.safeParse(value).success;
  }
}
