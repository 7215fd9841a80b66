import { Inject, Injectable, type NestMiddleware } from '@nestjs/common';
import { SERVICE_CONFIG } from '@arctrigger/service-kit';
import type { ConsoleConfig } from '../config';
import type { HttpRequest, HttpResponse } from './http-types';

/**
 * CORS, off unless CORS_ORIGINS lists origins: only a listed origin gets the allow headers, and
 * its preflight is answered here with 204.
 */
@Injectable()
export class CorsMiddleware implements NestMiddleware {
  private readonly origins: Set<string>;

  constructor(@Inject(SERVICE_CONFIG) config: ConsoleConfig) {
    this.origins = new Set(config.CORS_ORIGINS.split(',').map((o) => o.trim()).filter((o) => o.length > 0));
  }

  use(req: HttpRequest, res: HttpResponse, next: () => void): void {
    const origin = req.headers.origin;
    if (!origin || !this.origins.has(origin)) {
      next();
      return;
    }
    res.setHeader('Access-Control-Allow-Origin', origin);
    res.setHeader('Vary', 'Origin');
    res.setHeader('Access-Control-Expose-Headers', 'Retry-After, Idempotent-Replayed');
    if (req.method === 'OPTIONS') {
      res.setHeader('Access-Control-Allow-Methods', 'GET, POST, PATCH, DELETE');
      res.setHeader('Access-Control-Allow-Headers', 'Authorization, Content-Type, Idempotency-Key, Last-Event-ID');
      res.setHeader('Access-Control-Max-Age', '600');
      res.status(204).end();
      return;
    }
    next();
  }
}
