/** Names made from another file's name: one rule for what its stem is. */

/** A file's name without its last extension (`sims-300.csv` → `sims-300`, `.csv` → nothing). */
export function fileStem(fileName: string): string {
  return fileName.replace(/\.[^.]+$/, '');
}
