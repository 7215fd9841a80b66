import { z } from 'zod';
import { allContracts } from './catalogue';
import { patternOf, type AnyContract } from './core/contract';
import { KvBuckets, Streams } from './streams';

/**
 * Renders docs/contracts.md from the catalogue. The file is generated (`npm run docs:contracts`);
 * a test fails when the committed copy is stale.
 */
export function renderContractsDoc(): string {
  const lines: string[] = [
    '# Bus contracts',
    '',
    '<!-- Generated from packages/contracts/src/catalogue.ts by `npm run docs:contracts`. Do not edit. -->',
    '',
    'Subjects carry their version; a breaking change adds a `v2` subject beside `v1`.',
    'Request/reply contracts answer `{ ok: true, value }` or `{ ok: false, code, message, issues? }`.',
    '',
    '| Subject | Kind | Publishers | Consumers | Stream | Description |',
    '|---|---|---|---|---|---|',
  ];
  for (const c of allContracts()) {
    lines.push(
      `| \`${c.subject}\` | ${c.kind} | ${c.publishers.join(', ')} | ${c.consumers.join(', ')} | ${c.stream ?? '—'} | ${c.description} |`,
    );
  }
  lines.push('', '## Streams', '', '| Stream | Subjects | Description |', '|---|---|---|');
  for (const s of Object.values(Streams)) lines.push(`| ${s.name} | ${s.subjects.map((x) => `\`${x}\``).join(', ')} | ${s.description} |`);
  lines.push('', '## KV buckets', '', '| Bucket | Description |', '|---|---|');
  for (const b of Object.values(KvBuckets)) lines.push(`| ${b.name} | ${b.description} |`);
  lines.push('', '## Schemas', '');
  for (const c of allContracts()) lines.push(...renderSchemas(c));
  return lines.join('\n') + '\n';
}

function renderSchemas(c: AnyContract): string[] {
  const out = [`### \`${patternOf(c)}\``, '', c.description, '', '```json', json(c.schema), '```', ''];
  if (c.kind === 'request') out.push('Reply:', '', '```json', json(c.reply), '```', '');
  return out;
}

function json(schema: z.ZodType): string {
  return JSON.stringify(z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any', reused: 'ref' }), null, 2);
}
