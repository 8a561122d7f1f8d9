/**
 * A fresh clone installs with a plain `npm install`, offline from anything but the npm
 * registry: the project's own package.json denies Electron's download script (no
 * environment variable), so the install neither fails nor fetches the binary.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';

describe('a fresh clone', () => {
  it('installs with a plain npm install, skipping the Electron download by its own config', () => {
    const root = mkdtempSync(join(tmpdir(), 'simfleet-clone-'));
    // Half a gigabyte of node_modules a run: removed whatever the outcome, or runs fill the disk.
    onTestFinished(() => rmSync(root, { recursive: true, force: true }));
    const dir = join(root, 'simfleet');
    expect(spawnSync('git', ['clone', '-q', process.cwd(), dir]).status).toBe(0);
    const env = { ...process.env };
    delete env['ELECTRON_SKIP_BINARY_DOWNLOAD'];
    delete env['npm_config_ignore_scripts'];
    const install = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline'], { cwd: dir, env, encoding: 'utf8', timeout: 600_000 });
    expect(install.status, install.stderr.slice(-2000)).toBe(0);
    // The download script never ran: no binary, no path file.
    expect(existsSync(join(dir, 'node_modules', 'electron', 'path.txt'))).toBe(false);
    expect(existsSync(join(dir, 'node_modules', 'electron', 'install.js'))).toBe(true);
  }, 600_000);
});
