// Shared jest configuration: every workspace's jest.config.js calls this with its own directory.
// Sources are transformed by @swc/jest (decorators + metadata for NestJS). NestJS 12 and a few of
// its dependencies ship ESM only; they are transformed to CommonJS too, because jest's module
// loader does not implement require(esm).
const path = require('node:path');
const root = __dirname;
const esmOnly = ['@nestjs', 'file-type', 'load-esm', 'uid', 'strtok3', 'token-types', '@tokenizer', 'zod'];

module.exports = (dir) => ({
  rootDir: dir,
  testEnvironment: 'node',
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/**/*.spec.ts'],
  transform: {
    '^.+\\.(t|j|mj)s$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true },
          target: 'es2022',
          keepClassNames: true,
        },
        module: { type: 'commonjs' },
      },
    ],
  },
  transformIgnorePatterns: [`node_modules/(?!(${esmOnly.join('|')})/)`],
  moduleNameMapper: {
    '^@arctrigger/(contracts|service-kit|testkit)$': path.join(root, 'packages/$1/src/index.ts'),
  },
  moduleFileExtensions: ['ts', 'js', 'mjs', 'json'],
  setupFiles: [path.join(root, 'jest.setup.js')],
  testTimeout: 30_000,
});
