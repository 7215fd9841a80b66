// Flat ESLint config for the whole monorepo. Type-aware rules catch the bugs that matter most in
// an async trading system (floating promises, misused promises).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import importX from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';

const apps = ['gateway', 'order-service', 'trigger-service', 'risk-service', 'watchlist-service', 'auditor', 'console', 'tws-sim'];

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '**/coverage/**', '**/*.js', '**/*.mjs', '**/*.cjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  prettier,
  {
    languageOptions: {
      globals: { ...globals.node },
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false }],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/only-throw-error': 'error',
      'no-restricted-syntax': ['error', { selector: 'TSEnumDeclaration', message: 'Use an `as const` object with a derived type instead of enum.' }],
    },
  },
  // No import cycles anywhere: a cycle is two concepts that cannot be read apart.
  {
    plugins: { 'import-x': importX },
    settings: { 'import-x/resolver-next': [createTypeScriptImportResolver({ alwaysTryTypes: true, project: ['tsconfig.base.json', 'apps/*/tsconfig.json', 'packages/*/tsconfig.json', 'test/tsconfig.json'] })], 'import-x/extensions': ['.ts'] },
    rules: { 'import-x/no-cycle': ['error', { ignoreExternal: true }] },
  },
  // Apps import only contracts, service-kit (and testkit in tests) — never each other, never deep paths.
  ...apps.map((app) => ({
    files: [`apps/${app}/**/*.ts`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: apps.filter((a) => a !== app).map((a) => `@arctrigger/${a}`), message: 'Apps never import each other; talk over the bus.' },
            { group: ['@arctrigger/*/*'], message: 'Import a package through its public index only.' },
            { group: apps.filter((a) => a !== app).map((a) => `**/apps/${a}/**`), message: 'Apps never import each other.' },
          ],
        },
      ],
    },
  })),
  // The desk (apps/console/web) runs in the browser and is typed by its own tsconfig (JSX for Preact).
  {
    files: ['apps/console/web/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['**/*.spec.ts', '**/test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
);
