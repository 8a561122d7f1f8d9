/** Every temporary folder of an end-to-end run goes under one folder, removed when the run ends (docs/testing.md, "Temporary folders"). */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function setup(): () => void {
  const root = mkdtempSync(join(tmpdir(), 'simfleet-e2e-run-'));
  // PostgreSQL runs as its own user and must reach its folder inside this one.
  chmodSync(root, 0o755);
  process.env['TMPDIR'] = root;
  return () => rmSync(root, { recursive: true, force: true });
}
