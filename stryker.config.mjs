// Mutation run of the batch engine (docs/testing.md): `npm run mutation`. Not part of
// CI (it takes tens of minutes); its score is reported in the stop notes.
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutation.config.ts' },
  // The exactly-once rules: outcome classification, the gate, the journal reducer, and the
  // engine's job check, send, outcome and lookup paths (line ranges). A run over all of
  // main/batch/ takes hours on two cores; the rest is covered by the other tests.
  mutate: [
    'main/batch/classify.ts',
    'main/batch/gate.ts',
    'main/batch/derive.ts:93-247',
    'main/batch/engine.ts:414-430',
    'main/batch/engine.ts:512-629',
    'main/batch/engine.ts:685-721',
  ],
  coverageAnalysis: 'perTest',
  concurrency: 2,
  timeoutMS: 30_000,
  reporters: ['clear-text', 'progress', 'json'],
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
};
