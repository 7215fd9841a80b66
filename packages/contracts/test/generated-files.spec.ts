import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderContractsDoc } from '../src/contracts-doc';
import { renderNatsConfig } from '../src/nats-permissions';

const root = join(__dirname, '..', '..', '..');

describe('generated files', () => {
  it.each([
    ['docs/contracts.md', renderContractsDoc],
    ['deploy/nats/nats.conf', renderNatsConfig],
  ])('%s matches the catalogue (run `npm run docs:contracts` when this fails)', (file, render) => {
    expect(readFileSync(join(root, file), 'utf8')).toBe(render());
  });
});
