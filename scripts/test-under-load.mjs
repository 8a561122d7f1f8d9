// `npm run test:load`: the whole suite as CI runs it (`bash .ci/run` in a clean clone of
// this commit), with two CPU-burning processes beside it for the whole run, as on a busy
// CI machine (docs/testing.md, "Lanes"). Prints the suite's wall time; exits as CI did.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const BURNERS = 2;
const clone = mkdtempSync(join(tmpdir(), 'simfleet-load-'));
const cloned = spawnSync('git', ['clone', '-q', '.', clone], { stdio: 'inherit' });
if (cloned.status !== 0) process.exit(cloned.status ?? 1);

// Each burner keeps one core busy until it is stopped: a tight loop, as `stress --cpu` does.
const burners = Array.from({ length: BURNERS }, () => spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }));
console.log(`test:load: ${BURNERS} CPU burners running (pids ${burners.map((b) => b.pid).join(', ')}); bash .ci/run in ${clone}`);
const start = Date.now();
const ci = spawn('bash', ['.ci/run'], { cwd: clone, stdio: 'inherit' });
const code = await new Promise((resolve) => {
  ci.once('exit', (c) => resolve(c ?? 1));
  ci.once('error', (error) => {
    console.error(`test:load: could not start bash .ci/run: ${error.message}`);
    resolve(1);
  });
});
for (const b of burners) b.kill('SIGKILL');
console.log(
  `test:load: bash .ci/run ${code === 0 ? 'passed' : `failed (exit ${code})`} in ${Math.round((Date.now() - start) / 1000)} s beside ${BURNERS} CPU burners`,
);
rmSync(clone, { recursive: true, force: true });
process.exit(code);
