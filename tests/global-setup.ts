/**
 * Tests run what is in the tree: the CLI bundle that tests spawn through
 * bin/simfleet.mjs is rebuilt from the sources before any test starts, so an edit is
 * never tested against a stale out/cli build.
 */
import { execFileSync } from 'node:child_process';

export default function setup(): void {
  execFileSync(process.execPath, ['scripts/build-cli.mjs'], { stdio: 'inherit' });
}
