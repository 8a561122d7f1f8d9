// `npm test`: the set-up first (docs/setup.md), then every check: typecheck, lint,
// format, build, unit + integration tests, end-to-end tests in Chromium.
import { spawnSync } from 'node:child_process';
import { ensureSetup } from './setup.mjs';

ensureSetup('test');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const r = spawnSync(npm, ['run', '--silent', 'test:all'], { stdio: 'inherit' });
process.exit(r.status ?? 1);
