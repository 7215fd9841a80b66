import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderContractsDoc } from '../contracts-doc';
import { renderNatsConfig } from '../nats-permissions';

/** Regenerates the files derived from the catalogue: docs/contracts.md and deploy/nats/nats.conf. */
const root = join(__dirname, '..', '..', '..', '..');
for (const [file, text] of [
  ['docs/contracts.md', renderContractsDoc()],
  ['deploy/nats/nats.conf', renderNatsConfig()],
] as const) {
  writeFileSync(join(root, file), text);
  process.stdout.write(`wrote ${file}\n`);
}
