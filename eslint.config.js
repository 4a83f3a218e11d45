import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const restrict = (patterns, message) => ({
  'no-restricted-imports': ['error', { patterns: patterns.map((group) => ({ group: [group], message })) }],
});

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'data/**', 'coverage/**', 'test-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module', globals: { process: 'readonly', console: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
  // Boundaries: shared schemas import nothing of ours; the web imports only schemas; the database layer never the server.
  { files: ['schemas/**'], rules: restrict(['**/server/**', '**/web/**', '**/db/**'], 'schemas/ is shared by server and web: it imports neither.') },
  { files: ['web/**'], rules: restrict(['**/server/**', '**/db/**'], 'The web app talks to the server only over HTTP; share types through schemas/.') },
  { files: ['db/**'], ignores: ['db/**/*.test.ts'], rules: restrict(['**/server/**', '**/web/**'], 'db/ is below the server: it must not import it.') },
);
