// `npm run test:all` (what `npm test` runs after the set-up): the build once, then three
// streams side by side: the Node lanes (their output live), the end-to-end tests in
// Chromium, and the static checks one after another (each printed once the Node lanes and
// it are done), then one closing line (docs/testing.md, "Lanes"). The e2e lane spends most
// of its time waiting on the screen and on rate-limited batches, so beside the Node lanes it
// costs little more than its own CPU.
import { spawn } from 'node:child_process';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/**
 * Runs `npm run <script>`; resolves to its exit code, and to its output when buffered (so
 * side-by-side streams stay readable), with its wall time.
 */
function run(script, { buffered = false } = {}) {
  return new Promise((resolve) => {
    const started = Date.now();
    // The build below is the run's one build: the Node lanes do not build the CLI again (tests/global-setup.ts).
    const env = { ...process.env, SIMFLEET_TEST_BUILT: '1' };
    const child = spawn(npm, ['run', '--silent', script], { env, stdio: buffered ? ['ignore', 'pipe', 'pipe'] : 'inherit' });
    let output = '';
    if (buffered) for (const stream of [child.stdout, child.stderr]) stream.on('data', (chunk) => (output += chunk));
    const done = (code) => {
      const seconds = Math.round((Date.now() - started) / 1000);
      resolve({ script, code, output: `${output}${code === 0 ? 'ok' : 'FAILED'}: npm run ${script} (${seconds} s)\n` });
    };
    let settled = false;
    let late = null;
    const once = (code) => {
      clearTimeout(late);
      if (settled) return;
      settled = true;
      done(code);
    };
    child.once('error', (error) => {
      output += `${String(error)}\n`;
      once(1);
    });
    // 'close' comes when the output has been read to its end (a failure's summary is at the end); a process the
    // script left behind holding the pipe would delay it for ever, so the exit is taken as the end 5 s later.
    child.once('close', (code) => once(code ?? 1));
    child.once('exit', (code) => (late = setTimeout(() => once(code ?? 1), 5_000)));
  });
}

/** The scripts one after another, buffered; resolves to their results. */
async function inTurn(scripts) {
  const results = [];
  for (const script of scripts) results.push(await run(script, { buffered: true }));
  return results;
}

const start = Date.now();
const built = await run('build');
process.stdout.write(built.output);
if (built.code !== 0) process.exit(1);
const checks = inTurn(['typecheck', 'lint', 'format:check', 'lint:deps']);
const e2e = run('test:e2e', { buffered: true });
const node = await run('test:node');
process.stdout.write(node.output);
const results = [node];
for (const pending of [e2e, checks]) {
  for (const result of [await pending].flat()) {
    process.stdout.write(result.output);
    results.push(result);
  }
}
const summary = await run('test:summary');
process.stdout.write(summary.output);
const failed = [...results, summary].filter((r) => r.code !== 0).map((r) => r.script);
if (failed.length > 0) console.log(`Failed: ${failed.join(', ')}`);
console.log(`Suite finished in ${Math.round((Date.now() - start) / 1000)} s`);
process.exit(failed.length > 0 ? 1 : 0);
