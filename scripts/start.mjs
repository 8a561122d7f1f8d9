// `npm start` (docs/setup.md): does the missing set-up, fetches the Electron binary on
// demand (npm never downloads it at install time), and runs the desktop app. Where the
// binary cannot be had (offline) or there is no display, it serves the same UI on
// loopback instead, prints its address in one line, opens the browser when it can, and
// stops cleanly on Ctrl+C.
import { spawn, spawnSync } from 'node:child_process';
import { lookup } from 'node:dns/promises';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { ensureSetup } from './setup.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
ensureSetup('start');
const require = createRequire(join(root, 'package.json'));

function electronPackageDir() {
  // Tests point this at a package without its binary.
  if (process.env.SIMFLEET_ELECTRON_PACKAGE_DIR) return process.env.SIMFLEET_ELECTRON_PACKAGE_DIR;
  try {
    return dirname(require.resolve('electron/package.json'));
  } catch {
    return null;
  }
}

function electronBinary(pkgDir) {
  if (!pkgDir) return null;
  const pathFile = join(pkgDir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const binary = join(pkgDir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : null;
}

/** Whether Electron's download host answers a name lookup within a few seconds (offline machines fail fast). */
async function canReachDownloads() {
  const host = new URL(process.env.ELECTRON_MIRROR ?? 'https://github.com/').hostname;
  const timeout = new Promise((resolve) => setTimeout(() => resolve(false), 3000).unref());
  return Promise.race([
    lookup(host).then(
      () => true,
      () => false,
    ),
    timeout,
  ]);
}

async function fetchElectron(pkgDir) {
  if (!pkgDir || !existsSync(join(pkgDir, 'install.js'))) return null;
  if (!(await canReachDownloads())) return 'there is no internet connection to download the Electron binary';
  process.stderr.write('Downloading the Electron binary (once)…\n');
  const r = spawnSync(process.execPath, [join(pkgDir, 'install.js')], { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8', timeout: 300_000 });
  return r.status === 0 ? null : 'the Electron binary could not be downloaded';
}

function build() {
  const r = spawnSync(process.execPath, [join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

const hasDisplay = process.platform !== 'linux' || Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
const pkgDir = electronPackageDir();
let binary = electronBinary(pkgDir);
let reason = null;
if (!binary) {
  reason = (await fetchElectron(pkgDir)) ?? null;
  binary = electronBinary(pkgDir);
  reason ??= binary ? null : 'the Electron binary is not installed';
}
if (binary && !hasDisplay) reason = 'there is no display for the desktop window';

build();

if (binary && reason === null) {
  const child = spawn(binary, ['.'], { cwd: root, stdio: 'inherit', env: { ...process.env, ELECTRON_RUN_AS_NODE: undefined } });
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
} else {
  // The same UI and services on loopback, with the practice simulator, in the app's own data folder.
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'main/devweb/index.ts'), '--app-data'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout });
  // The host says its address (token included, for this terminal only), then a one-time
  // launch address for the browser: a command line is visible to every user in `ps`.
  const told = [];
  lines.on('line', (line) => {
    if (told.length === 2) return void process.stdout.write(`${line}\n`);
    told.push(line);
    if (told.length < 2) return;
    const [url, launch] = told;
    process.stdout.write(`SimFleet is running in your browser because ${reason}: open ${url} (Ctrl+C to stop)\n`);
    process.stdout.write('This is a local browser session of your SimFleet data folder: the same batches and keychain as the app.\n');
    if (hasDisplay) {
      const opener = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
      spawn(opener, [launch], { stdio: 'ignore', detached: true })
        .on('error', () => undefined)
        .unref();
    }
  });
  // Ctrl+C reaches the host too (same process group); it closes and exits, then so do we.
  const forward = (signal) => child.kill(signal);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  child.on('exit', (code) => process.exit(code ?? 0));
}
