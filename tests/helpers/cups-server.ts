/**
 * CUPS for the tests (one for the run in the infrastructure lane, docs/testing.md, "Lanes"): its own cupsd (configuration, spool and logs in a temp
 * folder, listening on a socket there), with one virtual printer, `SimFleetPDF`, backed by
 * cups-pdf, which writes each printed job as a PDF. Clients reach it through
 * `CUPS_SERVER`. The system's own CUPS is never touched. cups-pdf writes into the
 * submitting user's `~/PDF` (its fixed configuration, /etc/cups/cups-pdf.conf), so a job is
 * found there by its unique title.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';

export interface CupsServer {
  /** Environment for CUPS clients (lp, lpstat) to use this server. */
  readonly env: NodeJS.ProcessEnv;
  readonly queue: string;
  /** Waits for the PDF cups-pdf wrote for a job whose title starts with `title`. */
  printed(title: string, timeoutMs?: number): Promise<Buffer>;
  stop(): Promise<void>;
}

const PPD = '/usr/share/ppd/cups-pdf/CUPS-PDF_opt.ppd';

/** Set by tests/infrastructure-setup.ts: the socket of the run's one cupsd, for every file of the infrastructure lane. */
const SHARED = 'SIMFLEET_TEST_CUPS';
const QUEUE = 'SimFleetPDF';

/** The run's one cupsd (tests/infrastructure-setup.ts); returns its teardown. */
export async function startSharedCups(): Promise<() => Promise<void>> {
  // A PDF left by an earlier run (killed before it read its job) must not pass for this run's.
  const out = join(homedir(), 'PDF');
  if (existsSync(out)) for (const f of readdirSync(out)) if (f.startsWith('SimFleet') && f.endsWith('.pdf')) rmSync(join(out, f), { force: true });
  const cups = await launchCups();
  process.env[SHARED] = cups.env['CUPS_SERVER'];
  return () => cups.stop();
}

/** The CUPS of a test file: in the infrastructure lane the run's one cupsd (left running by `stop`), elsewhere a private one. */
export async function startCups(): Promise<CupsServer> {
  const shared = process.env[SHARED];
  if (!shared) return launchCups();
  return { env: { ...process.env, CUPS_SERVER: shared }, queue: QUEUE, printed, stop: async () => undefined };
}

async function launchCups(): Promise<CupsServer> {
  const root = mkdtempSync(join(tmpdir(), 'simfleet-cups-'));
  for (const dir of ['spool/tmp', 'cache', 'state', 'log', 'run', 'ppd']) mkdirSync(join(root, dir), { recursive: true, mode: 0o755 });
  const socket = join(root, 'run', 'cups.sock');
  writeFileSync(
    join(root, 'cupsd.conf'),
    [
      'LogLevel warn',
      `Listen ${socket}`,
      'Browsing Off',
      'DefaultAuthType None',
      'WebInterface No',
      '<Location />\n  Order allow,deny\n  Allow all\n</Location>',
      '<Location /admin>\n  Order allow,deny\n  Allow all\n</Location>',
      '<Policy default>\n  <Limit All>\n    Order deny,allow\n  </Limit>\n</Policy>',
    ].join('\n'),
  );
  writeFileSync(
    join(root, 'cups-files.conf'),
    [
      `ServerRoot ${root}`,
      `RequestRoot ${join(root, 'spool')}`,
      `TempDir ${join(root, 'spool', 'tmp')}`,
      `CacheDir ${join(root, 'cache')}`,
      `StateDir ${join(root, 'state')}`,
      `AccessLog ${join(root, 'log', 'access_log')}`,
      `ErrorLog ${join(root, 'log', 'error_log')}`,
      `PageLog ${join(root, 'log', 'page_log')}`,
    ].join('\n'),
  );
  const daemon: ChildProcess = spawn('cupsd', ['-f', '-c', join(root, 'cupsd.conf'), '-s', join(root, 'cups-files.conf')], { stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => daemon.once('exit', () => resolve()));
  const env = { ...process.env, CUPS_SERVER: socket };
  // Ready when the socket answers; a daemon that died says why in its log.
  for (let i = 0; ; i++) {
    if (existsSync(socket) && spawnOk('lpstat', ['-r'], env)) break;
    if (daemon.exitCode !== null || i > 100) {
      const log = existsSync(join(root, 'log', 'error_log')) ? readFileSync(join(root, 'log', 'error_log'), 'utf8') : '(no log)';
      throw new Error(`the test cupsd did not start: ${log}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  execFileSync('lpadmin', ['-p', QUEUE, '-v', 'cups-pdf:/', '-P', PPD, '-E'], { env, stdio: 'ignore' });
  return {
    env,
    queue: QUEUE,
    printed,
    async stop() {
      daemon.kill('SIGTERM');
      await exited;
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** Waits for the PDF cups-pdf wrote for a job whose title starts with `title`. */
async function printed(title: string, timeoutMs = 120_000): Promise<Buffer> {
  const out = join(homedir(), 'PDF');
  const prefix = title.replace(/[^\w-]/g, '_');
  for (const until = Date.now() + timeoutMs; Date.now() < until;) {
    const found = existsSync(out) ? readdirSync(out).find((f) => f.startsWith(prefix) && f.endsWith('.pdf')) : undefined;
    // cups-pdf writes the file, then finishes: wait until its size stops changing.
    if (found) {
      const path = join(out, found);
      const size = statSync(path).size;
      await new Promise((resolve) => setTimeout(resolve, 200));
      if (size > 0 && statSync(path).size === size) {
        const bytes = readFileSync(path);
        rmSync(path);
        return bytes;
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`cups-pdf wrote no PDF titled ${title} in ${out}`);
}

function spawnOk(command: string, args: string[], env: NodeJS.ProcessEnv): boolean {
  try {
    execFileSync(command, args, { env, stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
