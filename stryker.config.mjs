// Mutation run of the batch engine (docs/testing.md): `npm run mutation`. Not part of
// CI (it takes tens of minutes); its score is reported in the stop notes.
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutation.config.ts' },
  // The engine's rules; the screen/CLI formatting (views.ts), the service wiring
  // (batch-service.ts) and the zod schemas (journal-schema.ts) are left to other tests.
  mutate: ['main/batch/**/*.ts', '!main/batch/views.ts', '!main/batch/batch-service.ts', '!main/batch/journal-schema.ts'],
  coverageAnalysis: 'perTest',
  concurrency: 2,
  timeoutMS: 30_000,
  reporters: ['clear-text', 'progress', 'json'],
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
};
