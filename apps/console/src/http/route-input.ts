import type { z } from 'zod';
import type { FieldIssue } from '@arctrigger/contracts';
import { fieldIssues } from '@arctrigger/service-kit';
import { ApiError } from './api-error';
import type { ApiRoute, RouteInput } from './api-route';

interface RawRequest {
  body?: unknown;
  query?: unknown;
  params?: unknown;
}

/**
 * Parses body, query and path params with the route's schemas. Every problem of every part is
 * reported at once, each with its path prefixed by where it was (`body.size.dollars`, `query.limit`).
 */
export function parseRouteInput<T extends ApiRoute>(def: T, req: RawRequest): RouteInput<T> {
  const issues: FieldIssue[] = [];
  const part = (where: 'body' | 'query' | 'params', schema: z.ZodType | undefined, raw: unknown): unknown => {
    if (!schema) return undefined;
    const parsed = schema.safeParse(raw ?? {});
    if (parsed.success) return parsed.data;
    for (const issue of fieldIssues(parsed.error)) {
      issues.push({ path: issue.path === '(root)' ? where : `${where}.${issue.path}`, message: issue.message });
    }
    return undefined;
  };
  const input = {
    params: part('params', def.params, req.params),
    query: part('query', def.query, req.query),
    body: part('body', def.body, req.body),
  };
  if (issues.length > 0) throw new ApiError(400, 'INVALID_REQUEST', 'the request is invalid', issues);
  return input as RouteInput<T>;
}
