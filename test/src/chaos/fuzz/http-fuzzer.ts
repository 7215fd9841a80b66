/**
 * Invalid HTTP requests generated from the console's own OpenAPI document (GET /openapi.json),
 * sent with a valid admin token: bodies that are not JSON or not UTF-8, of the wrong shape, with a
 * required field missing or of the wrong type, unknown fields, oversized; adversarial path and
 * query parameters; the wrong content type; methods a path does not serve. Every answer must be a
 * 4xx with a JSON error (code and message) within 10 s: never a 5xx, never a hang, and never a
 * success for a request that would change something.
 */
import { request } from 'node:http';
import { adversarialValue, encodeAdversarial } from './adversarial-values';
import type { TargetCount } from './contract-fuzzer';
import { SeededRandom } from './seeded-random';

type Schema = { $ref?: string; type?: string | string[]; properties?: Record<string, Schema>; required?: string[]; additionalProperties?: unknown; anyOf?: Schema[]; oneOf?: Schema[] };
interface Parameter { in: 'path' | 'query' | 'header'; name: string; required?: boolean }
interface Operation { parameters?: Parameter[]; requestBody?: { content: Record<string, { schema: Schema }> }; security?: unknown[] }
interface OpenApi { paths: Record<string, Record<string, Operation>>; components?: { schemas?: Record<string, Schema> } }

const TIMEOUT_MS = 10_000;
const CONCURRENCY = 16;
const MUTATING = new Set(['post', 'put', 'patch', 'delete']);
const BAD_SEGMENTS = ['%00', '..%2F..%2Fetc', 'x'.repeat(3000), '%ff%fe', '*', '%3E', '%20', 'a.b', '-1', '0', 'NaN', '%F0%9F%98%80', 'not-a-real-id-zz', "'%20OR%201=1"];
const BAD_BODIES: readonly (string | Buffer)[] = ['', '{', 'null', '[]', '42', '"text"', '{"a":NaN}', "{'a':1}", Buffer.from([0xff, 0xfe, 0x7b, 0x7d]), Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0x22, 0x7d])];

interface HttpAnswer {
  status: number;
  body: string;
}

function send(port: number, method: string, path: string, headers: Record<string, string>, body: string | Buffer | undefined, keep = 4_000): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers: { ...headers, ...(body !== undefined ? { 'content-length': String(Buffer.byteLength(body)) } : {}) }, timeout: TIMEOUT_MS }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text = text.length < keep ? text + c.toString() : text));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error('hang (no answer within 10 s)')));
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

function resolveRef(doc: OpenApi, s: Schema | undefined): Schema | undefined {
  if (!s?.$ref) return s;
  return doc.components?.schemas?.[s.$ref.split('/').pop()!];
}

/** A body the route's schema refuses for certain: wrong top-level shape, a required field missing or mistyped, an unknown field. */
function invalidBody(doc: OpenApi, schema: Schema | undefined, r: SeededRandom): string | Buffer {
  const s = resolveRef(doc, schema);
  const required = s?.required ?? [];
  // No body at all is a valid request to a route that takes none (`POST /v1/watchlist/resolve`)
  // and to one whose body fields are all optional (the emergency commands' `{ reason? }`): it is
  // no invalid body there.
  const bad = !s || (s.type === 'object' && required.length === 0) ? BAD_BODIES.filter((b) => b !== '') : BAD_BODIES;
  const choice = r.int(6);
  if (choice === 0 || !s || s.type !== 'object') return r.pick(bad);
  if (choice === 1) return 'x'.repeat(2_000_000);
  if (choice === 2 && required.length > 0) return '{}';
  if (choice === 3 && required.length > 0) {
    const key = r.pick(required);
    const type = resolveRef(doc, s.properties?.[key])?.type;
    const wrong = type === 'string' ? r.pick([1, true, [], {}, null]) : type === 'number' || type === 'integer' ? r.pick(['1', true, [], {}, null, 'x'.repeat(100_000)]) : type === 'boolean' ? r.pick(['true', 1, null]) : type === 'array' ? r.pick(['x', 1, {}]) : type === 'object' ? r.pick(['x', 1, []]) : undefined;
    if (wrong !== undefined) return JSON.stringify({ [key]: wrong });
  }
  if (choice === 4 && s.additionalProperties === false) return encodeAdversarial({ ['fuzz_' + r.int(1000)]: adversarialValue(r) });
  return r.pick(bad);
}

export async function fuzzHttp(port: number, token: string, total: number, seed = 2222): Promise<TargetCount[]> {
  const doc = JSON.parse((await send(port, 'GET', '/openapi.json', {}, undefined, Infinity)).body) as OpenApi;
  const ops = Object.entries(doc.paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({ path, method, op })));
  const perRoute = Math.ceil(total / ops.length);
  const counts: TargetCount[] = [];
  for (const [k, { path, method, op }] of ops.entries()) {
    const r = new SeededRandom(seed + k);
    const count: TargetCount = { target: `${method.toUpperCase()} ${path}`, sent: 0, refused: 0, failures: 0, validSkipped: 0, examples: [] };
    const fail = (why: string) => {
      count.failures++;
      if (count.examples.length < 3) count.examples.push(why);
    };
    const pathParams = (op.parameters ?? []).filter((p) => p.in === 'path');
    const queryParams = (op.parameters ?? []).filter((p) => p.in === 'query');
    const bodySchema = op.requestBody?.content['application/json']?.schema;
    const hasBody = MUTATING.has(method) && method !== 'delete';
    let next = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < perRoute) {
          const i = next++;
          let url = path;
          let body: string | Buffer | undefined;
          const headers: Record<string, string> = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
          let m = method.toUpperCase();
          // Which part is invalid: the path, the query, the body, the content type or the method.
          const parts = [...(pathParams.length ? ['path'] : []), ...(queryParams.length ? ['query'] : []), ...(hasBody ? ['body', 'content-type'] : []), 'method'];
          const broken = r.pick(parts);
          for (const p of pathParams) url = url.replace(`{${p.name}}`, broken === 'path' ? r.pick(BAD_SEGMENTS) : 'fuzz-missing-1');
          if (broken === 'query') url += `?${queryParams.map((q) => `${q.name}=${r.pick(BAD_SEGMENTS)}`).join('&')}`;
          if (hasBody) body = broken === 'body' ? invalidBody(doc, bodySchema, r) : broken === 'content-type' ? '{}' : invalidBody(doc, bodySchema, r);
          if (broken === 'content-type') headers['content-type'] = r.pick(['text/plain', 'application/xml', 'multipart/form-data; boundary=x']);
          if (broken === 'method') m = r.pick(['PATCH', 'PUT', 'TRACE', 'OPTIONS', 'DELETE'].filter((x) => x !== m));
          count.sent++;
          try {
            const answer = await send(port, m, url, headers, body);
            const mutating = MUTATING.has(m.toLowerCase());
            if (answer.status >= 500) fail(`#${i} ${m} ${url.slice(0, 120)}: ${answer.status} ${answer.body.slice(0, 200)}`);
            else if (answer.status >= 400) {
              const clear = (() => {
                try {
                  const e = JSON.parse(answer.body) as { code?: unknown; message?: unknown; error?: { code?: unknown; message?: unknown } };
                  const inner = e.error ?? e;
                  return typeof inner.code === 'string' && typeof inner.message === 'string';
                } catch {
                  return false;
                }
              })();
              if (clear) count.refused++;
              else fail(`#${i} ${m} ${url.slice(0, 120)}: ${answer.status} without a JSON error: ${answer.body.slice(0, 200)}`);
            } else if (mutating) fail(`#${i} ${m} ${url.slice(0, 120)}: ${answer.status} accepted an invalid request`);
            else count.refused++; // a read with a bad extra part answered harmlessly (OPTIONS, HEAD)
          } catch (error) {
            fail(`#${i} ${m} ${url.slice(0, 120)}: ${(error as Error).message}`);
          }
        }
      }),
    );
    counts.push(count);
  }
  return counts;
}
