/**
 * A disk that refuses a write (full, read-only, failing, over quota) is a fault the operator
 * can fix, never a crash (docs/exactly-once.md, "Disk faults"): the batch pauses, sends
 * nothing more, and names the folder and what to do.
 */
import { dirname } from 'node:path';
import { UserError } from '../errors/user-error';

/** The code of a UserError made from a disk fault. */
export const DISK_FAULT = 'disk_fault';

const WHAT: Readonly<Record<string, { readonly said: string; readonly todo: string }>> = {
  ENOSPC: { said: 'is full', todo: 'free some space on it' },
  EDQUOT: { said: 'is over its quota', todo: 'free some space or raise the quota' },
  EROFS: { said: 'became read-only', todo: 'check the disk (it may have been remounted read-only after an error)' },
  EIO: { said: 'reported an input/output error', todo: 'check the disk and its cable or share' },
  EFBIG: { said: 'refused a file that large', todo: 'free some space or move the data folder' },
};

/** The disk fault an error is, as a UserError naming the folder, or null for any other error. */
export function diskFault(error: unknown, fallbackPath?: string): UserError | null {
  if (error instanceof UserError) return error.code === DISK_FAULT ? error : null;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const what = code === undefined ? undefined : WHAT[code];
  if (!what) return null;
  const path = (error as NodeJS.ErrnoException).path ?? fallbackPath;
  const where = path ? `The disk holding ${dirname(path)}` : 'The disk holding the data folder';
  return new UserError(DISK_FAULT, `${where} ${what.said} (${code}). The batch paused itself and sends nothing more: ${what.todo}, then resume it.`, {
    errno: code,
    ...(path ? { path } : {}),
  });
}
