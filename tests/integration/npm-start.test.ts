import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';

/** Waits for a file the opener writes (a child process of a child: no event reaches this one), failing after 30 s. */
async function until(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('the browser opener was not run in 30 s');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('npm start without the Electron binary', () => {
  it('serves the same UI on loopback, says so with the address, opens the browser without the token on its command line, and stops on Ctrl+C', async () => {
    // An electron package as an install that skipped its download leaves it: no path.txt, no dist/.
    const pkg = mkdtempSync(join(tmpdir(), 'simfleet-electron-'));
    writeFileSync(join(pkg, 'package.json'), '{"name":"electron","version":"41.0.0"}');
    const dataRoot = mkdtempSync(join(tmpdir(), 'simfleet-start-'));
    // A display, and a browser opener that writes down the command line it was given (what `ps` would show).
    const bin = mkdtempSync(join(tmpdir(), 'simfleet-opener-'));
    const opened = join(bin, 'argv.txt');
    writeFileSync(join(bin, 'xdg-open'), `#!/bin/sh\nprintf '%s\\n' "$@" > '${opened}'\n`, { mode: 0o755 });
    const child = spawn(process.execPath, ['scripts/start.mjs'], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        SIMFLEET_ELECTRON_PACKAGE_DIR: pkg,
        SIMFLEET_DATA_DIR: dataRoot,
        DISPLAY: ':99',
        WAYLAND_DISPLAY: '',
        PATH: `${bin}:${process.env['PATH'] ?? ''}`,
      },
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
    const token = new URL(url).searchParams.get('token')!;
    const page = await fetch(url, { headers: { connection: 'close' } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<title>SimFleet</title>');
    // The browser was given a one-time launch address, never the token.
    await until(() => existsSync(opened) && readFileSync(opened, 'utf8').includes('\n'));
    const argv = readFileSync(opened, 'utf8').trim();
    expect(argv).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?launch=[\w-]+$/);
    expect(argv).not.toContain(token);
    const launched = await fetch(argv, { headers: { connection: 'close' } });
    expect(await launched.text()).toContain(`<meta name="simfleet-session" content="${token}">`);
    expect((await fetch(argv, { headers: { connection: 'close' } })).status).toBe(401);
    child.kill('SIGINT');
    expect(await exited).toBe(0);
  }, 180_000);
});
