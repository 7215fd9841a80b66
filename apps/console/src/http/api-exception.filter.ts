import { Catch, HttpException, Inject, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { LOGGER } from '@arctrigger/service-kit';
import type { Logger } from 'pino';
import { ApiError, type ErrorBody } from './api-error';
import type { HttpResponse } from './http-types';

/**
 * Every error leaves the console as `{ code, message, issues? }` with its status: ApiErrors as
 * they are, Nest's own HTTP errors (unknown route, malformed JSON, body too large) with a code,
 * anything else as 500 INTERNAL — logged here, never a stack trace in the response.
 */
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  constructor(@Inject(LOGGER) private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<HttpResponse>();
    const error = this.toApiError(exception);
    if (res.headersSent) {
      res.end();
      return;
    }
    if (error.retryAfterSeconds !== undefined) res.setHeader('Retry-After', String(error.retryAfterSeconds));
    if (error.status === 401) res.setHeader('WWW-Authenticate', 'Bearer');
    res.status(error.status).json(error.body satisfies ErrorBody);
  }

  private toApiError(exception: unknown): ApiError {
    if (exception instanceof ApiError) return exception;
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      if (status === 404) return new ApiError(404, 'ROUTE_NOT_FOUND', 'no such route; see /openapi.json');
      if (status === 400) return new ApiError(400, 'INVALID_JSON', 'the request body is not valid JSON');
      if (status === 413) return new ApiError(413, 'PAYLOAD_TOO_LARGE', 'the request body is too large');
      return new ApiError(status, `HTTP_${status}`, exception.message);
    }
    this.logger.error({ err: exception }, 'unhandled error in an HTTP handler');
    return new ApiError(500, 'INTERNAL', 'the console failed to handle the request');
  }
}
