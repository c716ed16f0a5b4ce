// ESLint flat config. Parser only plus a handful of rules that guard the project's own rules:
// the domain's import boundary (STYLE.md), no focused or skipped tests, no TypeORM synchronize.
// Formatting and taste are left to review; type-aware linting would cost more than it finds here.
import tseslint from 'typescript-eslint';

const DOMAIN_MESSAGE = 'libs/domain is pure TypeScript: no framework, driver or validator imports, nothing from apps/ or other libs.';
const FORBIDDEN_PACKAGES = [
  '@nestjs/*',
  '@nats-io/*',
  'nats',
  'nats/*',
  'typeorm',
  'typeorm/*',
  'pg',
  'pg/*',
  'class-validator',
  'class-validator/*',
  'class-transformer',
  'class-transformer/*',
  'fastify',
  'fastify/*',
  '@fastify/*',
];
const MAX_DOMAIN_DEPTH = 6;

/**
 * The boundary for files `depth` folders below libs/domain/src: a relative import that climbs
 * more than `depth` levels leaves the lib (into apps/ or another lib).
 */
function domainBoundary(depth) {
  return {
    files: [`libs/domain/src/${'*/'.repeat(depth)}*.ts`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: FORBIDDEN_PACKAGES, message: DOMAIN_MESSAGE },
            { regex: '^(apps|libs)/', message: DOMAIN_MESSAGE },
            { regex: `^(\\.\\./){${depth + 1}}`, message: DOMAIN_MESSAGE },
          ],
        },
      ],
    },
  };
}

const TEST_FILES = ['**/*.spec.ts', '**/*.int-spec.ts', '**/*.e2e-spec.ts', 'test/**/*.ts'];

export default [
  { ignores: ['dist/', '.local/', 'node_modules/', 'coverage/', 'bench/.work/'] },
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: { parser: tseslint.parser, sourceType: 'module' },
    plugins: { '@typescript-eslint': tseslint.plugin },
    rules: {
      '@typescript-eslint/consistent-type-definitions': ['warn', 'type'],
      '@typescript-eslint/no-unused-vars': ['warn', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.{ts,tsx,js,mjs}'],
    rules: { 'no-debugger': 'error', 'no-var': 'error', 'prefer-const': 'error', eqeqeq: ['error', 'smart'] },
  },
  {
    files: ['apps/**/*.ts', 'libs/**/*.ts'],
    ignores: TEST_FILES,
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: 'Property[key.name="synchronize"][value.value=true]', message: 'Use migrations, never TypeORM synchronize.' },
      ],
    },
  },
  {
    files: TEST_FILES,
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: 'CallExpression[callee.object.name=/^(describe|it|test)$/][callee.property.name=/^(only|skip|todo)$/]',
          message: 'No focused, skipped or placeholder tests.',
        },
        { selector: 'CallExpression[callee.name=/^(xit|xtest|xdescribe|fit|fdescribe)$/]', message: 'No focused or skipped tests.' },
      ],
    },
  },
  ...Array.from({ length: MAX_DOMAIN_DEPTH }, (_, depth) => domainBoundary(depth)),
];
