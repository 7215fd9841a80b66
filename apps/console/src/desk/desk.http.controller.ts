import { existsSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { Controller, Res } from '@nestjs/common';
import type { RouteInput } from '../http/api-route';
import type { HttpResponse } from '../http/http-types';
import { ApiError } from '../http/api-error';
import { Input, Route } from '../http/route.decorator';
import { DeskRoutes as R } from './desk.routes';

/** Where `vite build` writes the desk (apps/console/dist/web), beside this compiled file's folder. */
const DESK_DIR = join(__dirname, '..', 'web');
const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

/**
 * The desk: the single-page app the console serves at `/` (index.html) and `/assets/*` (the
 * bundle, content-hashed by vite, so cached for a year). Public, like any web page: the app asks
 * for a token and every API call it makes is authenticated.
 */
@Controller()
export class DeskHttpController {
  @Route(R.page)
  index(@Res() res: HttpResponse): void {
    const file = join(DESK_DIR, 'index.html');
    if (!existsSync(file)) {
      res.status(503).type('text/plain').send('The desk is not built: run `npm run build` (the API is at /v1, its docs at /docs).');
      return;
    }
    res.setHeader('Cache-Control', 'no-cache');
    res.type('html').send(readFileSync(file));
  }

  @Route(R.asset)
  asset(@Input() { params }: RouteInput<typeof R.asset>, @Res() res: HttpResponse): void {
    const { name } = params;
    const file = join(DESK_DIR, 'assets', name);
    const type = TYPES[extname(name)];
    if (!type || !existsSync(file)) throw new ApiError(404, 'NOT_FOUND', `no desk asset ${name}`);
    res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
    res.type(type).send(readFileSync(file));
  }
}
