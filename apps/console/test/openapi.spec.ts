/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-call -- walking a JSON document */
import 'reflect-metadata';
import SwaggerParser from '@apidevtools/swagger-parser';
import { METHOD_METADATA, MODULE_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { RequestMethod } from '@nestjs/common';
import { API_ROUTES } from '../src/api-routes';
import { ConsoleModule } from '../src/console.module';
import { expressPath } from '../src/http/api-route';
import { buildOpenApiDocument } from '../src/openapi/openapi-document';

type Doc = Exclude<Parameters<typeof SwaggerParser.validate>[0], string>;

/** Every `METHOD path` the Nest controllers of the console module actually serve. */
function servedRoutes(): string[] {
  const controllers = (Reflect.getMetadata(MODULE_METADATA.CONTROLLERS, ConsoleModule) ?? []) as Array<new (...args: never[]) => object>;
  const out: string[] = [];
  for (const controller of controllers) {
    const prefix = String(Reflect.getMetadata(PATH_METADATA, controller) ?? '/');
    for (const key of Object.getOwnPropertyNames(controller.prototype)) {
      const handler = (controller.prototype as Record<string, unknown>)[key];
      if (typeof handler !== 'function' || key === 'constructor') continue;
      const path = Reflect.getMetadata(PATH_METADATA, handler) as string | undefined;
      const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
      if (path === undefined || method === undefined) continue;
      const full = [prefix, path].map((p) => p.replace(/^\/|\/$/g, '')).filter((p) => p.length > 0).join('/');
      out.push(`${RequestMethod[method]} ${full}`);
    }
  }
  return out.sort();
}

describe('console OpenAPI document', () => {
  const document = buildOpenApiDocument(API_ROUTES, '0.1.0');

  it('validates as OpenAPI 3.1 with a validator library', async () => {
    await expect(SwaggerParser.validate(structuredClone(document) as unknown as Doc)).resolves.toBeDefined();
  });

  it('lists exactly the routes the controllers serve', () => {
    const paths = document.paths as Record<string, Record<string, unknown>>;
    const documented = Object.entries(paths)
      .flatMap(([path, ops]) => Object.keys(ops).map((method) => `${method.toUpperCase()} ${expressPath(path)}`))
      .sort();
    expect(documented).toEqual(servedRoutes());
    expect(documented.length).toBeGreaterThan(30);
  });

  it('describes request bodies and answers with the zod schemas the server validates with', () => {
    const arm = (document.paths as any)['/v1/trades'].post;
    const body = arm.requestBody.content['application/json'].schema;
    expect(body.required).toEqual(expect.arrayContaining(['symbol', 'right', 'expiry', 'strike', 'trigger', 'size', 'entry', 'stopLoss']));
    expect(body.additionalProperties).toBe(false);
    expect(arm.responses['201'].content['application/json'].schema.properties.state.enum).toContain('ARMED');
    expect(arm.parameters.map((p: { name: string }) => p.name)).toContain('Idempotency-Key');
    expect(arm['x-required-role']).toBe('trader');
    expect((document.paths as any)['/v1/risk/kill'].post['x-required-role']).toBe('admin');
  });

  it('fails validation when a document is broken, so the check can fail', async () => {
    const broken = structuredClone(document) as any;
    broken.paths['/v1/trades'].post.responses['201'].content['application/json'].schema = { $ref: '#/components/schemas/Missing' };
    await expect(SwaggerParser.validate(broken as unknown as Doc)).rejects.toThrow();
  });
});
