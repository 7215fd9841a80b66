import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { ApiError } from './api-error';
import { carriesContent, declaresJson } from './carries-content';
import type { HttpRequest } from './http-types';
import { routeOf } from './route.decorator';

/**
 * A route that takes a body takes it as JSON: a body of any other content type is refused (415)
 * before anything runs. The JSON parser leaves such a body unread, so without this a route whose
 * fields are all optional (the emergency commands) ran on `{}` whatever was sent.
 */
@Injectable()
export class JsonBodyGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const route = routeOf(context);
    if (!route?.body) return true;
    const req = context.switchToHttp().getRequest<HttpRequest>();
    if (!carriesContent(req) || declaresJson(req)) return true;
    const sent = req.headers['content-type'] ?? 'none';
    throw new ApiError(415, 'UNSUPPORTED_MEDIA_TYPE', `${route.method} ${route.path} takes a JSON body (content-type application/json), not ${sent}`);
  }
}
