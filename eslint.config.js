import tseslint from 'typescript-eslint';

const oneClock = [
  { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'Read time through shared/clock.ts: a Clock, the run date, or wallMs() for intervals.' },
  { selector: "MemberExpression[object.name='Date'][property.name='now']", message: 'Read time through shared/clock.ts: a Clock, the run date, or wallMs() for intervals.' },
];

export default tseslint.config(
  { ignores: ['node_modules', 'cdk.out', 'coverage', 'docs', '.local'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // The pure core must stay free of AWS and HTTP: DESIGN.md's one rule that keeps it testable.
    files: ['shared/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['@aws-sdk/*', 'node:http', 'node:https', '../connectors/*', '../store/*'] }],
    },
  },
  {
    // One clock (DESIGN.md "When a number is safe to act on"): every "today" derives from the
    // night's run date, so only shared/clock.ts may read wall time. Tests and bench scripts are
    // not covered: they set the clock they test through injection, and bench measures wall time.
    files: ['shared/**/*.ts', 'functions/**/*.ts', 'bin/**/*.ts', 'lib/**/*.ts', 'local/**/*.ts'],
    ignores: ['shared/clock.ts'],
    rules: {
      'no-restricted-syntax': ['error', ...oneClock],
    },
  },
  {
    // What the Lambda bundles hold: esbuild keeps every zod locale (about 260 KB) in a bundle that
    // imports zod's `z` object by name, as Powertools' schema modules do.
    files: ['shared/**/*.ts', 'functions/**/*.ts'],
    ignores: ['shared/clock.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        ...oneClock,
        { selector: "ImportDeclaration[source.value='zod'] > ImportSpecifier[imported.name='z']", message: "import * as z from 'zod': the named z puts every zod locale in each Lambda bundle." },
        { selector: "ImportDeclaration[source.value=/^@aws-lambda-powertools\\/parser\\/schemas/]", message: 'Its schema modules import the named z from zod: see shared/events/envelope.ts.' },
      ],
    },
  },
);
