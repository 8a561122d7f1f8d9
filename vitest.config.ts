import { defineConfig } from 'vitest/config';
import SlowFirstSequencer from './tests/slow-first-sequencer.ts';

/**
 * Lanes (docs/testing.md, "Lanes"): unit tests and integration tests run files side by side
 * on several workers, since most of an integration test's time is spent waiting on child
 * processes and sockets; the infrastructure lane (PostgreSQL, CUPS, the keychain, whole
 * fresh installs) runs beside them on one PostgreSQL and one CUPS for the run.
 */
const INFRASTRUCTURE = [
  'tests/integration/cli-setup.test.ts',
  'tests/integration/cups-printing.test.ts',
  'tests/integration/doc-runner.test.ts',
  'tests/integration/fleet-*.test.ts',
  'tests/integration/fresh-install.test.ts',
  'tests/integration/keychain.test.ts',
  'tests/integration/stalls.test.ts',
];

export default defineConfig({
  test: {
    environment: 'node',
    globalSetup: ['tests/global-setup.ts'],
    // Safety nets only, generous enough for a machine under load: no test measures time.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Workers wait more than they compute; four keep two cores busy.
    maxWorkers: 4,
    sequence: { sequencer: SlowFirstSequencer },
    // The ZPL renderer is one 9 MB file of WebAssembly in JavaScript: loaded as it is, not transformed.
    server: { deps: { external: [/zpl-renderer-js/] } },
    projects: [
      // Unit tests are pure: a worker keeps the modules it loaded for the next file (half the lane's CPU
      // went on loading them again); a test that spies on a module restores it.
      { extends: true, test: { name: 'unit', include: ['tests/unit/**/*.test.ts'], isolate: false } },
      { extends: true, test: { name: 'integration', include: ['tests/integration/**/*.test.ts'], exclude: INFRASTRUCTURE } },
      {
        extends: true,
        test: { name: 'infrastructure', include: INFRASTRUCTURE, globalSetup: ['tests/infrastructure-setup.ts'] },
      },
    ],
  },
});
