import { z } from 'zod';
import { defineRoute } from '../http/api-route';

export const OpenApiRoutes = {
  document: defineRoute({
    operationId: 'getOpenApiDocument', method: 'GET', path: '/openapi.json', role: null, tag: 'docs',
    summary: 'This OpenAPI 3.1 document.', response: z.record(z.string(), z.unknown()),
  }),
  page: defineRoute({
    operationId: 'getDocsPage', method: 'GET', path: '/docs', role: null, tag: 'docs', produces: 'text/html',
    summary: 'Browsable API reference (self-contained HTML).', response: z.string(),
  }),
} as const;
