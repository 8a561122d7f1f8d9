/**
 * Where the desktop app saves downloads (exports, mappings, problem rows): the user's
 * Downloads folder, under a name that never overwrites an earlier file. The operator is
 * told the path and can open the folder (docs/architecture.md, "Downloads").
 */
import { existsSync } from 'node:fs';
import { basename, dirname, extname, join, relative, isAbsolute } from 'node:path';

/** `name.pdf`, then `name (2).pdf`, `name (3).pdf`…: the first that does not exist yet. */
export function uniqueSavePath(folder: string, fileName: string, exists: (path: string) => boolean = existsSync): string {
  // Only the base name: a file name from the renderer never chooses the folder.
  // eslint-disable-next-line no-control-regex -- control characters are what must not reach a file name
  const safe = basename(fileName).replace(/[\u0000-\u001f<>:"/\\|?*]/g, '_') || 'download';
  const ext = extname(safe);
  const stem = safe.slice(0, safe.length - ext.length);
  for (let n = 1; ; n++) {
    const path = join(folder, n === 1 ? safe : `${stem} (${n})${ext}`);
    if (!exists(path)) return path;
  }
}

/** Whether a path the renderer asks to show is a file SimFleet saved there (never anywhere else on disk). */
export function isInside(folder: string, path: string): boolean {
  const rel = relative(folder, path);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) && dirname(join(folder, rel)) === folder;
}
