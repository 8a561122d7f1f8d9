/**
 * Writes a whole file so that readers see the old one or the new one, never half: to a
 * temporary file beside it, synced, then renamed over it. The temporary file is created
 * exclusively (`wx`, which also refuses a link planted at its name) under a random name,
 * so nothing another user placed in the folder is followed or overwritten (docs/security.md).
 */
import { randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';

/** A temporary name beside `path` that nobody can predict. */
export function tempPathFor(path: string): string {
  return `${path}.${randomBytes(8).toString('hex')}.tmp`;
}

/** Creates a new temporary file beside `path`, writes `data` to it and syncs it; answers its name (the caller renames or links it). */
export async function writeTemp(path: string, data: string | Uint8Array, mode = 0o600): Promise<string> {
  const temp = tempPathFor(path);
  const handle = await open(temp, 'wx', mode);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } catch (error) {
    await handle.close();
    await rm(temp, { force: true });
    throw error;
  }
  await handle.close();
  return temp;
}

/** Replaces `path` with `data` atomically. */
export async function writeFileAtomic(path: string, data: string | Uint8Array, mode = 0o600): Promise<void> {
  const temp = await writeTemp(path, data, mode);
  try {
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}
