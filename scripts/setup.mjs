// The set-up `npm start` and `npm test` do first (docs/setup.md), with Node's built-ins
// only, since nothing else is installed yet: the Debian packages from
// scripts/system-packages.json (installed as root, otherwise named with the exact
// command), then the npm dependencies, re-installed only when package-lock.json changed.
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const say = (text) => process.stderr.write(`simfleet setup: ${text}\n`);

function has(command) {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

/** Debian packages not installed yet, of those `need`ed for this purpose. */
function missingPackages(purpose) {
  const { packages } = JSON.parse(readFileSync(join(root, 'scripts', 'system-packages.json'), 'utf8'));
  const wanted = packages.filter((p) => purpose === 'test' || p.need === 'start');
  return wanted.filter((p) => {
    const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', p.name], { encoding: 'utf8' });
    return r.status !== 0 || !r.stdout.includes('install ok installed');
  });
}

function systemPackages(purpose) {
  if (process.platform !== 'linux' || !has('dpkg-query')) return;
  const missing = missingPackages(purpose);
  if (missing.length === 0) return;
  const names = missing.map((p) => p.name);
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (isRoot && has('apt-get')) {
    say(`installing Debian packages: ${names.join(' ')}`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    const update = spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    const install =
      update.status === 0 ? spawnSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...names], { stdio: 'inherit', env }) : update;
    if (install.status === 0) return;
    say('could not install them (see above); carrying on without them.');
  }
  say(`these Debian packages are missing; install them with:\n\n    sudo apt-get install -y ${names.join(' ')}\n`);
  for (const p of missing) say(`  ${p.name}: ${p.for}`);
  say('carrying on: practice mode works without them.');
}

/** The lockfile's hash: the dependencies are installed once per lockfile. */
function lockHash() {
  const hash = createHash('sha256');
  for (const file of ['package.json', 'package-lock.json']) hash.update(readFileSync(join(root, file)));
  return hash.digest('hex');
}

function npmDependencies() {
  const marker = join(root, 'node_modules', '.simfleet-installed');
  const wanted = lockHash();
  if (existsSync(marker) && readFileSync(marker, 'utf8').trim() === wanted) return;
  say('installing npm dependencies (npm ci)…');
  // The Electron binary is fetched on demand by `npm start` (package.json's allowScripts
  // already denies its download script; the variable covers npm versions that ignore it).
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const r = spawnSync(npm, ['ci', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit', env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' } });
  if (r.status !== 0) {
    say('`npm ci` failed (see above). Fix the cause and run the command again.');
    process.exit(r.status ?? 1);
  }
  mkdirSync(dirname(marker), { recursive: true });
  writeFileSync(marker, `${wanted}\n`);
}

/** Does what is missing for `start` or `test`, and nothing when it is all there. */
export function ensureSetup(purpose) {
  systemPackages(purpose);
  npmDependencies();
}

if (process.argv[1] === fileURLToPath(import.meta.url)) ensureSetup(process.argv[2] === 'start' ? 'start' : 'test');
