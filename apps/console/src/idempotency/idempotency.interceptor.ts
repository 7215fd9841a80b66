import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { from, lastValueFrom, type Observable } from 'rxjs';
import { ApiError } from '../http/api-error';
import type { HttpRequest, HttpResponse } from '../http/http-types';
import { routeOf } from '../http/route.decorator';
import { IdempotencyStore, type Outcome } from './idempotency-store';

const KEY_FORMAT = /^[A-Za-z0-9_.:-]{8,128}$/;

/**
 * `Idempotency-Key` on arm and every order-changing call: the first answer (success or refusal) is
 * kept and a repeat with the same key gets it again, marked `Idempotent-Replayed: true`. The same
 * key with a different body is refused (422); a repeat while the first call is still running gets
 * 409. When the service was unavailable (5xx) nothing is kept, so the client can retry the key.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(private readonly store: IdempotencyStore) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const route = routeOf(context);
    const req = context.switchToHttp().getRequest<HttpRequest>();
    const header = req.headers['idempotency-key'];
    if (!route?.idempotent || header === undefined) return next.handle();
    const res = context.switchToHttp().getResponse<HttpResponse>();
    return from(this.run(String(header), req, res, next));
  }

  private async run(idempotencyKey: string, req: HttpRequest, res: HttpResponse, next: CallHandler): Promise<unknown> {
    if (!KEY_FORMAT.test(idempotencyKey)) {
      throw new ApiError(400, 'INVALID_REQUEST', 'the request is invalid', [
        { path: 'headers.idempotency-key', message: 'expected 8..128 letters, digits or _ . : -' },
      ]);
    }
    const key = IdempotencyStore.keyOf(req.principal?.tokenId ?? 'anonymous', req.method ?? '', req.path, idempotencyKey);
    const requestHash = IdempotencyStore.requestHashOf(req.body);
    const claim = await this.store.claim(key, requestHash);
    if (claim.kind === 'existing') {
      const { answer } = claim;
      if (answer.requestHash !== requestHash) {
        throw new ApiError(422, 'IDEMPOTENCY_KEY_REUSED', 'this Idempotency-Key was used with a different request');
      }
      return replay(answer.outcome, res);
    }
    try {
      const body: unknown = await lastValueFrom(next.handle(), { defaultValue: undefined });
      await this.store.settle(key, requestHash, { kind: 'ok', body: (body ?? null) as never });
      return body;
    } catch (error) {
      if (error instanceof ApiError && error.status < 500) {
        await this.store.settle(key, requestHash, { kind: 'error', status: error.status, code: error.code, message: error.message, ...(error.issues ? { issues: error.issues } : {}) });
      } else {
        await this.store.release(key);
      }
      throw error;
    }
  }
}

function replay(outcome: Outcome, res: HttpResponse): unknown {
  if (outcome.kind === 'pending') throw new ApiError(409, 'IDEMPOTENCY_IN_PROGRESS', 'a request with this Idempotency-Key is still running');
  res.setHeader('Idempotent-Replayed', 'true');
  if (outcome.kind === 'error') throw new ApiError(outcome.status, outcome.code, outcome.message, outcome.issues);
  return outcome.body;
}
