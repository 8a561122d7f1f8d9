import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

describe('npm start without the Electron binary', () => {
  it('says so in one sentence, with how to install it, and exits non-zero', () => {
    // An electron package as ELECTRON_SKIP_BINARY_DOWNLOAD leaves it: no path.txt, no dist/.
    const pkg = mkdtempSync(join(tmpdir(), 'simfleet-electron-'));
    writeFileSync(join(pkg, 'package.json'), '{"name":"electron","version":"41.0.0"}');
    const run = spawnSync(process.execPath, ['scripts/start.mjs'], { encoding: 'utf8', env: { ...process.env, SIMFLEET_ELECTRON_PACKAGE_DIR: pkg } });
    expect(run.status).toBe(1);
    const lines = run.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^SimFleet cannot start because the Electron binary is not installed on this machine: run `npm install` again with internet access/);
    expect(lines[0]).toContain('npm run dev:web');
  });
});
