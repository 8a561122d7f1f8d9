import { defineConfig } from 'vitest/config';

// The tests that guard main/batch/, in-process only (spawned CLIs would not run the mutant).
export default defineConfig({
  test: {
    include: [
      'tests/unit/classify.test.ts',
      'tests/unit/gate.test.ts',
      'tests/integration/engine.test.ts',
      'tests/integration/engine-shape.test.ts',
      'tests/integration/journal-damage.test.ts',
      'tests/integration/batch-service.test.ts',
    ],
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
