import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

// Module boundaries: an app never imports another app; the pure domain libs (rules, calendar) import
// no I/O; only `contracts` (and the shared infrastructure libs) are shared by every service.
export default [
  { ignores: ['**/node_modules', '**/dist', 'docs/**', '.nx/**', '**/*.js'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    plugins: { '@nx': nx },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@nx/enforce-module-boundaries': [
        'error',
        {
          allow: [],
          depConstraints: [
            // A service's app and feature lib see only their own scope and the shared libs.
            { sourceTag: 'scope:schedule', onlyDependOnLibsWithTags: ['scope:schedule', 'scope:shared'] },
            { sourceTag: 'scope:deadline', onlyDependOnLibsWithTags: ['scope:deadline', 'scope:shared'] },
            { sourceTag: 'scope:booking', onlyDependOnLibsWithTags: ['scope:booking', 'scope:shared'] },
            { sourceTag: 'scope:notification', onlyDependOnLibsWithTags: ['scope:notification', 'scope:shared'] },
            // The web front reaches the services over their public REST APIs only: no feature lib of theirs.
            { sourceTag: 'scope:web', onlyDependOnLibsWithTags: ['scope:web', 'scope:shared'] },
            {
              sourceTag: 'type:app',
              onlyDependOnLibsWithTags: [
                'type:feature',
                'type:util',
                'type:contracts',
                'type:domain',
                'type:data-access',
              ],
            },
            {
              sourceTag: 'type:feature',
              onlyDependOnLibsWithTags: ['type:util', 'type:contracts', 'type:domain', 'type:data-access'],
            },
            { sourceTag: 'type:domain', onlyDependOnLibsWithTags: ['type:domain'] },
            { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: ['type:domain'] },
            { sourceTag: 'type:util', onlyDependOnLibsWithTags: ['type:util', 'type:contracts', 'type:domain'] },
            {
              sourceTag: 'type:data-access',
              onlyDependOnLibsWithTags: ['type:util', 'type:contracts', 'type:domain', 'type:data-access'],
            },
            {
              sourceTag: 'type:testing',
              onlyDependOnLibsWithTags: ['type:util', 'type:contracts', 'type:domain', 'type:data-access'],
            },
            // An example for integrators stands alone: public npm packages and the published AsyncAPI document only.
            { sourceTag: 'type:example', onlyDependOnLibsWithTags: [] },
          ],
        },
      ],
    },
  },
  {
    // Pure domain: no framework, database or broker.
    files: ['libs/rules/**/*.ts', 'libs/calendar/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: ['@nestjs/*', 'typeorm', 'pg', 'kafkajs', 'node:fs', 'fs', 'node:net', 'net'] },
      ],
    },
  },
  {
    // Prettier breaks code at 120 columns but leaves comments, strings and test titles alone; this catches those.
    files: ['apps/**/*.ts', 'libs/**/*.ts'],
    rules: { 'max-len': ['error', { code: 120 }] },
  },
  {
    // The web pages' html`` templates are markup: a line broken inside one changes the page (and Prettier leaves
    // embedded markup as written: embeddedLanguageFormatting off), so their lines may run longer.
    files: ['apps/web/src/pages/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: { 'max-len': ['error', { code: 120, ignoreTemplateLiterals: true }] },
  },
  {
    // Tests may use the harness (type:testing) and tools run everything.
    files: ['**/*.spec.ts', '**/*.int-spec.ts', '**/test/**/*.ts', 'tools/**/*.ts'],
    rules: { '@nx/enforce-module-boundaries': 'off' },
  },
];
