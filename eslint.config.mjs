import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', '.data/**', 'devTools/**', 'appPackage/build/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-floating-promises': 'error',
    },
  },
  {
    // Tests read untyped JSON (Graph SDK answers, SQL rows, jest's asymmetric matchers, which are typed `any`):
    // the no-unsafe-* family and require-await stay off there until those helpers are typed. Floating promises
    // are caught in tests too.
    files: ['tests/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    // Plain JS (scripts, configs) sits outside tsconfig.json, so it gets the syntactic rules only.
    files: ['**/*.js', '**/*.cjs', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    // The offline Graph is no part of production code: the app reaches it only through offline mode, wired in app.ts.
    files: ['src/**/*.ts'],
    ignores: ['src/app.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ regex: '(^|/)sandbox(/|$)', message: 'Only src/app.ts may start the offline Graph (sandbox/offline-graph.ts).' }] }],
    },
  },
  {
    // The domain is pure TypeScript: no SDKs, no database driver, no HTTP framework (STYLE.md).
    files: ['src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['botbuilder*', 'botframework-*', 'restify*', 'pg', 'pg-*', '@electric-sql/*', '@microsoft/*', '@azure/*', 'adaptivecards*', 'pg-boss', '../storage/*', '../bot/*', '../http/*', '../graph/*', '../cards/*', '../jobs/*', '../application/*', '**/sandbox', '**/sandbox/**'],
              message: 'domain/ must not depend on SDKs or adapters; declare a port in domain/ports.ts instead.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/app.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ regex: '(^|/)sandbox(/(?!offline-graph$)|$)', message: 'The app reaches the sandbox only through startOfflineGraph (sandbox/offline-graph.ts).' }] },
      ],
    },
  },
  {
    // Adapters depend on the ports domain/ declares, never on one another; only src/app.ts wires them (STYLE.md).
    files: ['src/storage/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['../jobs/*', '../bot/*', '../graph/*', '../http/*', '../cards/*'], message: 'storage/ implements ports from domain/; it must not import another adapter.' }] },
      ],
    },
  },
  {
    // The sandbox stands in for Microsoft Graph: it may share Graph's published limits, never the app's internals.
    files: ['sandbox/graph/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ regex: '^(\\.\\./)+src/(?!graph/teams-limits$)', message: 'The Graph sandbox must not depend on the app (only on the limits table both keep).' }] },
      ],
    },
  },
  {
    // Cards turn domain values into card data; the bot uses them, never the other way round.
    files: ['src/cards/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['../bot/*', '../http/*', '../jobs/*', '../storage/*', '../graph/*'], message: 'cards/ must not depend on bot/ or other adapters; move the shape it needs to cards/ or domain/.' }] },
      ],
    },
  },
  {
    files: ['src/jobs/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['../storage/*', '../bot/*', '../graph/*', '../http/*', '../cards/*'], message: 'jobs/ depends on ports from domain/; app.ts hands it the adapters.' }] },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', module: 'writable', __dirname: 'readonly', process: 'readonly', console: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
