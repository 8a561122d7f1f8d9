// Mutation run of the batch engine (docs/testing.md): `npm run mutation`. Not part of
// CI (it takes tens of minutes); its score is reported in the stop notes.
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutation.config.ts' },
  // The exactly-once rules: the engine, outcome classification, the journal reducer and
  // the gate. (The screen formatting, service wiring and zod schemas are covered by other
  // tests; a run over them takes hours on two cores.)
  mutate: ['main/batch/engine.ts', 'main/batch/classify.ts', 'main/batch/derive.ts', 'main/batch/gate.ts'],
  coverageAnalysis: 'perTest',
  concurrency: 2,
  timeoutMS: 30_000,
  reporters: ['clear-text', 'progress', 'json'],
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
};
