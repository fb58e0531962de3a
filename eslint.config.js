// ESLint: TypeScript rules plus the architecture of ../shared/STYLE.md, enforced rather than hoped for:
// core imports only tfjs and core; worker never imports store or ui; tfjs stays out of app/ui/store.
// src/core/spec (the shared vocabulary) imports only itself and fflate, so it is tfjs-free; app/ui/store reach
// src/core only through it; scripts never import store, ui or app. No source file over 320 lines.
// scripts/architecture.test.ts proves each rule fails on a violation.
import js from '@eslint/js';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

const UI_SIDE = ['./src/app', './src/ui', './src/store', './src/main.tsx', './src/runner'];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'playwright-report/**', 'test-results/**', 'public/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.tsx', '.js', '.json'] })],
    },
    rules: {
      'import-x/no-cycle': 'error',
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            { target: './src/core', from: ['./src/worker', ...UI_SIDE], message: 'core imports only tfjs and core' },
            { target: './src/worker', from: UI_SIDE, message: 'the worker never imports store or ui' },
            { target: './src/store', from: ['./src/ui', './src/app'], message: 'the store never imports ui' },
            {
              target: UI_SIDE,
              from: './src/core',
              except: ['./spec'],
              message: 'app, ui and store import src/core only through src/core/spec (tfjs-free)',
            },
            {
              target: './scripts',
              from: ['./src/store', './src/ui', './src/app'],
              message: 'scripts take the experiment vocabulary from src/core/spec, not the app state',
            },
          ],
        },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['src/core/**/*.ts'],
    ignores: ['src/core/**/*.test.ts'],
    rules: {
      'no-restricted-globals': [
        'error',
        'window',
        'document',
        'self',
        'postMessage',
        'navigator',
        'localStorage',
        'indexedDB',
      ],
      'no-restricted-imports': [
        'error',
        { patterns: ['react', 'react-dom', 'zustand', 'node:*', '**/testing/*', '**/worker/*'] },
      ],
    },
  },
  {
    files: ['src/core/spec/**/*.ts'],
    ignores: ['src/core/spec/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              // fflate, a dependency-free zip codec, for the zip reader both sides share (spec/zip-reader.ts)
              regex: '^(?!\\./|fflate$)',
              message:
                'src/core/spec imports only src/core/spec and fflate: no tfjs, no other package, nothing that imports one',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/**/*.{ts,tsx}', 'scripts/**/*.ts'],
    ignores: ['**/*.test.ts', '**/*.test.tsx'],
    rules: { 'max-lines': ['error', { max: 320 }] },
  },
  {
    files: ['src/app/**', 'src/ui/**', 'src/store/**', 'src/main.tsx', 'src/runner/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['@tensorflow/*'], message: 'tfjs runs only in the worker' }] },
      ],
    },
  },
);
