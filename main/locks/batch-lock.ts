/**
 * One batch, one process (docs/exactly-once.md, rule 9). A batch journal is locked
 * with proper-lockfile (a lock directory whose mtime the holder refreshes, so a lock
 * left by a killed process goes stale and can be taken), and the holder writes who it
 * is beside it, so a second process can say "running in SimFleet, pid N, since …".
 */
import fs from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { hostname } from 'node:os';
import lockfile from 'proper-lockfile';
import { z } from 'zod';
import { UserError } from '../errors/user-error';
import { elapsedMs, systemInstant, type Instant, type InstantSource } from '../coordination/send-permit';

/** Which surface holds a lock, for the message another process shows. */
export type LockSurface = 'SimFleet' | 'simfleet CLI' | 'the SimFleet test host';

const HolderSchema = z.object({
  v: z.literal(1),
  surface: z.string(),
  pid: z.number().int(),
  host: z.string(),
  since: z.string(),
});
export type LockHolder = z.infer<typeof HolderSchema>;

/**
 * A lock older than this without a refresh belongs to a dead process (it is refreshed
 * every STALE_MS / 4): short enough that a crashed batch can be resumed within seconds,
 * long enough that a busy event loop does not lose it (a lost lock pauses the batch).
 */
export const STALE_MS = 6_000;

export interface HeldLock {
  readonly holder: LockHolder;
  /**
   * The moment (both clocks) *before* the last refresh of the lock that succeeded: the lock,
   * and the claims it keeps alive, are this process's until STALE_MS after it at the
   * earliest (docs/exactly-once.md, "The fence"). Null once the lock was lost or released.
   */
  refreshedAt(): Instant | null;
  /** Resolves once the lock is released; safe to call twice. */
  release(): Promise<void>;
}

export interface LockOptions {
  readonly surface: LockSurface;
  /** Wait for the holder to finish instead of refusing (the CLI's `--wait`). */
  readonly wait?: boolean;
  /** Called if the lock was lost (the event loop stalled past STALE_MS and another process took it): stop sending. */
  readonly onLost?: (error: Error) => void;
  readonly signal?: AbortSignal;
  /** The clocks the refresh moments are read from (tests). */
  readonly now?: InstantSource;
}

/**
 * The file system proper-lockfile works through, noting the moment before each lock
 * creation (mkdir) and refresh (utimes) that succeeded: those renew what the lock keeps alive.
 * A refresh due after the lock could have gone stale (the process stalled) is not made: it
 * fails, so proper-lockfile gives the lock up as compromised instead of touching a lock
 * another process may have taken in the meantime.
 */
function refreshNotingFs(now: InstantSource, last: () => Instant | null, noted: (at: Instant) => void): typeof fs {
  const wrapped = Object.create(fs) as Record<string, unknown>;
  wrapped['mkdir'] = (path: fs.PathLike, ...rest: unknown[]) => {
    const before = now();
    const callback = rest.pop() as (error: NodeJS.ErrnoException | null) => void;
    (fs.mkdir as (...args: unknown[]) => void)(path, ...rest, (error: NodeJS.ErrnoException | null) => {
      if (!error) noted(before);
      callback(error);
    });
  };
  wrapped['utimes'] = (path: fs.PathLike, atime: fs.TimeLike, mtime: fs.TimeLike, callback: (error: NodeJS.ErrnoException | null) => void) => {
    const before = now();
    const previous = last();
    if (previous !== null && elapsedMs(previous, before) >= STALE_MS) {
      callback(Object.assign(new Error(`The lock on ${String(path)} went stale while the process stalled.`), { code: 'ESTALE_LOCK' }));
      return;
    }
    fs.utimes(path, atime, mtime, (error) => {
      if (!error) noted(before);
      callback(error);
    });
  };
  return wrapped as unknown as typeof fs;
}

const holderPath = (file: string): string => `${file}.holder.json`;
const lockOptions = { realpath: false, stale: STALE_MS, update: STALE_MS / 4 } as const;

/** Reads who holds the lock on `file`, if anyone says so. */
export async function lockHolder(file: string): Promise<LockHolder | null> {
  try {
    const parsed = HolderSchema.safeParse(JSON.parse(await readFile(holderPath(file), 'utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Whether a live process holds the lock on `file` right now. */
export function isLocked(file: string): Promise<boolean> {
  return lockfile.check(file, lockOptions);
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** "running in simfleet CLI, pid 4242 on kit-02, since 2026-11-30 05:12:09 UTC" */
export function describeHolder(holder: LockHolder | null): string {
  if (!holder) return 'running in another SimFleet process';
  const since = holder.since.replace('T', ' ').slice(0, 19);
  if (holder.host === hostname() && !processAlive(holder.pid)) {
    return (
      `locked by ${holder.surface}, pid ${holder.pid}, which has stopped (since ${since} ` +
      `UTC); its lock expires within ${STALE_MS / 1000} s, so try again in a moment`
    );
  }
  const host = holder.host === hostname() ? '' : ` on ${holder.host}`;
  return `running in ${holder.surface}, pid ${holder.pid}${host}, since ${since} UTC`;
}

function isElocked(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'ELOCKED';
}

/**
 * Takes the lock on a batch journal, or refuses with who holds it (`batch_locked`).
 * With `wait`, polls until the holder releases it (or its lock goes stale).
 */
export async function lockBatch(file: string, label: string, options: LockOptions): Promise<HeldLock> {
  let release: () => Promise<void>;
  let refreshed: Instant | null = null;
  let lost = false;
  const lockFs = refreshNotingFs(
    options.now ?? systemInstant,
    () => refreshed,
    (at) => {
      refreshed = at;
    },
  );
  await mkdir(dirname(file), { recursive: true });
  for (;;) {
    try {
      release = await lockfile.lock(file, {
        ...lockOptions,
        fs: lockFs,
        onCompromised: (error) => {
          lost = true;
          options.onLost?.(error);
        },
      });
      break;
    } catch (error) {
      if (!isElocked(error)) throw error;
      if (!options.wait) {
        throw new UserError(
          'batch_locked',
          `Batch ${label} is ${describeHolder(await lockHolder(file))}. Only one process ` +
            `may run a batch: wait for it to finish or pause it there (add --wait to wait).`,
        );
      }
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(resolve, 500);
        options.signal?.addEventListener('abort', () => {
          clearTimeout(timer);
          reject(new UserError('lock_wait_aborted', `Stopped waiting for batch ${label}.`));
        });
      });
    }
  }
  const holder: LockHolder = { v: 1, surface: options.surface, pid: process.pid, host: hostname(), since: new Date().toISOString() };
  await writeFile(holderPath(file), `${JSON.stringify(holder)}\n`, { mode: 0o600 });
  let released: Promise<void> | null = null;
  return {
    holder,
    refreshedAt: () => (lost || released ? null : refreshed),
    release() {
      released ??= (async () => {
        await rm(holderPath(file), { force: true });
        await release().catch((error: unknown) => {
          // Already released (compromised and taken over): nothing more to give back.
          if ((error as NodeJS.ErrnoException).code !== 'ERELEASED') throw error;
        });
      })();
      return released;
    },
  };
}
