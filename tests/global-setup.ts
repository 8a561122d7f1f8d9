/**
 * Before any test: the CLI bundle that tests spawn through bin/simfleet.mjs is rebuilt
 * from the sources, so an edit is never tested against a stale out/cli build; and every
 * temporary folder of this run (the tests', their child processes', PostgreSQL's) goes
 * under one folder, removed when the run ends (docs/testing.md, "Temporary folders").
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Set once the run's folder exists: each lane inherits this setup, and the run has one folder and one build. */
const RUN = 'SIMFLEET_TEST_RUN_DIR';

export default function setup(): () => void {
  if (process.env[RUN]) return () => undefined;
  // `npm test` has built everything just before (scripts/test-all.mjs): one build per run.
  if (process.env['SIMFLEET_TEST_BUILT'] !== '1') execFileSync(process.execPath, ['scripts/build-cli.mjs'], { stdio: 'inherit' });
  const root = mkdtempSync(join(tmpdir(), 'simfleet-run-'));
  // PostgreSQL runs as its own user and must reach its folder inside this one.
  chmodSync(root, 0o755);
  process.env['TMPDIR'] = root;
  process.env[RUN] = root;
  return () => rmSync(root, { recursive: true, force: true });
}
