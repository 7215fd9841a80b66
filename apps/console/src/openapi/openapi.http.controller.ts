import { Controller, Res } from '@nestjs/common';
import { API_ROUTES } from '../api-routes';
import type { HttpResponse } from '../http/http-types';
import { Route } from '../http/route.decorator';
import { DOCS_PAGE } from './docs-page';
import { buildOpenApiDocument } from './openapi-document';
import { OpenApiRoutes as R } from './openapi.routes';

/** The OpenAPI document and its browsable page (both public). */
@Controller()
export class OpenApiHttpController {
  private document?: Record<string, unknown>;

  @Route(R.document)
  openApi() {
    this.document ??= buildOpenApiDocument(API_ROUTES, process.env.npm_package_version ?? '0.1.0');
    return this.document;
  }

  @Route(R.page)
  page(@Res() res: HttpResponse): void {
    res.type('html').send(DOCS_PAGE);
  }
}
