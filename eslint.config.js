import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['node_modules/**', 'data/**', 'dist/**', 'test/e2e/screenshots/**', 'src/web/assets/**/*.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      'no-empty': ['error', { allowEmptyCatch: true }],
    },
  },
  {
    // One CSV writer (src/core/csv.ts) neutralises formulas in every download.
    files: ['src/**/*.{ts,tsx}'],
    ignores: ['src/core/csv.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'csv-stringify/sync', message: 'Write CSV with csvText from src/core/csv.ts (it neutralises formulas).' }, { name: 'csv-stringify', message: 'Write CSV with csvText from src/core/csv.ts (it neutralises formulas).' }] }],
    },
  },
  {
    // Routes and pages reach data through actions: they never hold the database handle (see .dependency-cruiser.cjs).
    files: ['src/http/**/*.{ts,tsx}', 'src/modules/**/http/**/*.{ts,tsx}'],
    ignores: ['**/*.test.{ts,tsx}', '**/test-support.{ts,tsx}'],
    rules: {
      'no-restricted-syntax': ['error', { selector: "MemberExpression[property.name='db']", message: 'Routes do not touch the database: call an action (or a function the module publishes for its plugins).' }],
    },
  },
);
