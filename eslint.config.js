// Lint once for the whole repository: type-aware typescript-eslint rules, an import-cycle
// check (dependencies point one way), and Prettier's formatting left to Prettier.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { importX } from 'eslint-plugin-import-x';
import prettier from 'eslint-config-prettier';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';

export default tseslint.config(
  {
    // scratch/: untracked experiments in a working copy, never part of the repository
    ignores: [
      'node_modules/',
      'dist/',
      'web/dist/',
      'benchmarks/results/',
      'bin/',
      'workers/tsx-entry.mjs',
      'scratch/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        // web/vite.config.ts has its own tsconfig (web/tsconfig.node.json), which the service does not find
        projectService: { allowDefaultProject: ['web/vite.config.ts'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    plugins: { 'import-x': importX },
    settings: {
      'import-x/extensions': ['.ts', '.js', '.mjs'],
      'import-x/resolver-next': [createTypeScriptImportResolver()],
    },
    rules: {
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      // `_` names what is left out on purpose: `({ omitted: _, ...rest })`, `[_, value]`, unused parameters
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
          ignoreRestSiblings: true,
        },
      ],
      // Methods that implement a Promise-returning interface stay async without an await, so a throw rejects.
      '@typescript-eslint/require-await': 'off',
      // An AbortSignal's reason (typed any) is passed on as given, as fetch and timers do.
      '@typescript-eslint/prefer-promise-reject-errors': [
        'error',
        { allowThrowingAny: true, allowThrowingUnknown: true },
      ],
    },
  },
  {
    // vitest's asymmetric matchers (expect.any, expect.objectContaining) are typed any; replies
    // read from JSON are still typed, as no-unsafe-member-access (kept on) makes them be.
    files: ['tests/**'],
    rules: { '@typescript-eslint/no-unsafe-assignment': 'off' },
  },
  {
    // The solver layer is a package of its own: it depends on nothing of the service (issue 15).
    files: ['solver/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/src/**', '**/workers/**'], message: 'solver/ imports nothing from src/ or workers/' },
          ],
        },
      ],
    },
  },
  { files: ['**/*.js', '**/*.mjs'], ...tseslint.configs.disableTypeChecked },
  prettier,
);
