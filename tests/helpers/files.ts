/** Every file below a folder (for "the secret is nowhere on disk" checks). */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export function filesBelow(dir: string): string[] {
  const files: string[] = [];
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) files.push(...filesBelow(full));
    else files.push(full);
  }
  return files;
}
