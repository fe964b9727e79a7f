// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const electronOnly = {
  name: 'electron',
  message: 'Only src/main/app/ and src/preload/ may import electron: the core must run in plain Node.',
};

export default tseslint.config(
  {
    ignores: [
      'out/**',
      'release/**',
      'node_modules/**',
      'coverage/**',
      'test-results/**',
      'playwright-report/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['*.js', '*.mjs', 'bin/*.js', 'scripts/*.mjs'] },
        tsconfigRootDir: import.meta.dirname,
      },
      globals: { ...globals.node },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-restricted-imports': ['error', { paths: [electronOnly] }],
    },
  },
  {
    // The Electron glue layer and the preload are the only places allowed to import electron.
    files: ['src/main/app/**', 'src/preload/**', 'e2e/electron.spec.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    // The renderer runs in a sandboxed page: no Node, no main-process code.
    files: ['src/renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          paths: [electronOnly],
          patterns: [
            { group: ['node:*'], message: 'The renderer has no Node: ask the main process over IPC.' },
            {
              group: ['**/main/**', '**/emulator/**', '**/cli/**'],
              message: 'The renderer talks to main only through the IPC contract in src/shared.',
            },
          ],
        },
      ],
    },
  },
  // Layers named for where they run (docs/architecture.md). scripts/check-layers.mjs checks the same rules
  // exactly, and cycles; these give the message in the editor. Tests may reach anything.
  ...layerRules([
    { files: 'src/shared/**', banned: ['main', 'cli', 'renderer', 'preload', 'emulator'], node: false },
    {
      files: 'src/main/core/**',
      banned: ['use-cases', 'ipc', 'app', 'cli', 'renderer', 'preload', 'emulator'],
    },
    { files: 'src/main/use-cases/**', banned: ['ipc', 'app', 'cli', 'renderer', 'preload'] },
    { files: 'src/main/ipc/**', banned: ['app', 'cli', 'renderer', 'preload', 'emulator'] },
    { files: 'src/cli/**', banned: ['ipc', 'app', 'renderer', 'preload'] },
    { files: 'src/emulator/**', banned: ['main', 'cli', 'renderer', 'preload'] },
  ]),
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
);

/** One no-restricted-imports block per layer: the folders it may not import (by their last path segment). */
function layerRules(layers) {
  return layers.map(({ files, banned, node = true }) => ({
    files: [files],
    ignores: ['**/*.test.ts', '**/*.test.tsx'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [electronOnly],
          patterns: [
            ...(node ? [] : [{ group: ['node:*'], message: 'src/shared is pure: no Node.' }]),
            {
              group: banned.map((dir) => `**/${dir}/**`),
              message: `${files.replace('/**', '')} may not import ${banned.join(', ')} (docs/architecture.md, layers).`,
            },
          ],
        },
      ],
    },
  }));
}
