import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { ApiError } from './api-error';
import { carriesContent, declaresJson } from './carries-content';
import type { HttpRequest } from './http-types';
import { routeOf } from './route.decorator';

/**
 * A route that takes no body refuses one (400): anything but nothing or an empty JSON object is a
 * request the route does not understand, and a clear error beats acting as if it were not there.
 */
@Injectable()
export class NoBodyGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const route = routeOf(context);
    if (!route || route.body || route.method === 'GET') return true;
    const req = context.switchToHttp().getRequest<HttpRequest>();
    if (!carriesContent(req)) return true;
    const json = declaresJson(req);
    const empty = typeof req.body === 'object' && req.body !== null && !Array.isArray(req.body) && Object.keys(req.body).length === 0;
    if (json && empty) return true;
    throw new ApiError(400, 'INVALID_REQUEST', `${route.method} ${route.path} takes no body (send none, or {})`, [{ path: 'body', message: 'this route takes no body' }]);
  }
}
