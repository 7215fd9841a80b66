import { z } from 'zod';
import { defineRoute } from '../http/api-route';

const tag = 'desk';

export const DeskRoutes = {
  page: defineRoute({
    operationId: 'getDesk', method: 'GET', path: '/', role: null, tag, produces: 'text/html',
    summary: 'The desk: the trader\'s web app (a single page; it asks for an API token and calls this API).', response: z.string(),
  }),
  asset: defineRoute({
    operationId: 'getDeskAsset', method: 'GET', path: '/assets/{name}', role: null, tag, produces: 'application/octet-stream',
    summary: "One file of the desk's bundle (content-hashed name: cached for a year).",
    params: z.object({ name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/, 'a file name of the bundle') }),
    response: z.string(),
  }),
} as const;
