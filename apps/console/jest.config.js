// The OpenAPI validator's dependencies (@apidevtools/*) ship ESM only: transform them too.
const preset = require('../../jest.preset.js')(__dirname);
const esmOnly = ['@nestjs', 'file-type', 'load-esm', 'uid', 'strtok3', 'token-types', '@tokenizer', 'zod', '@apidevtools'];

module.exports = { ...preset, transformIgnorePatterns: [`node_modules/(?!(${esmOnly.join('|')})/)`] };
