import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';

describe('npm start without the Electron binary', () => {
  it('serves the same UI on loopback, says so in one line with the address, and stops on Ctrl+C', async () => {
    // An electron package as an install that skipped its download leaves it: no path.txt, no dist/.
    const pkg = mkdtempSync(join(tmpdir(), 'simfleet-electron-'));
    writeFileSync(join(pkg, 'package.json'), '{"name":"electron","version":"41.0.0"}');
    const dataRoot = mkdtempSync(join(tmpdir(), 'simfleet-start-'));
    const child = spawn(process.execPath, ['scripts/start.mjs'], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, SIMFLEET_ELECTRON_PACKAGE_DIR: pkg, SIMFLEET_DATA_DIR: dataRoot, DISPLAY: '', WAYLAND_DISPLAY: '' },
    });
    let stderr = '';
    child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const line = await new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout! }).once('line', resolve);
      void exited.then((code) => reject(new Error(`npm start exited ${code}: ${stderr}`)));
    });
    expect(line).toMatch(
      /^SimFleet is running in your browser because the Electron binary is not installed: open http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+ \(Ctrl\+C to stop\)$/,
    );
    const url = /open (\S+) /.exec(line)![1]!;
    const page = await fetch(url, { headers: { connection: 'close' } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<title>SimFleet</title>');
    child.kill('SIGINT');
    expect(await exited).toBe(0);
  }, 180_000);
});
