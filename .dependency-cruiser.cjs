// Layer rules the lint enforces (npm run lint:deps, part of npm test). ESLint's import-x/no-cycle
// catches value cycles inside a workspace; this also sees type-only imports and the layers.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      comment: 'Two modules that import each other (types included) cannot be read apart.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'domain-is-pure',
      comment: "The order-service's domain/ is plain code: no ports, adapters, flows, use cases, edges, Nest or platform.",
      severity: 'error',
      from: { path: '^apps/order-service/src/domain/' },
      to: { path: ['^apps/order-service/src/(ports|adapters|flows|use-cases|edges)/', '@nestjs/', '@arctrigger/service-kit', 'packages/service-kit/'] },
    },
    {
      name: 'use-cases-do-not-import-each-other',
      comment: 'A use case talks to the rest through ports and the shared flows, never through another use case.',
      severity: 'error',
      from: { path: '^apps/order-service/src/use-cases/([^/]+)/' },
      to: { path: '^apps/order-service/src/use-cases/', pathNot: '^apps/order-service/src/use-cases/$1/' },
    },
    {
      name: 'flows-do-not-import-use-cases',
      severity: 'error',
      from: { path: '^apps/order-service/src/flows/' },
      to: { path: '^apps/order-service/src/(use-cases|edges)/' },
    },
    {
      name: 'ports-are-interfaces',
      comment: 'Ports name what the use cases need; adapters implement them, never the other way round.',
      severity: 'error',
      from: { path: '^apps/order-service/src/ports/' },
      to: { path: '^apps/order-service/src/(adapters|flows|use-cases|edges)/' },
    },
    {
      name: 'nest-stays-at-the-edges',
      comment: 'Only edges (controllers, providers, modules, main) import Nest in the order-service.',
      severity: 'error',
      from: { path: '^apps/order-service/src/(domain|ports|adapters|flows|use-cases)/' },
      to: { path: '@nestjs/' },
    },
    {
      name: 'audit-checks-are-pure',
      comment: "The auditor's checks and ledger are plain functions over their inputs: no adapters, runner, platform or Nest.",
      severity: 'error',
      from: { path: '^apps/auditor/src/(checks|ledger)/' },
      to: { path: ['^apps/auditor/src/(adapters|audit-runner|auditor-app|auditor\\.module)', '@nestjs/', '@arctrigger/service-kit', 'packages/service-kit/'] },
    },
    {
      name: 'sources-do-not-import-tests',
      comment: 'Service code and benchmarks do not import test tooling from test folders (testkit is the package for that).',
      severity: 'error',
      from: { path: '^(apps|packages)/[^/]+/src/', pathNot: '\\.spec\\.ts$' },
      to: { path: '^(apps|packages)/[^/]+/test/' },
    },
  ],
  options: {
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.base.json' },
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(dist|node_modules|web)/' },
    moduleSystems: ['es6', 'cjs'],
  },
};
