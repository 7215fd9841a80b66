import { applyDecorators, createParamDecorator, HttpCode, RequestMethod, RequestMapping, SetMetadata, type ExecutionContext } from '@nestjs/common';
import type { HttpRequest } from './http-types';
import { expressPath, type ApiRoute } from './api-route';
import { parseRouteInput } from './route-input';

export const ROUTE_METADATA = 'arctrigger:route';

const methods = { GET: RequestMethod.GET, POST: RequestMethod.POST, PATCH: RequestMethod.PATCH, DELETE: RequestMethod.DELETE } as const;

/** Binds a controller method to a route definition (path, method, success status, metadata). */
export function Route(def: ApiRoute): MethodDecorator {
  return applyDecorators(
    RequestMapping({ path: expressPath(def.path), method: methods[def.method] }),
    HttpCode(def.successStatus),
    SetMetadata(ROUTE_METADATA, def),
  );
}

/** The route definition a handler is bound to (undefined for handlers outside the API table). */
export function routeOf(context: ExecutionContext): ApiRoute | undefined {
  return Reflect.getMetadata(ROUTE_METADATA, context.getHandler()) as ApiRoute | undefined;
}

/** The handler's input, parsed by its route's schemas (a 400 with field issues when invalid). */
export const Input = createParamDecorator((_data: unknown, context: ExecutionContext) => {
  const def = routeOf(context);
  if (!def) throw new Error('@Input() used on a handler without @Route()');
  return parseRouteInput(def, context.switchToHttp().getRequest<HttpRequest>());
});
