#!/usr/bin/env node
// The installed `arctrigger` command. It lives outside dist/ so that `npm install` links it even
// on a fresh clone that has not been built yet (npm links a bin only if its target exists).
'use strict';
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const main = join(__dirname, '..', 'dist', 'main.js');
if (!existsSync(main)) {
  process.stderr.write('arctrigger: the CLI is not built yet; run `npm start` or `npm run build` in the repository first.\n');
  process.exit(3);
}
require(main);
