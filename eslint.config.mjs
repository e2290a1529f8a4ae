// @ts-check
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/**
 * The layering rule (STYLE.md): the core is plain Node and never imports Electron; the renderer imports
 * only *types* from the contract; raw ipcMain/ipcRenderer live only in the IPC wrapper and the preload.
 */
const rawIpc = {
  name: 'electron',
  importNames: ['ipcMain', 'ipcRenderer'],
  message: 'Use the typed handle() wrapper (src-main/electron/ipc.ts) or the preload; raw IPC stays there.',
};

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-output/**', 'bench-output/**', 'models/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-console': 'off',
    },
  },
  {
    files: ['src-main/**/*.ts'],
    ignores: ['src-main/electron/ipc.ts', 'src-main/electron/preload.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [rawIpc] }] },
  },
  {
    files: ['src-main/core/**/*.ts', 'src-main/contract/**/*.ts', 'src-main/cli/**/*.ts', 'src-main/web-host/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'The core runs under plain Node: Electron glue lives in src-main/electron/.' }],
          patterns: [
            { group: ['**/electron/*', '!**/core/**'], message: 'The core must not depend on the Electron glue.' },
            { group: ['**/src-renderer/**'], message: 'Main-side code never imports the renderer.' },
          ],
        },
      ],
    },
  },
  {
    // Shared by the core and the renderer (what the canvas and the printed report draw alike): pure code only.
    files: ['src-shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['node:*', 'electron', 'react', 'react-dom', '@mantine/*'], message: 'src-shared is pure: no Node, Electron or DOM libraries.' },
            { group: ['**/src-main/**', '**/src-renderer/**'], message: 'src-shared depends on nothing of the main side or the renderer.' },
          ],
        },
      ],
    },
  },
  {
    files: ['src-renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': 'off',
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'The renderer is sandboxed: talk to main through the contract.' }],
          patterns: [
            {
              group: ['**/src-main/contract/**'],
              allowTypeImports: true,
              message: 'The renderer imports only types from the contract.',
            },
            { group: ['**/src-main/**', '!**/src-main/contract/**'], message: 'The renderer never imports main-side code.' },
          ],
        },
      ],
    },
  },
);
