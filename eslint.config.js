import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import { roomsPlugin } from './scripts/lint/roomRules.js';

const electronBan = { name: 'electron', message: 'Only electron/ may import Electron.' };

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'dist/**',
      'renderer/dist/**',
      'electron/dist/**',
      'test-results/**',
      'playwright-report/**',
      'core/ocpp/*/types.generated.ts',
      'core/ocpp/commandValidators.generated.ts',
      'scripts/lint/fixtures/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    plugins: { rooms: roomsPlugin },
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      // a promise nobody awaits loses its error: await it, or `void` it where fire-and-forget is meant and it handles its own errors
      '@typescript-eslint/no-floating-promises': 'error',
      'no-restricted-imports': ['error', { paths: [electronBan] }],
      // the room rules of docs/ARCHITECTURE.md (scripts/lint/roomRules.js; roomRules.test.ts proves each fires)
      'rooms/imports': 'error',
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'error' },
  },
  {
    // the charger is being split (issue 14 item 2, branch sim-split): its floating promises are fixed there
    files: ['core/simulator/**/*.ts'],
    rules: { '@typescript-eslint/no-floating-promises': 'warn' },
  },
  {
    files: ['electron/**/*.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['bin/**/*.js', 'scripts/**/*.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
);
