import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { CLOCK, SERVICE_CONFIG, type Clock } from '@arctrigger/service-kit';
import type { ConsoleConfig } from '../config';
import { ApiError } from '../http/api-error';
import type { HttpRequest } from '../http/http-types';
import { routeOf } from '../http/route.decorator';
import { RateLimiter } from './rate-limiter';
import { roleAllows } from './role';
import { TokenStore } from './token-store';

/**
 * Authenticates every API route: `Authorization: Bearer <token>` (or `access_token` in the query
 * for the event stream, which browsers' EventSource cannot send headers to), then checks the
 * route's role and the token's rate limit. 401 without a valid token, 403 with too small a role,
 * 429 past the rate limit.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly limiter: RateLimiter;

  constructor(
    private readonly tokens: TokenStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(SERVICE_CONFIG) config: ConsoleConfig,
  ) {
    this.limiter = new RateLimiter(config.RATE_LIMIT_PER_MINUTE);
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const route = routeOf(context);
    if (!route || route.role === null) return true;
    const req = context.switchToHttp().getRequest<HttpRequest>();
    const presented = bearerOf(req) ?? (route.operationId === 'streamEvents' ? queryToken(req) : undefined);
    if (!presented) throw new ApiError(401, 'UNAUTHENTICATED', 'an API token is required: Authorization: Bearer <token>');
    const principal = await this.tokens.authenticate(presented);
    if (!principal) throw new ApiError(401, 'UNAUTHENTICATED', 'the API token is unknown or revoked');
    const rate = this.limiter.take(principal.tokenId, this.clock.now());
    if (!rate.allowed) throw new ApiError(429, 'RATE_LIMITED', 'too many requests for this token', undefined, rate.retryAfterSeconds);
    if (!roleAllows(principal.role, route.role)) {
      throw new ApiError(403, 'FORBIDDEN', `${route.method} ${route.path} needs the ${route.role} role; this token is ${principal.role}`);
    }
    req.principal = principal;
    return true;
  }
}

function bearerOf(req: HttpRequest): string | undefined {
  const header = req.headers.authorization;
  const m = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  return m?.[1];
}

function queryToken(req: HttpRequest): string | undefined {
  const value = req.query.access_token;
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}
