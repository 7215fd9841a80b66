import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { HttpRequest } from '../http/http-types';
import type { Principal } from './principal';

/** The authenticated caller of the current request (set by the AuthGuard). */
export const Caller = createParamDecorator((_data: unknown, context: ExecutionContext): Principal => {
  const principal = context.switchToHttp().getRequest<HttpRequest>().principal;
  if (!principal) throw new Error('@Caller() used on a public route');
  return principal;
});
