/**
 * CUPS queues (Linux and macOS) through the standard command-line clients: `lpstat` to
 * list queues and follow a job, `lp` to send a PDF at the stock's page size with no
 * scaling, so the labels land where the layout put them (docs/printing.md). The server is
 * the system's, or the one `CUPS_SERVER` names.
 */
import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { UserError } from '../errors/user-error';

const run = promisify(execFile);

export interface CupsQueue {
  readonly name: string;
  readonly isDefault: boolean;
}

export type CupsJobState = 'pending' | 'completed' | 'gone';

function cupsUnavailable(error: unknown): UserError {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') {
    return new UserError(
      'cups_unavailable',
      'The CUPS printing tools (lp, lpstat) are not installed: install CUPS (sudo apt-get install cups-client) to print to a queue.',
    );
  }
  const detail = ((error as { stderr?: string }).stderr ?? (error as Error).message ?? '').trim().split('\n')[0];
  return new UserError('cups_unavailable', `CUPS did not answer (${detail}). Check that the CUPS service is running (lpstat -r).`);
}

/** The CUPS scheduler was not there to take the job (stopped, or its socket unreachable): not the queue's fault. */
const SCHEDULER_AWAY = /scheduler not responding|unable to connect|connection refused|no such file or directory|bad file descriptor/i;
/** The queue name is not one CUPS knows. */
const NO_SUCH_QUEUE = /does not exist|unknown destination|not found/i;

/** Why `lp` did not take a job, blaming what is to blame: `schedulerRunning` is what `lpstat -r` said. */
export function lpFailure(queue: string, reason: string, schedulerRunning: boolean): UserError {
  if (!schedulerRunning || SCHEDULER_AWAY.test(reason)) {
    return new UserError(
      'cups_unavailable',
      'CUPS is not running, or cannot be reached: start it (sudo systemctl start cups, or check CUPS_SERVER), then send again. Nothing was printed.',
    );
  }
  if (NO_SUCH_QUEUE.test(reason)) {
    return new UserError('cups_refused', `CUPS has no queue named ${queue} (${reason}): check the name with lpstat -p. Nothing was printed.`);
  }
  return new UserError('cups_refused', `CUPS refused the job for ${queue}: ${reason}. Check that the queue accepts jobs (lpstat -p ${queue}).`);
}

/** The queues CUPS knows, the default first-marked. */
export async function cupsQueues(env: NodeJS.ProcessEnv = process.env): Promise<CupsQueue[]> {
  let names: string;
  try {
    names = (await run('lpstat', ['-e'], { env })).stdout;
  } catch (error) {
    // "No destinations added" is an empty list, not a failure.
    if (/no destinations/i.test((error as { stderr?: string }).stderr ?? '')) return [];
    throw cupsUnavailable(error);
  }
  const fallback = await run('lpstat', ['-d'], { env }).then(
    (r) => /:\s*(\S+)\s*$/.exec(r.stdout.trim())?.[1] ?? null,
    () => null,
  );
  return names
    .split('\n')
    .map((n) => n.trim())
    .filter(Boolean)
    .map((name) => ({ name, isDefault: name === fallback }));
}

/**
 * Sends a PDF to a queue at exactly its page size: `media` is the stock's page, and
 * fitting or scaling is switched off (a driver that scales moves every label).
 */
export async function cupsPrintPdf(
  queue: string,
  pdf: Uint8Array,
  page: { readonly widthMm: number; readonly heightMm: number },
  title: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ jobId: string }> {
  const media = `Custom.${round(page.widthMm)}x${round(page.heightMm)}mm`;
  const args = ['-d', queue, '-t', title, '-o', `media=${media}`, '-o', 'fit-to-page=false', '-o', 'print-scaling=none', '-o', 'scaling=100', '--'];
  const { status, stdout, stderr, spawnError } = await new Promise<{ status: number | null; stdout: string; stderr: string; spawnError: Error | null }>(
    (resolve) => {
      const child = spawn('lp', args, { env, stdio: ['pipe', 'pipe', 'pipe'] });
      let out = '';
      let err = '';
      child.stdout.on('data', (c: Buffer) => (out += c.toString()));
      child.stderr.on('data', (c: Buffer) => (err += c.toString()));
      child.on('error', (error) => resolve({ status: null, stdout: out, stderr: err, spawnError: error }));
      child.on('close', (code) => resolve({ status: code, stdout: out, stderr: err, spawnError: null }));
      child.stdin.on('error', () => undefined);
      child.stdin.end(Buffer.from(pdf));
    },
  );
  if (spawnError) throw cupsUnavailable(spawnError);
  const jobId = /request id is (\S+)/.exec(stdout)?.[1];
  if (status !== 0 || !jobId) {
    // With the scheduler away, lp says "The printer or class does not exist": ask the scheduler before blaming the queue.
    const running = await run('lpstat', ['-r'], { env }).then(
      (r) => !/not running/i.test(r.stdout),
      () => false,
    );
    throw lpFailure(queue, stderr.trim().split('\n')[0] || `lp exited with ${status}`, running);
  }
  return { jobId };
}

/** Where a job stands: still queued or printing, completed, or no longer known (cancelled, aborted or purged). */
export async function cupsJobState(queue: string, jobId: string, env: NodeJS.ProcessEnv = process.env): Promise<CupsJobState> {
  const listed = async (which: 'not-completed' | 'completed'): Promise<boolean> => {
    try {
      const { stdout } = await run('lpstat', ['-W', which, '-o', queue], { env });
      return stdout.split('\n').some((line) => line.split(/\s+/)[0] === jobId);
    } catch (error) {
      throw cupsUnavailable(error);
    }
  };
  if (await listed('not-completed')) return 'pending';
  if (await listed('completed')) return 'completed';
  return 'gone';
}

/** Waits (polling) until the job leaves the queue or `timeoutMs` passes; answers its last state. */
export async function cupsWaitForJob(queue: string, jobId: string, timeoutMs: number, env: NodeJS.ProcessEnv = process.env): Promise<CupsJobState> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const state = await cupsJobState(queue, jobId, env);
    if (state !== 'pending' || Date.now() >= until) return state;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

const round = (mm: number): string => String(Math.round(mm * 100) / 100);
