import { existsSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { Controller, Get, Param, Res } from '@nestjs/common';
import type { HttpResponse } from '../http/http-types';

/** Where `vite build` writes the desk (apps/console/dist/web), beside this compiled file's folder. */
const DESK_DIR = join(__dirname, '..', 'web');
const ASSET_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
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
 * for a token and every API call it makes is authenticated. Not an API route — it is not in the
 * OpenAPI document.
 */
@Controller()
export class DeskHttpController {
  @Get()
  index(@Res() res: HttpResponse): void {
    const file = join(DESK_DIR, 'index.html');
    if (!existsSync(file)) {
      res.status(503).type('text/plain').send('The desk is not built: run `npm run build` (the API is at /v1, its docs at /docs).');
      return;
    }
    res.setHeader('Cache-Control', 'no-cache');
    res.type('html').send(readFileSync(file));
  }

  @Get('assets/:name')
  asset(@Param('name') name: string, @Res() res: HttpResponse): void {
    const file = join(DESK_DIR, 'assets', name);
    const type = TYPES[extname(name)];
    if (!ASSET_NAME.test(name) || !type || !existsSync(file)) {
      res.status(404).type('text/plain').send('not found');
      return;
    }
    res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
    res.type(type).send(readFileSync(file));
  }
}
