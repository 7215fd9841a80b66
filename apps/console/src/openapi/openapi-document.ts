import { BusErrors, type ErrorTable } from '@arctrigger/contracts';
import type { ApiRoute } from '../http/api-route';
import { JsonSchemaCollector } from './json-schema-of';

type Json = Record<string, unknown>;

const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
});

const ERROR_SCHEMA = {
  type: 'object',
  required: ['code', 'message'],
  properties: {
    code: { type: 'string', description: 'Stable machine-readable code, e.g. INVALID_REQUEST, QUANTITY_EXCEEDS_MAXIMUM.' },
    message: { type: 'string' },
    issues: {
      type: 'array',
      items: { type: 'object', required: ['path', 'message'], properties: { path: { type: 'string' }, message: { type: 'string' } } },
    },
  },
};

/**
 * Every code a route can be refused with by the services it asks, with the HTTP status the
 * contracts declare for it: the catalogue is the one source of both the status and the docs.
 */
export function serviceErrorsOf(route: ApiRoute): Map<string, number> {
  const codes = new Map<string, number>();
  if (route.calls.length === 0) return codes;
  for (const table of [BusErrors as ErrorTable, ...route.calls.map((c) => c.errors)]) {
    for (const [code, spec] of Object.entries(table)) codes.set(code, spec.http);
  }
  return codes;
}

const STATUS_TEXT: Record<number, string> = {
  400: 'Invalid input, or refused as invalid by a service', 404: 'Not found', 409: 'Not allowed in the current state',
  422: 'Refused by a rule (e.g. a denied risk check)', 500: 'Internal error', 502: 'A service answered outside its contract',
  503: 'A service could not answer now; retry (Retry-After)', 504: 'A service did not answer in time',
};

/** Parameters of an object schema (query or path), one per property. */
function parametersOf(schema: Json, where: 'query' | 'path'): Json[] {
  const properties = (schema.properties ?? {}) as Record<string, Json>;
  const required = new Set((schema.required ?? []) as string[]);
  return Object.entries(properties).map(([name, property]) => ({
    name,
    in: where,
    required: where === 'path' || required.has(name),
    schema: property,
  }));
}

/** The OpenAPI 3.1 document of the console, built from the same route table and zod schemas the server uses. */
export function buildOpenApiDocument(routes: readonly ApiRoute[], version: string): Json {
  const schemas = new JsonSchemaCollector();
  const paths: Record<string, Record<string, Json>> = {};
  for (const route of routes) {
    const parameters: Json[] = [];
    if (route.params) parameters.push(...parametersOf(schemas.of(route.params, 'input'), 'path'));
    if (route.query) parameters.push(...parametersOf(schemas.of(route.query, 'input'), 'query'));
    if (route.idempotent) {
      parameters.push({
        name: 'Idempotency-Key', in: 'header', required: false,
        description: 'A repeat with the same key returns the first answer (kept for a day).',
        schema: { type: 'string', pattern: '^[A-Za-z0-9_.:-]{8,128}$' },
      });
    }
    if (route.produces === 'text/event-stream') {
      parameters.push({ name: 'Last-Event-ID', in: 'header', required: false, description: 'Resume after this event id.', schema: { type: 'string' } });
    }
    const success =
      route.produces === 'application/json'
        ? { description: 'OK', content: { 'application/json': { schema: schemas.of(route.response, 'output') } } }
        : { description: route.summary, content: { [route.produces]: { schema: { type: 'string' } } } };
    const responses: Json = { [String(route.successStatus)]: success };
    if (route.role !== null) {
      responses['401'] = errorResponse('No token, or an unknown or revoked one');
      responses['403'] = errorResponse(`The token's role is below ${route.role}`);
      responses['429'] = errorResponse('Rate limit of the token exceeded (Retry-After)');
    }
    if (route.params || route.query || route.body || route.idempotent) responses['400'] = errorResponse('Invalid input, with field-level issues');
    if (route.body) responses['415'] = errorResponse('The body is not application/json: UNSUPPORTED_MEDIA_TYPE');
    const serviceErrors = serviceErrorsOf(route);
    const byStatus = new Map<number, string[]>();
    for (const [code, status] of serviceErrors) byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
    if (route.idempotent) {
      byStatus.set(409, [...(byStatus.get(409) ?? []), 'IDEMPOTENCY_IN_PROGRESS']);
      byStatus.set(422, [...(byStatus.get(422) ?? []), 'IDEMPOTENCY_KEY_REUSED']);
    }
    for (const [status, codes] of [...byStatus].sort(([a], [b]) => a - b)) {
      const existing = responses[String(status)] as { description: string } | undefined;
      const text = existing?.description ?? STATUS_TEXT[status] ?? 'Error';
      responses[String(status)] = errorResponse(`${text}: ${codes.sort().join(', ')}`);
    }
    const operation: Json = {
      operationId: route.operationId,
      // Machine-readable: each service code this operation can answer with, and its status.
      ...(serviceErrors.size > 0 ? { 'x-error-codes': Object.fromEntries([...serviceErrors].sort(([a], [b]) => a.localeCompare(b))) } : {}),
      summary: route.summary,
      tags: [route.tag],
      parameters,
      responses,
      ...(route.role === null ? { security: [] } : { 'x-required-role': route.role }),
    };
    if (route.body) {
      operation.requestBody = { required: true, content: { 'application/json': { schema: schemas.of(route.body, 'input') } } };
    }
    paths[route.path] ??= {};
    (paths[route.path] as Record<string, Json>)[route.method.toLowerCase()] = operation;
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'ArcTrigger console API',
      version,
      description:
        'REST API of ArcTrigger: trades, watchers, positions, market look-ups, risk and system status, plus live events. ' +
        'Authenticate with `Authorization: Bearer <token>`; roles are viewer < trader < admin. Errors are `{ code, message, issues? }`.',
    },
    servers: [{ url: '/' }],
    security: [{ bearer: [] }],
    tags: [...new Set(routes.map((r) => r.tag))].map((name) => ({ name })),
    paths,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'API token (atk_…)' } },
      schemas: { Error: ERROR_SCHEMA, ...schemas.components },
    },
  };
}
