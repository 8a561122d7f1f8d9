// `npm start`: builds, then runs the Electron app. Without the Electron binary it says
// so in one sentence and exits non-zero instead of failing deep inside Electron.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

function electronBinary() {
  let pkgDir = process.env.SIMFLEET_ELECTRON_PACKAGE_DIR; // tests point this at a package without its binary
  try {
    pkgDir ??= dirname(require.resolve('electron/package.json'));
  } catch {
    return null;
  }
  const pathFile = join(pkgDir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const binary = join(pkgDir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : null;
}

const binary = electronBinary();
if (binary === null) {
  console.error(
    'SimFleet cannot start because the Electron binary is not installed on this machine: run `npm install` again with internet access and without ELECTRON_SKIP_BINARY_DOWNLOAD (or `node node_modules/electron/install.js`), or use `npm run dev:web` to open the same UI in a browser.',
  );
  process.exit(1);
}

const build = spawnSync(process.execPath, [require.resolve('electron-vite/bin/electron-vite.js'), 'build'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const child = spawn(binary, ['.'], { stdio: 'inherit', env: { ...process.env, ELECTRON_RUN_AS_NODE: undefined } });
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
