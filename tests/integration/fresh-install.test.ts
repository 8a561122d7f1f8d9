/**
 * A fresh clone installs with a plain `npm install`, offline from anything but the npm
 * registry: the project's own package.json denies Electron's download script (no
 * environment variable), so the install neither fails nor fetches the binary.
 *
 * The clone gets this checkout's other packages as hard links, and npm installs Electron,
 * the one package whose install script matters here, deciding from the clone's package.json
 * whether to run it: the whole tree's install costs a minute of CPU and proves nothing more
 * (`bash .ci/run` installs the whole tree in a clean clone anyway; docs/testing.md, "Lanes").
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';

describe('a fresh clone', () => {
  it('installs Electron with a plain npm install, skipping its download by the project’s own config', () => {
    const root = mkdtempSync(join(tmpdir(), 'simfleet-clone-'));
    onTestFinished(() => rmSync(root, { recursive: true, force: true }));
    const dir = join(root, 'simfleet');
    expect(spawnSync('git', ['clone', '-q', process.cwd(), dir]).status).toBe(0);
    // Links, not copies: npm replaces a package's folder rather than writing into its files, so this checkout's stay as they are.
    // Where the temporary folder is on another file system (a tmpfs), links cannot be made: a copy does the same, slower.
    const from = join(process.cwd(), 'node_modules');
    const linked = spawnSync('cp', ['-al', from, join(dir, 'node_modules')], { encoding: 'utf8' });
    if (linked.status !== 0) {
      rmSync(join(dir, 'node_modules'), { recursive: true, force: true });
      const copied = spawnSync('cp', ['-a', from, join(dir, 'node_modules')], { encoding: 'utf8' });
      expect(copied.status, `${linked.stderr}${copied.stderr}`).toBe(0);
    }
    // Without Electron and without npm's record of the tree, npm reads the tree and installs Electron as a fresh clone would.
    rmSync(join(dir, 'node_modules', 'electron'), { recursive: true, force: true });
    rmSync(join(dir, 'node_modules', '.package-lock.json'), { force: true });
    const env = { ...process.env };
    delete env['ELECTRON_SKIP_BINARY_DOWNLOAD'];
    delete env['npm_config_ignore_scripts'];
    // A limit of its own: a synchronous child cannot be interrupted by the test's time limit.
    const install = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline'], { cwd: dir, env, encoding: 'utf8', timeout: 300_000 });
    expect(install.status, install.stderr.slice(-2000)).toBe(0);
    // Electron was installed here, and its download script never ran: no binary, no path file.
    expect(existsSync(join(dir, 'node_modules', 'electron', 'install.js'))).toBe(true);
    expect(existsSync(join(dir, 'node_modules', 'electron', 'path.txt'))).toBe(false);
    expect(existsSync(join(dir, 'node_modules', 'electron', 'dist'))).toBe(false);
  }, 360_000);
});
