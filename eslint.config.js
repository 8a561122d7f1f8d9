// Lint rules, including the layout rules that keep each runtime in its lane:
// only main/app/ may import Electron; the renderer imports neither Node nor Electron.
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

export const layoutRules = {
  mainOutsideApp: {
    files: ['main/**/*.ts'],
    ignores: ['main/app/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'Only main/app/ may import electron; keep this module plain Node.' }],
          patterns: [{ group: ['electron/*', 'electron-store', '**/app/*', '**/main/app/**'], message: 'Only main/app/ may depend on Electron.' }],
        },
      ],
    },
  },
  renderer: {
    files: ['renderer/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'electron', message: 'The renderer talks only to window.simfleet.' },
            ...nodeBuiltins.map((name) => ({ name, message: 'The renderer runs in a sandboxed page: no Node modules.' })),
          ],
          patterns: [{ group: ['**/main/**', 'electron/*'], message: 'The renderer may import only preload/contract types, never main-process code.' }],
        },
      ],
    },
  },
};

/**
 * No synchronous file calls in the main process once it runs (docs/decisions.md, D4):
 * they stall every window, the batch engine and the rate limiter together. Allowed only
 * in start-up code and in one-shot tools (the CLI, the test host, the dev server).
 */
export const noSyncDiskWork = {
  files: ['main/**/*.ts'],
  ignores: [
    'main/cli/**',
    'main/devweb/**',
    'main/testhost/**',
    // Start-up: opened once before any window or batch exists.
    'main/settings/store.ts',
    'main/services/headless.ts',
    // Electron's will-download must set the save path before it returns.
    'main/files/saved-files.ts',
    // The practice simulator stands in for the network: unsynced appends of a few hundred bytes, one step with the commit.
    'main/simulator/state-file.ts',
  ],
  rules: {
    'no-restricted-syntax': [
      'error',
      {
        selector: 'ImportDeclaration[source.value=/^(node:)?fs$/] > ImportSpecifier[imported.name=/Sync$/]',
        message: 'No synchronous file calls in the main process: use node:fs/promises (docs/decisions.md, D4).',
      },
      {
        selector: 'CallExpression[callee.object.name=/^(fs|fsSync)$/][callee.property.name=/Sync$/]',
        message: 'No synchronous file calls in the main process: use node:fs/promises (docs/decisions.md, D4).',
      },
    ],
  },
};

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', '.simfleet-dev/**', '.stryker-tmp/**', 'reports/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Prettier wraps code at 160 columns (.prettierrc.json); this catches what it cannot wrap (long strings).
      'max-len': ['error', { code: 160, tabWidth: 2 }],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'warn' },
  },
  layoutRules.mainOutsideApp,
  layoutRules.renderer,
  noSyncDiskWork,
);
