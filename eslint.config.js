// ESLint 9 flat config: typescript-eslint's type-aware rules over every TypeScript source the tsconfigs cover.
// Run by `pnpm lint` (after turbo's per-package publint/attw, which builds the dist/ types these rules read).
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**', '**/dist/**', '**/build/**', '**/generated/**', '**/.turbo/**', '**/coverage/**',
      // AssemblyScript (its own types: f32, i32, load<T>), compiled by asc, not tsc
      'packages/kernels-wasm/assembly/**',
      // build configs and plain-JS scripts are outside every tsconfig
      '**/tsup.config.ts', '**/*.js', '**/*.mjs', '**/*.cjs',
      // compiled by pack-test inside a scratch install of the packed tarballs, not in the workspace
      'apps/pack-test/fixtures/**',
      // test folders that their package's tsconfig does not include (no type information for them)
      'packages/kernels-api/test/**', 'packages/kernels-js/test/**', 'packages/kernels-wasm/test/**',
      'packages/perf-model/test/**', 'packages/pruning/test/**', 'packages/tensor/test/**', 'apps/cli/test/**',
    ],
  },
  {
    files: ['**/*.ts'],
    extends: [tseslint.configs.base],
    languageOptions: {
      parserOptions: {
        // every linted file sits under a tsconfig.json (the root one covers the vitest config and tooling)
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/no-unnecessary-type-assertion': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      // `typeof import('node:fs')` annotations type lazily loaded Node modules (browser-safe entries): allowed
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false }],
      '@typescript-eslint/only-throw-error': 'error',
      '@typescript-eslint/no-for-in-array': 'error',
      '@typescript-eslint/no-implied-eval': 'error',
      '@typescript-eslint/restrict-plus-operands': 'error',
      '@typescript-eslint/no-duplicate-type-constituents': 'error',
      '@typescript-eslint/no-redundant-type-constituents': 'error',
      '@typescript-eslint/prefer-promise-reject-errors': 'error',
      // Not enabled: require-await. `async create() { return make(); }` is deliberate across the providers (a
      // synchronous throw becomes a rejected promise, as the BackendProvider contract says).
    },
  },
);
