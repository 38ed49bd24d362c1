// ESLint: JavaScript's and typescript-eslint's recommended rules over the TypeScript and
// JavaScript sources. AssemblyScript (as-port/assembly) is not TypeScript and is left to its
// compiler; build outputs, data and the deliberately broken fixtures are not linted. Formatting is Prettier's (npm run lint).
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'core-rs/**',
      'wasm/**',
      'as-port/build/**',
      'as-port/assembly/**',
      'results/**',
      'data/**',
      'docs/**',
      'test/fixtures/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      // `_name` marks an argument an interface requires but this implementation does not use.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' }],
    },
  },
);
