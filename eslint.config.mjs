import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', '.data/**', 'devTools/**', 'appPackage/build/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-floating-promises': 'off',
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
              group: ['botbuilder*', 'botframework-*', 'restify*', 'pg', 'pg-*', '@electric-sql/*', '@microsoft/*', '@azure/*', 'adaptivecards*', 'pg-boss', '../storage/*', '../bot/*', '../http/*', '../graph/*', '../cards/*', '../jobs/*'],
              message: 'domain/ must not depend on SDKs or adapters; declare a port in domain/ports.ts instead.',
            },
          ],
        },
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
