// `npm run test:all` (what `npm test` runs after the set-up): the static checks two at a
// time (each is one busy core), the build, the Node lanes, the end-to-end tests in
// Chromium, and one closing line (docs/testing.md, "Lanes").
import { spawn } from 'node:child_process';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** Runs `npm run <script>`, its output buffered so two at once stay readable; resolves to its exit code. */
function run(script, { buffered = false } = {}) {
  return new Promise((resolve) => {
    // The build below is the run's one build: the Node lanes do not build the CLI again (tests/global-setup.ts).
    const env = { ...process.env, SIMFLEET_TEST_BUILT: '1' };
    const child = spawn(npm, ['run', '--silent', script], { env, stdio: buffered ? ['ignore', 'pipe', 'pipe'] : 'inherit' });
    let output = '';
    if (buffered) for (const stream of [child.stdout, child.stderr]) stream.on('data', (chunk) => (output += chunk));
    child.once('exit', (code) => {
      if (buffered) process.stdout.write(output);
      console.log(`${code === 0 ? 'ok' : 'FAILED'}: npm run ${script}`);
      resolve(code ?? 1);
    });
  });
}

async function twoAtATime(scripts) {
  const queue = [...scripts];
  const codes = [];
  const worker = async () => {
    while (queue.length > 0) codes.push(await run(queue.shift(), { buffered: true }));
  };
  await Promise.all([worker(), worker()]);
  return codes.every((code) => code === 0);
}

const start = Date.now();
const checked = await twoAtATime(['typecheck', 'lint', 'format:check', 'lint:deps']);
if (!checked || (await run('build')) !== 0) process.exit(1);
const node = await run('test:node');
const e2e = await run('test:e2e');
const summary = await run('test:summary');
console.log(`Suite finished in ${Math.round((Date.now() - start) / 1000)} s`);
process.exit(node || e2e || summary ? 1 : 0);
