// @ts-check
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

const IO_PACKAGES = ['mongoose', 'mongodb', 'express', 'twilio', 'openai', 'agenda', '@agendajs/*', 'socket.io', 'socket.io-client', 'axios', 'node:fs', 'node:http', 'node:https', 'node:net', 'fs', 'http', 'https', 'net'];

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', 'data/**', 'shared/src/generated/**', 'server/mongo-launcher/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
  },
  {
    // The engine decides, adapters act: no I/O library may reach the pure core.
    files: ['server/src/engine/**/*.ts', 'server/src/nodes/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: IO_PACKAGES, message: 'server/src/engine and server/src/nodes are pure: do I/O in an adapter and pass results in as events.' },
            { group: ['**/adapters/**', '**/app/**'], message: 'The engine may not depend on adapters or the app.' },
          ],
        },
      ],
      'no-restricted-globals': ['error', { name: 'fetch', message: 'No I/O in the engine.' }],
      'no-restricted-syntax': ['error', { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'Use ctx.now / rt.now: time is injected.' }],
      'no-restricted-properties': [
        'error',
        { object: 'Math', property: 'random', message: 'Use ctx.newId(): randomness is injected.' },
        { object: 'Date', property: 'now', message: 'Use ctx.now / rt.now: time is injected.' },
      ],
    },
  },
  {
    // The runtime talks to stores only through ports (server/src/ports): no database driver, no
    // adapter, no HTTP framework. MongoDB lives in adapters/mongo, its in-memory twin in adapters/memory.
    files: ['server/src/runtime/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: IO_PACKAGES, message: 'server/src/runtime reaches stores, channels and HTTP through ports: put the I/O in an adapter.' },
            { group: ['**/adapters/**', '**/app/**'], message: 'The runtime depends on ports, never on adapters or the app (app -> runtime -> ports <- adapters).' },
          ],
        },
      ],
    },
  },
  {
    // API answers in tests are untyped JSON
    files: ['tests/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['studio/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'warn' },
  },
);
