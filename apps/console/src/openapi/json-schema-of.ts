import { z } from 'zod';

type JsonSchema = Record<string, unknown>;

/**
 * Turns zod schemas into JSON Schema 2020-12 for an OpenAPI 3.1 document. zod writes recursive
 * parts (e.g. JSON values) as local `$defs`; those are hoisted into `components.schemas` (one entry
 * per distinct definition) and their `$ref`s rewritten, so every reference resolves in the document.
 */
export class JsonSchemaCollector {
  readonly components: Record<string, JsonSchema> = {};
  private readonly byContent = new Map<string, string>();

  of(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
    const raw = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as JsonSchema;
    const { $schema: _ignored, $defs, ...rest } = raw as JsonSchema & { $defs?: Record<string, JsonSchema> };
    if (!$defs) return rest;
    const renamed = new Map<string, string>();
    for (const [local, def] of Object.entries($defs)) renamed.set(local, this.nameFor(local, def));
    const rewrite = (node: unknown): unknown => {
      if (Array.isArray(node)) return node.map(rewrite);
      if (!node || typeof node !== 'object') return node;
      return Object.fromEntries(
        Object.entries(node as JsonSchema).map(([k, v]) => {
          if (k === '$ref' && typeof v === 'string' && v.startsWith('#/$defs/')) return [k, `#/components/schemas/${renamed.get(v.slice(8)) ?? v}`];
          return [k, rewrite(v)];
        }),
      );
    };
    for (const [local, def] of Object.entries($defs)) this.components[renamed.get(local) as string] = rewrite(def) as JsonSchema;
    return rewrite(rest) as JsonSchema;
  }

  private nameFor(local: string, def: JsonSchema): string {
    const key = `${local}:${JSON.stringify(def)}`;
    const known = this.byContent.get(key);
    if (known) return known;
    const name = `Shared${this.byContent.size + 1}`;
    this.byContent.set(key, name);
    return name;
  }
}
